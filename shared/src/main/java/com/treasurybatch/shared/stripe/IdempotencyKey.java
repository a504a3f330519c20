package com.treasurybatch.shared.stripe;

import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} of a Stripe POST, derived from what the call does and never random, so that a
 * retry, a restart after a crash or another node sends the same key and Stripe replays the first result
 * instead of performing the operation twice (docs.stripe.com/api/idempotent_requests: results are kept at least
 * 24 hours; the same key with other parameters is an {@code idempotency_error}; keys are up to 255 characters).
 *
 * <p>Scheme: {@code <effect>:<part>:<part>...}, the effect first ({@code transfer}, {@code reversal},
 * {@code payout}), then what makes that effect unique: the payee's account or payout row, the business date,
 * the purpose. Examples: {@code payout:acct_X:2026-11-20:nightly}, {@code transfer:acct_X:2026-11-20:nightly},
 * {@code reversal:tr_X:refund:re_Y}. Never put an attempt number, a clock reading or a random value in a key.
 *
 * @param value the header value: letters, digits and {@code _ - .} in parts joined by {@code :}, at most 255
 * characters
 */
public record IdempotencyKey(String value) {

	/** Stripe's longest key, in characters. */
	public static final int LENGTH_MAX = 255;

	private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]+");

	private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)+");

	/**
	 * Checks the shape.
	 * @throws IllegalArgumentException if the value does not follow the scheme or is too long
	 */
	public IdempotencyKey {
		Objects.requireNonNull(value, "value");
		if (value.length() > LENGTH_MAX || !VALUE.matcher(value).matches()) {
			throw new IllegalArgumentException("Not an idempotency key of the form effect:part[:part...] of at most "
					+ LENGTH_MAX + " characters: '" + value + "'");
		}
	}

	/**
	 * Builds a key from the effect and the parts that make it unique.
	 * @param effect what the call does, e.g. {@code payout}
	 * @param parts at least one, e.g. {@code acct_X}, {@code 2026-11-20}, {@code nightly}; none may contain
	 * {@code :} or blanks
	 * @throws IllegalArgumentException if a part is empty or has other characters, or the key is too long
	 */
	public static IdempotencyKey of(String effect, String... parts) {
		StringJoiner joined = new StringJoiner(":");
		joined.add(checkedPart(effect));
		for (String part : parts) {
			joined.add(checkedPart(part));
		}
		return new IdempotencyKey(joined.toString());
	}

	private static String checkedPart(String part) {
		if (part == null || !PART.matcher(part).matches()) {
			throw new IllegalArgumentException(
					"An idempotency key part must be letters, digits, '_', '-' or '.': '" + part + "'");
		}
		return part;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
