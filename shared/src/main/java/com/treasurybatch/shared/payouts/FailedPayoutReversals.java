package com.treasurybatch.shared.payouts;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.IdempotencyKeyReusedException;
import com.treasurybatch.shared.stripe.ReversalRequest;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeRejectedException;
import com.treasurybatch.shared.stripe.StripeReversal;
import com.treasurybatch.shared.stripe.StripeTransientException;

/**
 * Undoes the transfer of a payout whose bank payout failed: for each OPEN {@link PayoutFailure}, a reversal of the
 * returned amount ({@code POST /v1/transfers/{id}/reversals}, docs.stripe.com/api/transfer_reversals/create) with
 * the key {@link PayoutFailure#reversalKey} and the {@link PayoutConventions} metadata; the failure becomes
 * REVERSAL_MADE. The payable is credited by inbox-processing when {@code transfer.reversed} arrives, never here:
 * the ledger follows what Stripe did.
 *
 * <p>Why this cannot pay twice: the money is taken back from the connected account's balance only if it is still
 * there (Stripe refuses a reversal the balance cannot cover, or one beyond what is left of the transfer), so either
 * the payee keeps it (Stripe paid it out another way: REVERSAL_REFUSED, CRITICAL alert, nothing credited) or it is
 * back at the platform and owed again (the next night pays it once). One reversal per failed payout and attempt
 * (the key); a replayed attempt after Stripe pruned its key asks for a second reversal of a transfer already
 * reversed by that amount, which Stripe refuses.
 */
public class FailedPayoutReversals {

	private static final Logger log = LoggerFactory.getLogger(FailedPayoutReversals.class);

	/** Metadata key on the reversal naming the failed payout it undoes. */
	public static final String FAILED_PAYOUT_METADATA = "tb_failed_payout";

	private final StripeGateway stripe;

	private final Payouts payouts;

	private final PayoutFailures failures;

	private final Alerts alerts;

	private final TransactionTemplate ownTransaction;

	/**
	 * @param stripe the gateway
	 * @param payouts the payout rows
	 * @param failures the failed bank payouts
	 * @param alerts refused reversals
	 * @param ownTransaction a REQUIRES_NEW template: each recorded answer commits on its own
	 */
	public FailedPayoutReversals(StripeGateway stripe, Payouts payouts, PayoutFailures failures, Alerts alerts,
			TransactionTemplate ownTransaction) {
		this.stripe = stripe;
		this.payouts = payouts;
		this.failures = failures;
		this.alerts = alerts;
		this.ownTransaction = ownTransaction;
	}

	/**
	 * Requests the reversal of every OPEN failure, oldest first.
	 * @param limitMax at most this many, 1 to {@value PayoutFailures#LIST_LIMIT_MAX}
	 * @return how many reversals Stripe made in this call
	 * @throws IllegalStateException if Stripe's reversal does not match the failure
	 */
	public int reverseOpen(int limitMax) {
		int made = 0;
		for (PayoutFailure failure : this.failures.open(limitMax)) {
			if (reverse(failure)) {
				made++;
			}
		}
		return made;
	}

	private boolean reverse(PayoutFailure failure) {
		Payout payout = this.payouts.find(failure.payoutId()).orElseThrow();
		long left = payout.amountCents() - payout.amountReversedCents();
		long amount = Math.min(failure.amountCents(), left);
		if (amount <= 0) {
			refused(failure, "nothing_to_reverse", "transfer " + payout.stripeTransferId() + " is reversed already");
			return false;
		}
		StripeReversal reversal;
		try {
			reversal = this.stripe.reverseTransfer(
					new ReversalRequest(payout.stripeTransferId(), amount,
							Map.of(PayoutConventions.PAYOUT_ID_METADATA, Long.toString(payout.id()),
									PayoutConventions.IDEMPOTENCY_KEY_METADATA, payout.idempotencyKey(),
									FAILED_PAYOUT_METADATA, failure.stripePayoutId())),
					new IdempotencyKey(failure.reversalKey(payout.idempotencyKey())));
		}
		catch (StripeTransientException ex) {
			log.warn("Reversal for failed payout {} (payout row {}) deferred: {}", failure.stripePayoutId(),
					payout.id(), ex.getMessage());
			return false;
		}
		catch (StripeRejectedException | IdempotencyKeyReusedException ex) {
			refused(failure, (ex.code() != null) ? ex.code() : "stripe_rejected", ex.failure().message());
			return false;
		}
		if (!reversal.transferId().equals(payout.stripeTransferId()) || reversal.amount() != amount) {
			throw new IllegalStateException("Stripe answered reversal " + reversal.id() + " (" + reversal.amount()
					+ " of " + reversal.transferId() + ") for failed payout " + failure.stripePayoutId() + " ("
					+ amount + " of " + payout.stripeTransferId() + ")");
		}
		this.ownTransaction.executeWithoutResult((status) -> {
			if (!this.failures.markReversalMade(failure.stripePayoutId(), reversal.id())) {
				PayoutFailure now = this.failures.find(failure.stripePayoutId()).orElseThrow();
				if (!reversal.id().equals(now.stripeReversalId())) {
					throw new IllegalStateException("Failed payout " + failure.stripePayoutId() + " reversed as "
							+ reversal.id() + " but is now " + now.status() + " with " + now.stripeReversalId());
				}
			}
		});
		log.info("Failed payout {}: transfer {} reversed by {} ({} {}); transfer.reversed credits the payable",
				failure.stripePayoutId(), payout.stripeTransferId(), reversal.id(), amount, payout.currency());
		return true;
	}

	private void refused(PayoutFailure failure, String code, String message) {
		String error = code + ((message != null) ? " " + message : "");
		this.ownTransaction.executeWithoutResult((status) -> {
			this.failures.markReversalRefused(failure.stripePayoutId(), error);
			this.alerts.raise(Severity.CRITICAL, "payout_reversal_refused", failure.payeeAccount(),
					"Payout " + failure.stripePayoutId() + " (payout row " + failure.payoutId() + ", "
							+ failure.amountCents() + " " + failure.currency() + ") failed at the bank and Stripe "
							+ "refused to reverse its transfer: " + error + ". Nothing was credited to the payee; "
							+ "check the connected account's balance, then `payouts retry " + failure.payoutId()
							+ "` to try again",
					"payout_reversal_refused:" + failure.stripePayoutId() + ":" + failure.reversalAttempt());
		});
	}

}
