package com.treasurybatch.shared.refunds;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.refunds.RefundRefusedException.Kind;
import com.treasurybatch.shared.sales.ChargeRefunds;
import com.treasurybatch.shared.sales.Order;
import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.RefundRequest;
import com.treasurybatch.shared.stripe.StripeCallException;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeRefund;
import com.treasurybatch.shared.stripe.StripeTransientException;

/**
 * Refunds for the API and the CLI: operators issue them, buyers request them and operators approve or decline.
 * Issuing sends {@code POST /v1/refunds} with the key {@code refund-request:<id>} (docs.stripe.com/api/idempotent_requests),
 * so a retried call, a second approval or a restart refunds once; the ledger books the refund when Stripe's
 * {@code refund.created} arrives. Amounts are checked against what is left of the sale: its amount minus booked
 * refunds (net of failed ones) minus requests approved or issued but not booked yet, under the order's lock.
 * Every change is audited ({@code refund.issue}, {@code refund.request}, {@code refund.approve},
 * {@code refund.decline}), refusals too.
 */
@Service
public class RefundDesk {

	private final RefundRequests requests;

	private final Orders orders;

	private final ChargeRefunds chargeRefunds;

	private final ObjectProvider<StripeGateway> stripe;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * @param requests the requests
	 * @param orders the sales
	 * @param chargeRefunds the booked refunds
	 * @param stripe Stripe (looked up when a refund is sent: contexts without a gateway can still list requests)
	 * @param audit the audit trail
	 * @param transactionManager each change and its audit row commit together
	 * @param clock UTC clock
	 */
	public RefundDesk(RefundRequests requests, Orders orders, ChargeRefunds chargeRefunds,
			ObjectProvider<StripeGateway> stripe,
			AuditLog audit, PlatformTransactionManager transactionManager, Clock clock) {
		this.requests = requests;
		this.orders = orders;
		this.chargeRefunds = chargeRefunds;
		this.stripe = stripe;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * What a refund asks for.
	 * @param clientRequestId the caller's own id (letters, digits, {@code _ - .}, up to 100): a retry names it again
	 * @param paymentIntent {@code pi_...}, or null when {@code charge} is given
	 * @param charge {@code ch_...}, or null when {@code paymentIntent} is given
	 * @param amountCents minor units of the sale's currency, positive
	 * @param reason why, in the requester's words (required)
	 * @param stripeReason Stripe's {@code reason} ({@code duplicate}, {@code fraudulent},
	 * {@code requested_by_customer}), or null
	 */
	public record Ask(String clientRequestId, String paymentIntent, String charge, long amountCents, String reason,
			String stripeReason) {

		/**
		 * Checks the shape.
		 * @throws IllegalArgumentException if a field is missing or malformed
		 */
		public Ask {
			if (clientRequestId == null || !clientRequestId.matches("[A-Za-z0-9_.-]{1,100}")) {
				throw new IllegalArgumentException(
						"request_id must be 1 to 100 letters, digits, '_', '-' or '.', got '" + clientRequestId + "'");
			}
			if ((paymentIntent == null) == (charge == null)) {
				throw new IllegalArgumentException("name either payment_intent (pi_...) or charge (ch_...)");
			}
			if (paymentIntent != null && !paymentIntent.startsWith("pi_")) {
				throw new IllegalArgumentException("payment_intent must be pi_..., got '" + paymentIntent + "'");
			}
			if (charge != null && !charge.startsWith("ch_")) {
				throw new IllegalArgumentException("charge must be ch_..., got '" + charge + "'");
			}
			if (amountCents <= 0) {
				throw new IllegalArgumentException("amount must be positive minor units, got " + amountCents);
			}
			if (reason == null || reason.isBlank() || reason.length() > 1000) {
				throw new IllegalArgumentException("reason is required (1 to 1000 characters)");
			}
			if (stripeReason != null && !List.of("duplicate", "fraudulent", "requested_by_customer")
				.contains(stripeReason)) {
				throw new IllegalArgumentException(
						"stripe_reason must be duplicate, fraudulent or requested_by_customer, got '" + stripeReason
								+ "'");
			}
		}

	}

	/**
	 * An operator's refund, issued at once. A retry with the same client request id and figures answers the same
	 * request (and reaches Stripe, if at all, with the same key).
	 * @param ask what to refund
	 * @param actor the operator
	 * @return the request, ISSUED (or FAILED when Stripe refused)
	 * @throws RefundRefusedException NOT_FOUND (no sale booked), CONFLICT (id reused with other figures),
	 * UNPROCESSABLE (more than is left, or Stripe refused), UNAVAILABLE (Stripe did not answer: retry)
	 */
	public RefundRequestRecord issue(Ask ask, Actor actor) {
		RefundRequestRecord approved = audited(actor, "refund.issue", ask,
				() -> this.transaction.execute((status) -> record(ask, RefundOrigin.OPS, RefundRequestStatus.APPROVED,
						actor)));
		Map<String, Object> parameters = new LinkedHashMap<>(parameters(ask));
		parameters.put("id", approved.id());
		return send(approved, actor, "refund.issue", parameters);
	}

	/**
	 * A buyer's refund request, queued for OPS. A retry with the same client request id answers the same request.
	 * @param ask what to refund
	 * @param actor who asked (the product's service user)
	 * @return the request, REQUESTED
	 * @throws RefundRefusedException as {@link #issue}, but Stripe is not called
	 */
	public RefundRequestRecord request(Ask ask, Actor actor) {
		return audited(actor, "refund.request", ask, () -> this.transaction
			.execute((status) -> record(ask, RefundOrigin.BUYER, RefundRequestStatus.REQUESTED, actor)));
	}

	/**
	 * OPS approves a buyer's request: it is issued as {@link #issue}. Approving an APPROVED request whose Stripe
	 * call did not answer retries it with the same key.
	 * @param id the request
	 * @param actor the operator
	 * @return the request, ISSUED (or FAILED when Stripe refused)
	 * @throws RefundRefusedException NOT_FOUND, CONFLICT (declined or issued already), UNPROCESSABLE (what is left
	 * is less now), UNAVAILABLE
	 */
	public RefundRequestRecord approve(long id, Actor actor) {
		Map<String, Object> parameters = Map.of("id", id);
		RefundRequestRecord approved = audited(actor, "refund.approve", target(id), parameters,
				() -> this.transaction.execute((status) -> {
					RefundRequestRecord request = this.requests.findForUpdate(id).orElseThrow(() -> missing(id));
					if (request.status() == RefundRequestStatus.APPROVED) {
						return request;
					}
					if (request.status() != RefundRequestStatus.REQUESTED) {
						throw new RefundRefusedException(Kind.CONFLICT,
								"refund request " + id + " is " + request.status() + ", not REQUESTED", null);
					}
					checkLeft(lockedSale(request.paymentIntent()), request.amountCents(), id);
					this.requests.decide(id, RefundRequestStatus.REQUESTED, RefundRequestStatus.APPROVED, actor.name(),
							null, this.clock.instant());
					return this.requests.find(id).orElseThrow();
				}));
		return send(approved, actor, "refund.approve", parameters);
	}

	/**
	 * OPS declines a buyer's request.
	 * @param id the request
	 * @param reason why (required, shown to whoever reads the request)
	 * @param actor the operator
	 * @return the request, DECLINED
	 * @throws RefundRefusedException NOT_FOUND, CONFLICT (not REQUESTED)
	 * @throws IllegalArgumentException if the reason is blank
	 */
	public RefundRequestRecord decline(long id, String reason, Actor actor) {
		if (reason == null || reason.isBlank() || reason.length() > 1000) {
			throw new IllegalArgumentException("reason is required (1 to 1000 characters)");
		}
		Map<String, Object> parameters = Map.of("id", id, "reason", reason);
		return audited(actor, "refund.decline", target(id), parameters, () -> this.transaction.execute((status) -> {
			RefundRequestRecord request = this.requests.findForUpdate(id).orElseThrow(() -> missing(id));
			if (!this.requests.decide(id, RefundRequestStatus.REQUESTED, RefundRequestStatus.DECLINED, actor.name(),
					reason, this.clock.instant())) {
				throw new RefundRefusedException(Kind.CONFLICT,
						"refund request " + id + " is " + request.status() + ", not REQUESTED", null);
			}
			return this.requests.find(id).orElseThrow();
		}));
	}

	/**
	 * The Stripe call of an APPROVED request (ISSUED and FAILED ones are answered as they are); every outcome is
	 * audited with the caller's parameters, so a retried call is found under the request id it named.
	 */
	private RefundRequestRecord send(RefundRequestRecord request, Actor actor, String action,
			Map<String, Object> parameters) {
		if (request.status() != RefundRequestStatus.APPROVED) {
			this.transaction.executeWithoutResult((status) -> recordOutcome(actor, action, request, parameters,
					AuditOutcome.OK,
					"retried: request " + request.id() + " is " + request.status() + " already"
							+ ((request.stripeRefundId() != null) ? " (" + request.stripeRefundId() + ")" : "")
							+ ", nothing sent to Stripe"));
			return request;
		}
		Map<String, String> metadata = Map.of("tb_refund_request", Long.toString(request.id()));
		RefundRequest call = new RefundRequest(request.chargeId(),
				(request.chargeId() == null) ? request.paymentIntent() : null, request.amountCents(),
				request.stripeReason(), metadata);
		StripeRefund refund;
		try {
			refund = this.stripe.getObject().createRefund(call, key(request.id()));
		}
		catch (StripeTransientException ex) {
			recordOutcome(actor, action, request, parameters, AuditOutcome.ERROR,
					"Stripe did not answer: " + ex.getMessage());
			throw new RefundRefusedException(Kind.UNAVAILABLE, "Stripe did not answer the refund of request "
					+ request.id() + " (" + ex.getMessage() + "); the same call later retries it with key "
					+ key(request.id()), null);
		}
		catch (StripeCallException ex) {
			String why = "Stripe refused the refund: " + ex.code() + ": " + ex.getMessage();
			this.transaction.executeWithoutResult((status) -> {
				this.requests.failed(request.id(), why);
				this.audit.record(
						new AuditEvent(actor, action, target(request.id()), parameters, AuditOutcome.REFUSED, why));
			});
			throw new RefundRefusedException(Kind.UNPROCESSABLE, why, null);
		}
		return this.transaction.execute((status) -> {
			this.requests.issued(request.id(), refund.id());
			Map<String, Object> sent = new LinkedHashMap<>(parameters);
			sent.put("stripe_refund_id", refund.id());
			this.audit.record(new AuditEvent(actor, action, target(request.id()), sent, AuditOutcome.OK,
					"Stripe refund " + refund.id() + " of " + refund.amount() + " " + refund.currency() + " ("
							+ refund.status() + "); the ledger books it from refund.created"));
			return this.requests.find(request.id()).orElseThrow();
		});
	}

	/** Inserts the request, or finds the one with this client id; checks the amount under the order's lock. */
	private RefundRequestRecord record(Ask ask, RefundOrigin origin, RefundRequestStatus status, Actor actor) {
		RefundRequestRecord existing = this.requests.findByClientId(origin, ask.clientRequestId()).orElse(null);
		if (existing != null) {
			return same(existing, ask);
		}
		String paymentIntent = (ask.paymentIntent() != null) ? ask.paymentIntent() : intentOf(ask.charge());
		Order sale = lockedSale(paymentIntent);
		checkLeft(sale, ask.amountCents(), 0);
		Instant now = this.clock.instant();
		long id = this.requests
			.insert(ask.clientRequestId(), origin, paymentIntent, ask.charge(), ask.amountCents(), sale.currency(),
					ask.reason(), ask.stripeReason(), status, actor.name(), now)
			.orElseThrow(() -> new RefundRefusedException(Kind.CONFLICT,
					"request_id " + ask.clientRequestId() + " is being recorded by another call: retry", null));
		if (status == RefundRequestStatus.APPROVED) {
			this.requests.decide(id, RefundRequestStatus.APPROVED, RefundRequestStatus.APPROVED, actor.name(), null,
					now);
		}
		return this.requests.find(id).orElseThrow();
	}

	private static RefundRequestRecord same(RefundRequestRecord existing, Ask ask) {
		boolean sameTarget = (ask.paymentIntent() != null) ? ask.paymentIntent().equals(existing.paymentIntent())
				: ask.charge().equals(existing.chargeId());
		if (!sameTarget || existing.amountCents() != ask.amountCents()
				|| !Objects.equals(existing.stripeReason(), ask.stripeReason())) {
			throw new RefundRefusedException(Kind.CONFLICT, "request_id " + ask.clientRequestId()
					+ " was used for refund request " + existing.id() + " of " + existing.amountCents() + " "
					+ existing.currency() + " on " + existing.paymentIntent() + ": use a new request_id", null);
		}
		return existing;
	}

	private String intentOf(String charge) {
		try {
			String intent = this.stripe.getObject().retrieveCharge(charge).paymentIntent();
			if (intent == null) {
				throw new RefundRefusedException(Kind.NOT_FOUND, "charge " + charge + " has no PaymentIntent", null);
			}
			return intent;
		}
		catch (StripeTransientException ex) {
			throw new RefundRefusedException(Kind.UNAVAILABLE, "Stripe did not answer for charge " + charge, null);
		}
		catch (StripeCallException ex) {
			throw new RefundRefusedException(Kind.NOT_FOUND, "Stripe knows no charge " + charge, null);
		}
	}

	private Order lockedSale(String paymentIntent) {
		List<Order> sales = this.orders.findByPaymentIntentForUpdate(paymentIntent);
		if (sales.isEmpty() || sales.get(0).journalId() == null) {
			throw new RefundRefusedException(Kind.NOT_FOUND, "no sale is booked for " + paymentIntent, null);
		}
		if (sales.size() > 1) {
			throw new RefundRefusedException(Kind.CONFLICT, paymentIntent + " paid more than one order", null);
		}
		return sales.get(0);
	}

	/** Refuses an amount over what is left: the sale minus booked refunds minus in-flight requests. */
	private void checkLeft(Order sale, long amountCents, long exceptId) {
		long booked = this.chargeRefunds.bookedCentsForSale(sale.saleKey());
		long inFlight = this.requests.inFlightCents(sale.paymentIntent(), exceptId);
		long left = sale.amountTotalCents() - booked - inFlight;
		if (amountCents > left) {
			throw new RefundRefusedException(Kind.UNPROCESSABLE, "a refund of " + amountCents + " " + sale.currency()
					+ " is more than what is left of sale " + sale.saleKey() + ": " + left + " = "
					+ sale.amountTotalCents() + " paid - " + booked + " refunded - " + inFlight
					+ " approved and not yet booked", left);
		}
	}

	private <T> T audited(Actor actor, String action, Ask ask, java.util.function.Supplier<T> work) {
		String target = (ask.paymentIntent() != null) ? ask.paymentIntent() : ask.charge();
		return audited(actor, action, target, parameters(ask), work);
	}

	/** What the caller asked, as audited: request id, sale, amount and reason. */
	private static Map<String, Object> parameters(Ask ask) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("request_id", ask.clientRequestId());
		parameters.put("payment_intent", ask.paymentIntent());
		parameters.put("charge", ask.charge());
		parameters.put("amount", ask.amountCents());
		parameters.put("reason", ask.reason());
		parameters.values().removeIf(Objects::isNull);
		return parameters;
	}

	private <T> T audited(Actor actor, String action, String target, Map<String, ?> parameters,
			java.util.function.Supplier<T> work) {
		try {
			T result = work.get();
			if (result instanceof RefundRequestRecord request && !action.equals("refund.issue")
					&& !action.equals("refund.approve")) {
				this.audit.record(new AuditEvent(actor, action, target(request.id()), parameters, AuditOutcome.OK,
						request.status().name()));
			}
			return result;
		}
		catch (RefundRefusedException ex) {
			this.audit.record(new AuditEvent(actor, action, target, parameters, AuditOutcome.REFUSED, ex.getMessage()));
			throw ex;
		}
	}

	private void recordOutcome(Actor actor, String action, RefundRequestRecord request, Map<String, ?> parameters,
			AuditOutcome outcome, String detail) {
		this.audit.record(new AuditEvent(actor, action, target(request.id()), parameters, outcome, detail));
	}

	private static RefundRefusedException missing(long id) {
		return new RefundRefusedException(Kind.NOT_FOUND, "no refund request " + id, null);
	}

	private static String target(long id) {
		return "refund_request:" + id;
	}

	/** The Stripe idempotency key of a request. */
	static IdempotencyKey key(long id) {
		return IdempotencyKey.of("refund-request", Long.toString(id));
	}

}
