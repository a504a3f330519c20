package com.treasurybatch.shared.payouts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One payout as stored. Money and references only.
 *
 * @param id database id; also the value of the {@value PayoutConventions#PAYOUT_ID_METADATA} metadata on the
 * Stripe transfer and payout
 * @param payeeAccount the payee's Stripe connected account, {@code acct_...}
 * @param businessDate the business date paid (nightly) or requested (instant), in the business zone
 * @param kind nightly or instant
 * @param amountCents minor units, positive
 * @param currency lowercase ISO 4217 code
 * @param status where it stands
 * @param idempotencyKey sent with every Stripe POST made for it (see {@link PayoutConventions#idempotencyKey})
 * @param stripeTransferId {@code tr_...}, or null until Stripe answered
 * @param stripePayoutId {@code po_...} of the payout on the connected account, or null
 * @param amountReversedCents minor units of the transfer reversed so far, 0 to {@code amountCents}
 * @param failureCode Stripe's failure code when FAILED, else null
 * @param failureMessage Stripe's failure message, or null
 * @param holdReasons why it is or was held; empty if never held
 * @param transferJournalId the journal Dr payable Cr cash of the transfer, or null
 * @param failureJournalId the journal Dr payouts_returned Cr payable of a failed bank payout, or null
 * @param createdAt when the row was written (UTC)
 * @param updatedAt when it last changed (UTC)
 */
public record Payout(long id, String payeeAccount, LocalDate businessDate, PayoutKind kind, long amountCents,
		String currency, PayoutStatus status, String idempotencyKey, String stripeTransferId, String stripePayoutId,
		long amountReversedCents, String failureCode, String failureMessage, List<String> holdReasons,
		Long transferJournalId, Long failureJournalId, Instant createdAt, Instant updatedAt) {

	/**
	 * Copies the hold reasons and checks what the row must hold.
	 * @throws IllegalArgumentException if the amount is not positive or more was reversed than transferred
	 */
	public Payout {
		Objects.requireNonNull(payeeAccount, "payeeAccount");
		Objects.requireNonNull(businessDate, "businessDate");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(status, "status");
		holdReasons = List.copyOf(holdReasons);
		if (amountCents <= 0) {
			throw new IllegalArgumentException("Payout " + id + " has a non-positive amount " + amountCents);
		}
		if (amountReversedCents < 0 || amountReversedCents > amountCents) {
			throw new IllegalArgumentException("Payout " + id + " has " + amountReversedCents + " reversed of "
					+ amountCents);
		}
	}

}
