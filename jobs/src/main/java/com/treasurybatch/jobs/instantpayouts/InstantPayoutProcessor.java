package com.treasurybatch.jobs.instantpayouts;

import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.payouts.InstantPayoutRequest;
import com.treasurybatch.shared.payouts.InstantPayoutRequestStatus;
import com.treasurybatch.shared.payouts.InstantPayoutRequests;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutConventions;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.PayoutTransfers;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.PayoutMethod;
import com.treasurybatch.shared.stripe.PayoutRequest;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripePayout;
import com.treasurybatch.shared.stripe.StripeRejectedException;
import com.treasurybatch.shared.stripe.StripeTransientException;

/**
 * Pays one open request, resuming wherever a previous run stopped (its payout row says where):
 * <ol>
 * <li>no payout row: {@link InstantPayoutDecider} rejects it, leaves it waiting, or commits a PENDING {@code instant}
 * payout row;</li>
 * <li>PENDING: the shared {@link PayoutTransfers} (as the nightly job) transfers it to the connected account
 * ({@code POST /v1/transfers}, key {@code <row key>:transfer}) and posts the journal Dr payable Cr platform cash with
 * TRANSFERRED, in one transaction;</li>
 * <li>TRANSFERRED: a payout on the connected account ({@code POST /v1/payouts}, {@code Stripe-Account} header,
 * {@code method=instant}, key {@code <row key>:payout}; docs.stripe.com/connect/instant-payouts). An account without
 * an instant-eligible external account ({@code instant_payouts_unsupported}) is paid out {@code method=standard}
 * instead (key {@code <row key>:payout:standard}) and the request's note says so; then IN_TRANSIT and the request
 * PAID.</li>
 * </ol>
 *
 * <p>Invariants: one transfer and one payout per request (keys derived from the row, which names the request);
 * the request and its row move together. Errors: a transient Stripe failure leaves the request open for the next
 * run; a refusal fails the request with Stripe's code; a database failure fails the step, and the next run replays
 * the same keys.
 */
class InstantPayoutProcessor implements ItemProcessor<InstantPayoutRequest, InstantPayoutOutcome> {

	/** Stripe's error code for an account that cannot be paid instantly. */
	static final String INSTANT_UNSUPPORTED = "instant_payouts_unsupported";

	private final InstantPayoutDecider decider;

	private final InstantPayoutRequests requests;

	private final Payouts payouts;

	private final PayoutTransfers transfers;

	private final StripeGateway stripe;

	private final TransactionTemplate ownTransaction;

	InstantPayoutProcessor(InstantPayoutDecider decider, InstantPayoutRequests requests, Payouts payouts,
			PayoutTransfers transfers, StripeGateway stripe, TransactionTemplate ownTransaction) {
		this.decider = decider;
		this.requests = requests;
		this.payouts = payouts;
		this.transfers = transfers;
		this.stripe = stripe;
		this.ownTransaction = ownTransaction;
	}

	@Override
	public InstantPayoutOutcome process(InstantPayoutRequest item) throws Exception {
		InstantPayoutDecider.Decision decision = this.ownTransaction.execute((status) -> {
			InstantPayoutRequest request = this.requests.findForUpdate(item.id()).orElseThrow();
			if (request.status() != InstantPayoutRequestStatus.REQUESTED) {
				return InstantPayoutDecider.Decision.outcome(new InstantPayoutOutcome(request.id(), "done",
						"already " + request.status()));
			}
			if (request.payoutId() != null) {
				return new InstantPayoutDecider.Decision(request.payoutId(), null);
			}
			return this.decider.decide(request);
		});
		if (decision.outcome() != null) {
			return decision.outcome();
		}
		Payout payout = this.payouts.find(decision.payoutId()).orElseThrow();
		if (payout.status() == PayoutStatus.PENDING) {
			this.transfers.transfer(payout);
			payout = this.payouts.find(payout.id()).orElseThrow();
		}
		return switch (payout.status()) {
			case PENDING -> new InstantPayoutOutcome(item.id(), "deferred",
					"transfer of payout " + payout.id() + " left PENDING; the next run retries it");
			case TRANSFERRED -> payOut(item, payout);
			case IN_TRANSIT, PAID -> paid(item, payout, "instant", null);
			case FAILED -> refuse(item, InstantPayoutRequestStatus.FAILED,
					"transfer_failed: " + payout.failureCode() + " " + payout.failureMessage());
			case HELD, CANCELED, REVERSED -> refuse(item, InstantPayoutRequestStatus.REJECTED,
					"payout_" + payout.status().name().toLowerCase() + ": payout " + payout.id());
		};
	}

	private InstantPayoutOutcome payOut(InstantPayoutRequest request, Payout payout) {
		StripePayout made;
		String note = null;
		try {
			made = create(payout, PayoutMethod.INSTANT, ":payout");
		}
		catch (StripeRejectedException ex) {
			if (!INSTANT_UNSUPPORTED.equals(ex.code())) {
				return refused(request, payout, ex);
			}
			note = INSTANT_UNSUPPORTED + ": the account has no instant-eligible external account; paid out as standard";
			try {
				made = create(payout, PayoutMethod.STANDARD, ":payout:standard");
			}
			catch (StripeRejectedException standard) {
				return refused(request, payout, standard);
			}
			catch (StripeTransientException standard) {
				return deferred(request, standard);
			}
		}
		catch (StripeTransientException ex) {
			return deferred(request, ex);
		}
		StripePayout answered = made;
		if (!answered.account().equals(payout.payeeAccount()) || answered.amount() != payout.amountCents()
				|| !answered.currency().equals(payout.currency())) {
			throw new IllegalStateException("Stripe answered payout " + answered.id() + " (" + answered.amount() + " "
					+ answered.currency() + " on " + answered.account() + ") for payout row " + payout.id());
		}
		String method = answered.method().name().toLowerCase();
		String finalNote = note;
		return this.ownTransaction.execute((status) -> {
			if (!this.payouts.markInTransit(payout.id(), answered.id())) {
				Payout now = this.payouts.find(payout.id()).orElseThrow();
				if (!answered.id().equals(now.stripePayoutId())) {
					throw new IllegalStateException("Payout " + payout.id() + " was paid out as " + answered.id()
							+ " but is now " + now.status() + " with payout " + now.stripePayoutId());
				}
			}
			return paid(request, payout, method, finalNote);
		});
	}

	private StripePayout create(Payout payout, PayoutMethod method, String suffix) {
		return this.stripe.createPayout(
				new PayoutRequest(payout.payeeAccount(), payout.amountCents(), payout.currency(), method,
						Map.of(PayoutConventions.PAYOUT_ID_METADATA, Long.toString(payout.id()),
								PayoutConventions.IDEMPOTENCY_KEY_METADATA, payout.idempotencyKey()),
						"instant payout " + payout.id()),
				new IdempotencyKey(payout.idempotencyKey() + suffix));
	}

	private InstantPayoutOutcome paid(InstantPayoutRequest request, Payout payout, String method, String note) {
		if (!this.requests.markPaid(request.id(), method, note)) {
			return new InstantPayoutOutcome(request.id(), "done", "already settled by another run");
		}
		return new InstantPayoutOutcome(request.id(), "paid",
				payout.amountCents() + " " + payout.currency() + " " + method + ((note != null) ? " (" + note + ")" : ""));
	}

	private InstantPayoutOutcome refused(InstantPayoutRequest request, Payout payout, StripeRejectedException ex) {
		return refuse(request, InstantPayoutRequestStatus.FAILED, "payout_refused: " + ex.code() + " "
				+ ex.failure().message() + "; payout " + payout.id()
				+ " was transferred: the funds are in the connected account's balance and follow its payout schedule");
	}

	private InstantPayoutOutcome deferred(InstantPayoutRequest request, StripeTransientException ex) {
		return new InstantPayoutOutcome(request.id(), "deferred", "HTTP " + ex.httpStatus() + " " + ex.code()
				+ " after " + ex.attempts() + " attempts; the next run replays the same key");
	}

	private InstantPayoutOutcome refuse(InstantPayoutRequest request, InstantPayoutRequestStatus status, String reason) {
		this.ownTransaction.executeWithoutResult((tx) -> this.requests.refuse(request.id(), status, List.of(reason)));
		return new InstantPayoutOutcome(request.id(), status.name().toLowerCase(), reason);
	}

}
