package com.treasurybatch.launcher.webhooks;

import java.util.Arrays;
import java.util.List;

/**
 * The Stripe signing secrets the receiver accepts (several while a secret is being rolled), and where they
 * came from.
 *
 * @param values the secrets, {@code whsec_...}, at least one, in the order given
 * @param origin where they came from, for the start-up line (never contains a secret)
 * @param generated {@code true} for the embedded default: a secret generated and kept under {@code TREASURY_HOME}
 */
public record WebhookSecrets(List<String> values, String origin, boolean generated) {

	/** Copies the list; refuses an empty one. */
	public WebhookSecrets {
		values = List.copyOf(values);
		if (values.isEmpty()) {
			throw new IllegalArgumentException("no webhook signing secret in " + origin);
		}
	}

	/**
	 * Splits a comma-separated list of secrets, trimming blanks.
	 * @param commaSeparated e.g. {@code whsec_new,whsec_old}
	 * @param origin where the list came from
	 * @throws IllegalArgumentException if the list holds no secret
	 */
	public static WebhookSecrets parse(String commaSeparated, String origin) {
		List<String> values = Arrays.stream(commaSeparated.split(","))
			.map(String::strip)
			.filter((value) -> !value.isEmpty())
			.toList();
		return new WebhookSecrets(values, origin, false);
	}

}
