package com.treasurybatch.jobs.inbox.handlers;

import java.time.Instant;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import com.treasurybatch.shared.sales.InvoicePayments;

/**
 * Links an invoice to the PaymentIntent that paid it: {@code invoice_payment.paid}
 * (docs.stripe.com/api/invoice-payment/object: {@code invoice}, {@code payment.type} = {@code payment_intent},
 * {@code payment.payment_intent}). From API version 2025-03-31.basil on this is the only event that says it; refunds
 * and disputes of the invoice's charge name only the PaymentIntent, and find their sale through the link
 * ({@link InvoicePayments}). Payments of another type (e.g. out of band) are IGNORED; so are a connected account's.
 */
@Component
class InvoicePaymentPaidHandler implements EventHandler {

	static final String PAID = "invoice_payment.paid";

	private final InvoicePayments invoicePayments;

	InvoicePaymentPaidHandler(InvoicePayments invoicePayments) {
		this.invoicePayments = invoicePayments;
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
		JsonNode payment = event.object();
		EventJson.requireObjectType(payment, "invoice_payment");
		String id = EventJson.requireText(payment, "id");
		String invoice = StripeIdField.id(payment, "invoice");
		if (invoice == null || !invoice.startsWith("in_")) {
			throw new InapplicableEventException("Invoice payment " + id + " names no invoice");
		}
		if (!"payment_intent".equals(EventJson.optionalText(payment.path("payment"), "type"))) {
			return HandlerOutcome.IGNORED;
		}
		String intent = StripeIdField.id(payment.path("payment"), "payment_intent");
		if (intent == null || !intent.startsWith("pi_")) {
			throw new InapplicableEventException("Invoice payment " + id + " of type payment_intent names none");
		}
		JsonNode amountPaid = payment.path("amount_paid");
		this.invoicePayments.record(id, invoice, intent, amountPaid.isIntegralNumber() ? amountPaid.asLong() : 0,
				SaleBooking.currency(payment), Instant.ofEpochSecond(EventJson.requireLong(payment, "created")));
		return HandlerOutcome.PROCESSED;
	}

}
