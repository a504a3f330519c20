package com.treasurybatch.shared.payouts;

import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import com.treasurybatch.shared.ledger.LedgerAccounts;

/**
 * What ties a Stripe object to its payout row. The payout jobs follow these when they call Stripe; the inbox
 * handlers rely on them when Stripe's events come back.
 *
 * <ul>
 * <li>Every transfer ({@code POST /v1/transfers}) and every payout on a connected account ({@code POST /v1/payouts}
 * with {@code Stripe-Account}) made for a row carries the metadata {@value #PAYOUT_ID_METADATA} = the row's id
 * (decimal) and {@value #IDEMPOTENCY_KEY_METADATA} = its idempotency key; the transfer's
 * {@code transfer_group} is the idempotency key too.</li>
 * <li>Every such POST sends the row's idempotency key as {@code Idempotency-Key}, suffixed {@code :transfer} or
 * {@code :payout} (Stripe refuses one key for two different requests).</li>
 * <li>Events are matched by Stripe id first ({@code stripe_transfer_id}, {@code stripe_payout_id}), then by the
 * {@value #PAYOUT_ID_METADATA} metadata (an answer lost in a crash leaves the row without the Stripe id). A
 * transfer or payout with neither is not ours (made by hand in the Dashboard, or an automatic payout of the
 * connected account).</li>
 * </ul>
 */
public final class PayoutConventions {

	/** Metadata key holding the payout row id on Stripe transfers and payouts. */
	public static final String PAYOUT_ID_METADATA = "tb_payout_id";

	/** Metadata key holding the payout row's idempotency key. */
	public static final String IDEMPOTENCY_KEY_METADATA = "tb_idempotency_key";

	private static final Pattern ROW_ID = Pattern.compile("[1-9][0-9]{0,17}");

	private PayoutConventions() {
	}

	/**
	 * The idempotency key of a payout: derived from what it pays, never random, so a retry or a restart replays
	 * the same Stripe request.
	 * @param payeeAccount {@code acct_...}
	 * @param businessDate the business date
	 * @param kind nightly or instant
	 * @param currency lowercase ISO 4217 code
	 * @return {@code payout:<kind>:<acct>:<currency>:<yyyy-mm-dd>}, e.g.
	 * {@code payout:nightly:acct_1IuHosQveW0ONQsd:usd:2026-11-20}
	 * @throws IllegalArgumentException if the payee is not a connected account id
	 */
	public static String idempotencyKey(String payeeAccount, LocalDate businessDate, PayoutKind kind,
			String currency) {
		if (!LedgerAccounts.isConnectedAccountId(payeeAccount)) {
			throw new IllegalArgumentException("A payee must be a connected account id, got '" + payeeAccount + "'");
		}
		return "payout:" + kind.code() + ":" + payeeAccount + ":" + currency + ":" + businessDate;
	}

	/**
	 * The payout row id a Stripe object's metadata names.
	 * @param metadata the transfer's or payout's metadata
	 * @return the row id; empty when the metadata names none
	 * @throws IllegalArgumentException if {@value #PAYOUT_ID_METADATA} is there but not a row id
	 */
	public static OptionalLong payoutId(Map<String, String> metadata) {
		String value = metadata.get(PAYOUT_ID_METADATA);
		if (value == null) {
			return OptionalLong.empty();
		}
		if (!ROW_ID.matcher(value).matches()) {
			throw new IllegalArgumentException("metadata " + PAYOUT_ID_METADATA + " '" + value
					+ "' is not a payout row id");
		}
		return OptionalLong.of(Long.parseLong(value));
	}

}
