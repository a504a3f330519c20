package com.treasurybatch.shared.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stripe webhook events as Stripe sends them, one per kind, in the API versions seen in production (2018-02-28,
 * 2020-03-02, 2020-08-27, 2026-04-22.dahlia), from {@code classpath:stripe/events/<type>.json}. Ids are test
 * ids of this project; shapes follow real captured events.
 */
public final class StripeFixtures {

	/** The fixture names, each an event type: {@code bytes(name)} loads it. */
	public static final List<String> ALL = List.of("account.updated", "charge.dispute.created", "charge.refunded",
			"checkout.session.completed", "payout.created", "payout.failed", "payout.paid", "transfer.created",
			"transfer.reversed");

	private StripeFixtures() {
	}

	/**
	 * The fixture's bytes, unchanged (what a test posts and signs).
	 * @param name an entry of {@link #ALL}, e.g. {@code checkout.session.completed}
	 * @throws IllegalArgumentException if there is no such fixture
	 */
	public static byte[] bytes(String name) {
		String resource = "/stripe/events/" + name + ".json";
		try (InputStream in = StripeFixtures.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("no Stripe fixture " + resource);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The fixture as UTF-8 text. */
	public static String text(String name) {
		return new String(bytes(name), StandardCharsets.UTF_8);
	}

}
