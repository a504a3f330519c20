package com.treasurybatch.jobs.inbox.handlers;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Books sales made without Checkout (the native PaymentSheet flow): {@code payment_intent.succeeded} whose
 * PaymentIntent carries the {@code tb_*} sale metadata (docs.stripe.com/api/payment_intents/object,
 * docs.stripe.com/payments/accept-a-payment?platform=ios). The sale is keyed by the PaymentIntent id, as a Checkout
 * Session in payment mode is, so a session naming the same PaymentIntent books nothing more, in either order.
 *
 * <p>IGNORED: PaymentIntents without {@code tb_*} metadata (a Checkout Session does not copy its metadata to its
 * PaymentIntent, so those are booked from the session), PaymentIntents of invoices (older API versions name the
 * {@code invoice}; {@code invoice.paid} books them), and a connected account's own PaymentIntents.
 *
 * <p>Amount: {@code amount_received}. A PaymentIntent carries no tax breakdown, so such a sale books no sales tax:
 * a sale that collects tax goes through Checkout (its {@code total_details.amount_tax}) or an invoice.
 */
@Component
class PaymentIntentSucceededHandler implements EventHandler {

	static final String SUCCEEDED = "payment_intent.succeeded";

	private final SaleBooking sales;

	PaymentIntentSucceededHandler(SaleBooking sales) {
		this.sales = sales;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(SUCCEEDED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		JsonNode intent = event.object();
		EventJson.requireObjectType(intent, "payment_intent");
		String id = EventJson.requireText(intent, "id");
		if (!id.startsWith("pi_")) {
			throw new InapplicableEventException("PaymentIntent id " + id + " does not start with pi_");
		}
		Map<String, String> metadata = EventJson.metadata(intent);
		if (!SaleBooking.namesASale(metadata) || StripeIdField.id(intent, "invoice") != null) {
			return HandlerOutcome.IGNORED;
		}
		String status = EventJson.requireText(intent, "status");
		if (!"succeeded".equals(status)) {
			throw new InapplicableEventException(event.type() + " for " + id + " says status " + status);
		}
		long received = EventJson.requireLong(intent, "amount_received");
		this.sales.paid(event, new SaleBooking.ReportedSale(id, null, id, null, null, received, 0,
				SaleBooking.currency(intent), status, metadata,
				Instant.ofEpochSecond(EventJson.requireLong(intent, "created")), "payment intent " + id));
		return HandlerOutcome.PROCESSED;
	}

}
