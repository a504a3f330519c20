package com.treasurybatch.shared.payouts;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * An operator's review of a held payout, audited as {@code payout.release} or {@code payout.cancel} (refusals
 * too): release (HELD to PENDING: the next nightly-payouts run pays it, with its own idempotency key) or cancel (to
 * CANCELED: never paid; the amount stays in the payee's payable and is available again to later runs).
 */
@Service
public class PayoutReviews {

	private final Payouts payouts;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	/**
	 * @param payouts the payout rows
	 * @param audit the audit trail
	 * @param transactionManager each review and its audit row commit together
	 */
	public PayoutReviews(Payouts payouts, AuditLog audit, PlatformTransactionManager transactionManager) {
		this.payouts = payouts;
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

	private Payout review(long id, Actor actor, String action, String from, BooleanSupplier move) {
		String target = "payout:" + id;
		PayoutReviewRefusedException refused = this.transaction.execute((status) -> {
			Payout before = this.payouts.findForUpdate(id).orElse(null);
			if (before == null) {
				return new PayoutReviewRefusedException("no payout with id " + id, true);
			}
			Map<String, Object> parameters = Map.of("payee", before.payeeAccount(), "amount", before.amountCents(),
					"currency", before.currency(), "date", before.businessDate().toString());
			if (!move.getAsBoolean()) {
				return new PayoutReviewRefusedException("payout " + id + " is " + before.status() + ", not " + from,
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
