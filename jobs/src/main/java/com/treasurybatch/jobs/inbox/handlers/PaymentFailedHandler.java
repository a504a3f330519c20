package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.retention.Contacts;
import com.treasurybatch.shared.retention.RetentionTasks;
import com.treasurybatch.shared.retention.TaskKind;

/**
 * {@code payment_intent.payment_failed} and {@code invoice.payment_failed}: schedules one {@code payment_failed}
 * email to the buyer, due at once. The address is the invoice's {@code customer_email}, or the payment intent's
 * {@code receipt_email}, or its {@code last_payment_error.payment_method.billing_details.email}, or the contact
 * named by metadata {@code tb_buyer}; with none, nobody can be told and the event is IGNORED. The invoice's
 * {@code hosted_invoice_url} is the email's link. Connect events (a connected account's own customers) are IGNORED.
 */
@Component
class PaymentFailedHandler implements EventHandler {

	static final String PAYMENT_INTENT_FAILED = "payment_intent.payment_failed";

	static final String INVOICE_FAILED = "invoice.payment_failed";

	private final Contacts contacts;

	private final RetentionTasks tasks;

	PaymentFailedHandler(Contacts contacts, RetentionTasks tasks) {
		this.contacts = contacts;
		this.tasks = tasks;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(PAYMENT_INTENT_FAILED, INVOICE_FAILED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		JsonNode object = event.object();
		boolean invoice = INVOICE_FAILED.equals(event.type());
		EventJson.requireObjectType(object, invoice ? "invoice" : "payment_intent");
		String id = EventJson.requireText(object, "id");
		String email;
		String name;
		String actionUrl = null;
		if (invoice) {
			email = EventJson.optionalText(object, "customer_email");
			name = EventJson.optionalText(object, "customer_name");
			actionUrl = EventJson.optionalText(object, "hosted_invoice_url");
		}
		else {
			JsonNode billing = object.path("last_payment_error").path("payment_method").path("billing_details");
			email = EventJson.optionalText(object, "receipt_email");
			if (email == null) {
				email = EventJson.optionalText(billing, "email");
			}
			name = EventJson.optionalText(billing, "name");
		}
		String contactId;
		if (email != null) {
			try {
				contactId = this.contacts.upsert(email, name, null, null);
			}
			catch (IllegalArgumentException ex) {
				throw new InapplicableEventException("email of " + id + ": " + ex.getMessage(), ex);
			}
		}
		else {
			contactId = EventJson.metadata(object).get(CheckoutOutcomes.BUYER_KEY);
			if (contactId == null || this.contacts.find(contactId).isEmpty()) {
				return HandlerOutcome.IGNORED;
			}
		}
		this.tasks.schedule(TaskKind.PAYMENT_FAILED, id, contactId, List.of(event.created()), actionUrl);
		return HandlerOutcome.PROCESSED;
	}

}
