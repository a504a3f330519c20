package com.treasurybatch.jobs.inbox.handlers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.sales.SplitRuleAt;
import com.treasurybatch.shared.sales.SplitRuleVersion;

/**
 * Books Checkout Sessions: {@code checkout.session.completed}, {@code checkout.session.async_payment_succeeded} and
 * {@code checkout.session.async_payment_failed} (docs.stripe.com/api/checkout/sessions/object,
 * docs.stripe.com/payments/checkout/fulfill-orders, delayed notification payment methods).
 *
 * <p>The sale ({@link SaleBooking}) is keyed so that every event about the same payment books it once:
 * <ul>
 * <li>mode {@code payment}: the session's {@code payment_intent} ({@code pi_...}; a webhook never expands it), so
 * a {@code payment_intent.succeeded} naming the same PaymentIntent books nothing more; a session without one (it
 * charged nothing) is keyed by its own id;</li>
 * <li>mode {@code subscription}: the session's first {@code invoice} ({@code in_...}; {@code payment_intent} is null
 * in this mode), so the first {@code invoice.paid} books nothing more. The session's metadata is used only when it
 * names who is paid; otherwise {@code invoice.paid} books the invoice from the subscription's metadata;</li>
 * <li>mode {@code setup}: no money, IGNORED.</li>
 * </ul>
 * Tax: {@code total_details.amount_tax} goes to {@code platform:tax_payable}; the platform fee and the payees' shares
 * are computed without it. A session still {@code unpaid} (a delayed payment method) gives an AWAITING_PAYMENT order
 * and no journal; {@code async_payment_succeeded} books it; {@code async_payment_failed} closes the order
 * (PAYMENT_FAILED) and its draft order. A paid session also converts its ticket hold and completes its draft order
 * ({@link CheckoutOutcomes}). Sessions of a connected account (a direct charge is that account's money) are IGNORED.
 */
@Component
class CheckoutSessionHandler implements EventHandler {

	static final String COMPLETED = "checkout.session.completed";

	static final String ASYNC_PAYMENT_SUCCEEDED = "checkout.session.async_payment_succeeded";

	static final String ASYNC_PAYMENT_FAILED = "checkout.session.async_payment_failed";

	private final SaleBooking sales;

	private final Orders orders;

	private final CheckoutOutcomes outcomes;

	CheckoutSessionHandler(SaleBooking sales, Orders orders, CheckoutOutcomes outcomes) {
		this.sales = sales;
		this.orders = orders;
		this.outcomes = outcomes;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(COMPLETED, ASYNC_PAYMENT_SUCCEEDED, ASYNC_PAYMENT_FAILED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		Session read = read(event);
		if (read == null) {
			return HandlerOutcome.IGNORED;
		}
		if (ASYNC_PAYMENT_FAILED.equals(event.type())) {
			this.orders.markPaymentFailed(read.sale().saleKey(), read.sale().paymentStatus(), event.created());
			this.outcomes.paymentFailed(event, read.session());
			return HandlerOutcome.PROCESSED;
		}
		if (!read.paid()) {
			if (ASYNC_PAYMENT_SUCCEEDED.equals(event.type())) {
				throw new InapplicableEventException(
						event.type() + " for " + read.sale().checkoutSessionId() + " says payment_status unpaid");
			}
			if (read.booksHere()) {
				this.sales.awaiting(read.sale());
			}
			return HandlerOutcome.PROCESSED;
		}
		if (read.booksHere()) {
			this.sales.paid(event, read.sale());
		}
		this.outcomes.paid(event, read.session());
		return HandlerOutcome.PROCESSED;
	}

	/**
	 * Applies a run of session events in a few statements: paid sessions are read and checked one by one, then
	 * their journals, orders, buyers, draft orders and recovery-email cancellations are written one statement per
	 * table. Any other event (unpaid, failed, ignored) and a second event about a sale already in the run first
	 * writes what is pending, then is applied alone, so the result is that of {@link #handle} on each in order. The
	 * split rule versions the run's paid sales name are read first, in one query.
	 */
	@Override
	public List<HandlerOutcome> handleAll(List<ParsedStripeEvent> events) {
		// read every session first (no writes), so that the split rules the run's sales name are read in one query
		List<Session> sessions = new ArrayList<>(events.size());
		List<SplitRuleAt> rules = new ArrayList<>();
		for (ParsedStripeEvent event : events) {
			Session read;
			try {
				read = read(event);
			}
			catch (InapplicableEventException ex) {
				break; // read again below, where it throws in its place
			}
			sessions.add(read);
			if (read != null && read.paid() && read.booksHere() && !ASYNC_PAYMENT_FAILED.equals(event.type())) {
				SaleBooking.ruleLookup(event, read.sale()).ifPresent(rules::add);
			}
		}
		Map<SplitRuleAt, Optional<SplitRuleVersion>> inForce = this.sales.rulesInForce(rules);
		List<HandlerOutcome> results = new ArrayList<>(events.size());
		PaidRun run = new PaidRun();
		for (int i = 0; i < events.size(); i++) {
			ParsedStripeEvent event = events.get(i);
			Session read = (i < sessions.size()) ? sessions.get(i) : read(event);
			boolean batchable = read != null && read.paid() && !ASYNC_PAYMENT_FAILED.equals(event.type());
			if (!batchable || run.saleKeys.contains(read.sale().saleKey())) {
				run.write();
			}
			if (!batchable) {
				results.add((read == null) ? HandlerOutcome.IGNORED : handle(event));
				continue;
			}
			run.saleKeys.add(read.sale().saleKey());
			if (read.booksHere()) {
				run.sales.add(this.sales.prepare(event, read.sale(), inForce));
			}
			run.checkouts.add(this.outcomes.preparePaid(event, read.session()));
			results.add(HandlerOutcome.PROCESSED);
		}
		run.write();
		return results;
	}

	/** Paid sessions read and checked, not yet written. */
	private final class PaidRun {

		final Set<String> saleKeys = new HashSet<>();

		final List<SaleBooking.PreparedSale> sales = new ArrayList<>();

		final List<CheckoutOutcomes.PaidCheckout> checkouts = new ArrayList<>();

		void write() {
			CheckoutSessionHandler.this.sales.bookAll(this.sales);
			CheckoutSessionHandler.this.outcomes.paidAll(this.checkouts);
			this.saleKeys.clear();
			this.sales.clear();
			this.checkouts.clear();
		}

	}

	/**
	 * A session event read and checked.
	 * @param session the {@code checkout.session} object
	 * @param sale the sale it reports
	 * @param paid whether its payment is in ({@code paid} or {@code no_payment_required})
	 * @param booksHere whether this event books the sale (a subscription's session books it only when its metadata
	 * names who is paid)
	 */
	private record Session(JsonNode session, SaleBooking.ReportedSale sale, boolean paid, boolean booksHere) {
	}

	/**
	 * Reads and checks a session event, writing nothing.
	 * @return the session, or null when the event concerns nothing here (a connected account's session, setup mode)
	 * @throws InapplicableEventException if the event breaks Stripe's shapes
	 */
	private static Session read(ParsedStripeEvent event) {
		if (event.account() != null) {
			return null;
		}
		JsonNode session = event.object();
		EventJson.requireObjectType(session, "checkout.session");
		String sessionId = EventJson.requireText(session, "id");
		if (!sessionId.startsWith("cs_")) {
			throw new InapplicableEventException("Checkout Session id " + sessionId + " does not start with cs_");
		}
		String mode = EventJson.requireText(session, "mode");
		if ("setup".equals(mode)) {
			return null;
		}
		if (!"payment".equals(mode) && !"subscription".equals(mode)) {
			throw new InapplicableEventException("Unknown mode " + mode + " of " + sessionId);
		}
		long amountTotal = EventJson.requireLong(session, "amount_total");
		String paymentStatus = EventJson.requireText(session, "payment_status");
		boolean paid = switch (paymentStatus) {
			case "paid" -> true;
			case "unpaid" -> false;
			case "no_payment_required" -> {
				if (amountTotal != 0) {
					throw new InapplicableEventException(
							sessionId + " needs no payment but has amount_total " + amountTotal);
				}
				yield true;
			}
			default -> throw new InapplicableEventException("Unknown payment_status " + paymentStatus + " in " + sessionId);
		};
		Map<String, String> metadata = EventJson.metadata(session);
		String invoice = StripeIdField.id(session, "invoice");
		boolean subscription = "subscription".equals(mode);
		boolean booksHere = !subscription || (invoice != null && SaleBooking.namesASale(metadata));
		return new Session(session, reported(session, sessionId, subscription, invoice, amountTotal, paymentStatus,
				metadata), paid, booksHere);
	}

	private static SaleBooking.ReportedSale reported(JsonNode session, String sessionId, boolean subscription,
			String invoice, long amountTotal, String paymentStatus, Map<String, String> metadata) {
		String paymentIntent = StripeIdField.id(session, "payment_intent");
		String key = subscription ? invoice : paymentIntent;
		if (key == null) {
			key = sessionId;
		}
		long tax = session.path("total_details").path("amount_tax").asLong(0);
		String origin = "checkout " + sessionId;
		return new SaleBooking.ReportedSale(key, sessionId, paymentIntent, subscription ? invoice : null,
				subscription ? StripeIdField.id(session, "subscription") : null, amountTotal, tax,
				SaleBooking.currency(session), paymentStatus, metadata,
				Instant.ofEpochSecond(EventJson.requireLong(session, "created")), origin);
	}

}
