package com.treasurybatch.jobs.inbox.handlers;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Books every paid invoice of a subscription, the first and each renewal: {@code invoice.paid}
 * (docs.stripe.com/api/invoices/object, docs.stripe.com/billing/subscriptions/webhooks). The sale is keyed by the
 * invoice id, as the first invoice's Checkout Session (mode {@code subscription}) is, so it is booked once whichever
 * event is applied first.
 *
 * <p>Where the fields are, by API version:
 * <table>
 * <caption>invoice fields read</caption>
 * <tr><th>what</th><th>2025-03-31.basil and later (the pinned 2026-07-29.dahlia)</th><th>up to 2025-02-24.acacia</th></tr>
 * <tr><td>who is paid ({@code tb_*})</td><td>{@code parent.subscription_details.metadata} (the subscription's
 * metadata when the invoice was made)</td><td>{@code subscription_details.metadata}</td></tr>
 * <tr><td>subscription</td><td>{@code parent.subscription_details.subscription}</td><td>{@code subscription}</td></tr>
 * <tr><td>PaymentIntent (how refunds and disputes find the sale)</td><td>not on the invoice: the
 * {@code invoice_payment.paid} event ({@link InvoicePaymentPaidHandler})</td><td>{@code payment_intent}</td></tr>
 * <tr><td>tax</td><td>sum of {@code total_taxes[].amount}</td><td>{@code tax}</td></tr>
 * </table>
 * An invoice outside a subscription reads its own {@code metadata}. Amount: {@code amount_paid}; a zero invoice (a
 * trial) gives an order without a journal. Invoices of a connected account are IGNORED.
 */
@Component
class InvoicePaidHandler implements EventHandler {

	static final String PAID = "invoice.paid";

	private final SaleBooking sales;

	InvoicePaidHandler(SaleBooking sales) {
		this.sales = sales;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(PAID);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		JsonNode invoice = event.object();
		EventJson.requireObjectType(invoice, "invoice");
		String id = EventJson.requireText(invoice, "id");
		if (!id.startsWith("in_")) {
			throw new InapplicableEventException("Invoice id " + id + " does not start with in_");
		}
		JsonNode details = invoice.path("parent").path("subscription_details");
		if (details.isMissingNode() || details.isNull()) {
			details = invoice.path("subscription_details");
		}
		String subscription = StripeIdField.id(details, "subscription");
		if (subscription == null) {
			subscription = StripeIdField.id(invoice, "subscription");
		}
		Map<String, String> metadata = (subscription != null) ? EventJson.metadata(details)
				: EventJson.metadata(invoice);
		long paid = EventJson.requireLong(invoice, "amount_paid");
		Instant created = Instant.ofEpochSecond(EventJson.requireLong(invoice, "created"));
		this.sales.paid(event, new SaleBooking.ReportedSale(id, null, StripeIdField.id(invoice, "payment_intent"), id,
				subscription, paid, tax(invoice, id, paid), SaleBooking.currency(invoice),
				EventJson.requireText(invoice, "status"), metadata, created, "invoice " + id));
		return HandlerOutcome.PROCESSED;
	}

	private static long tax(JsonNode invoice, String id, long paid) {
		JsonNode taxes = invoice.path("total_taxes");
		long tax = 0;
		if (taxes.isArray()) {
			for (JsonNode entry : taxes) {
				tax += EventJson.requireLong(entry, "amount");
			}
		}
		else if (invoice.path("tax").isIntegralNumber()) {
			tax = invoice.path("tax").asLong();
		}
		if (tax > paid) {
			throw new InapplicableEventException("Invoice " + id + " has tax " + tax + " above amount_paid " + paid);
		}
		return tax;
	}

}
