package com.treasurybatch.shared.payouts;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * An operator's review of a payout, audited as {@code payout.release}, {@code payout.cancel} or
 * {@code payout.retry} (refusals too): retry a FAILED payout ({@link #retry}); release (HELD to PENDING: the next nightly-payouts run pays it, with its own idempotency key) or cancel (to
 * CANCELED: never paid; the amount stays in the payee's payable and is available again to later runs).
 */
@Service
public class PayoutReviews {

	private final Payouts payouts;

	private final PayoutFailures failures;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	/**
	 * @param payouts the payout rows
	 * @param failures the failed bank payouts
	 * @param audit the audit trail
	 * @param transactionManager each review and its audit row commit together
	 */
	public PayoutReviews(Payouts payouts, PayoutFailures failures, AuditLog audit,
			PlatformTransactionManager transactionManager) {
		this.payouts = payouts;
		this.failures = failures;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * HELD to PENDING.
	 * @param id payout row id
	 * @param actor who asked, and through which channel
	 * @return the payout after the move
	 * @throws PayoutReviewRefusedException if there is no such payout or it is not HELD
	 */
	public Payout release(long id, Actor actor) {
		return review(id, actor, "payout.release", "HELD", () -> this.payouts.release(id));
	}

	/**
	 * PENDING, HELD or FAILED without a transfer to CANCELED.
	 * @param id payout row id
	 * @param actor who asked, and through which channel
	 * @return the payout after the move
	 * @throws PayoutReviewRefusedException if there is no such payout or money was moved for it
	 */
	public Payout cancel(long id, Actor actor) {
		return review(id, actor, "payout.cancel", "PENDING, HELD or FAILED before a transfer",
				() -> this.payouts.cancel(id));
	}

	/**
	 * Tries a FAILED payout again, audited as {@code payout.retry}, in the one way that cannot pay it twice:
	 * <ul>
	 * <li>a transfer Stripe refused (nothing moved): FAILED to PENDING ({@link Payouts#retry}), refused once a later
	 * payout of the payee and currency exists, since that one paid or claimed the amount;</li>
	 * <li>a bank payout that failed and whose transfer reversal Stripe refused: the reversal is asked again as a new
	 * attempt ({@link PayoutFailures#reopen}); instant-payouts makes it within a minute, and the payable is credited
	 * only when {@code transfer.reversed} arrives.</li>
	 * </ul>
	 * A failed bank payout whose reversal is OPEN or made needs nothing: refused with the reason.
	 * @param id payout row id
	 * @param actor who asked, and through which channel
	 * @return the payout after the move
	 * @throws PayoutReviewRefusedException if there is no such payout or it cannot be retried (the message says why)
	 */
	public Payout retry(long id, Actor actor) {
		String[] why = { "not FAILED" };
		return review(id, actor, "payout.retry", "retryable", () -> {
			Payout payout = this.payouts.find(id).orElseThrow();
			if (payout.status() != PayoutStatus.FAILED) {
				why[0] = "not FAILED";
				return false;
			}
			if (payout.stripeTransferId() == null) {
				if (this.payouts.retry(id)) {
					return true;
				}
				why[0] = "a later payout " + this.payouts.laterPayout(id).map((later) -> later.id() + " ("
						+ later.status() + ", " + later.businessDate() + ")").orElse("") + " already paid or claims "
						+ "its amount";
				return false;
			}
			PayoutFailure failure = this.failures.forPayout(id).orElse(null);
			if (failure == null) {
				why[0] = "its bank payout failure is not recorded";
				return false;
			}
			if (this.failures.reopen(id)) {
				return true;
			}
			why[0] = (failure.status() == PayoutFailureStatus.OPEN)
					? "the reversal of its transfer is due: instant-payouts makes it on its next run"
					: "its transfer was reversed (" + failure.stripeReversalId() + "): transfer.reversed credits the "
							+ "payable and the next nightly-payouts run pays it";
			return false;
		}, () -> why[0]);
	}

	private Payout review(long id, Actor actor, String action, String from, BooleanSupplier move) {
		return review(id, actor, action, from, move, () -> "not " + from);
	}

	private Payout review(long id, Actor actor, String action, String from, BooleanSupplier move,
			Supplier<String> why) {
		String target = "payout:" + id;
		PayoutReviewRefusedException refused = this.transaction.execute((status) -> {
			Payout before = this.payouts.findForUpdate(id).orElse(null);
			if (before == null) {
				return new PayoutReviewRefusedException("no payout with id " + id, true);
			}
			Map<String, Object> parameters = Map.of("payee", before.payeeAccount(), "amount", before.amountCents(),
					"currency", before.currency(), "date", before.businessDate().toString());
			if (!move.getAsBoolean()) {
				return new PayoutReviewRefusedException("payout " + id + " is " + before.status() + ", " + why.get(),
						false);
			}
			this.audit.record(new AuditEvent(actor, action, target, parameters, AuditOutcome.OK,
					"was " + before.status()));
			return null;
		});
		if (refused != null) {
			this.transaction.executeWithoutResult((status) -> this.audit.record(new AuditEvent(actor, action, target,
					Map.of(), AuditOutcome.REFUSED, refused.getMessage())));
			throw refused;
		}
		return this.payouts.find(id).orElseThrow();
	}

}
