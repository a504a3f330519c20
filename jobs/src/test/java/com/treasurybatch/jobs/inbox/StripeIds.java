package com.treasurybatch.jobs.inbox;

import java.util.Random;

/** Ids shaped like Stripe's (prefix and length), from a seeded generator so test data is repeatable. */
final class StripeIds {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final Random random;

	StripeIds(long seed) {
		this.random = new Random(seed);
	}

	/** {@code evt_1Q} and 22 characters, like {@code evt_1Q2fklBrSjgsps2Dx0mEXsXv}. */
	String event() {
		return "evt_1Q" + text(22);
	}

	/** {@code cs_test_a1} and 58 characters. */
	String checkoutSession() {
		return "cs_test_a1" + text(58);
	}

	/** {@code pi_3Q} and 22 characters. */
	String paymentIntent() {
		return "pi_3Q" + text(22);
	}

	/** {@code ch_3Q} and 22 characters. */
	String charge() {
		return "ch_3Q" + text(22);
	}

	/** {@code txn_3Q} and 22 characters. */
	String balanceTransaction() {
		return "txn_3Q" + text(22);
	}

	/** {@code acct_1Q} and 14 characters, like {@code acct_1IuHosQveW0ONQsd}. */
	String account() {
		return "acct_1Q" + text(14);
	}

	String text(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

}
