package com.treasurybatch.jobs.inbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds {@code checkout.session.*} events shaped like the ones Stripe delivers (fields and nesting as in Stripe's
 * fixtures and captured webhooks), for staging into the inbox.
 */
final class CheckoutSessionEvent {

	private final StripeIds ids;

	final String eventId;

	final String sessionId;

	final String paymentIntentId;

	String type = "checkout.session.completed";

	String apiVersion = "2026-04-22.dahlia";

	long amountCents;

	String currency;

	String paymentStatus = "paid";

	Instant created = Instant.parse("2026-11-20T11:00:00Z");

	long taxCents;

	final Map<String, String> metadata = new LinkedHashMap<>();

	String buyerEmail = "buyer@example.com";

	String buyerName = "Sample Buyer";

	private CheckoutSessionEvent(StripeIds ids, long amountCents, String currency) {
		this.ids = ids;
		this.eventId = ids.event();
		this.sessionId = ids.checkoutSession();
		this.paymentIntentId = ids.paymentIntent();
		this.amountCents = amountCents;
		this.currency = currency;
	}

	/** A completed, paid session. */
	static CheckoutSessionEvent paid(StripeIds ids, long amountCents, String currency) {
		return new CheckoutSessionEvent(ids, amountCents, currency);
	}

	/** The {@code checkout.session.async_payment_succeeded} event of the same session. */
	CheckoutSessionEvent asyncPaymentSucceeded() {
		CheckoutSessionEvent succeeded = new CheckoutSessionEvent(this.ids, this.amountCents, this.currency,
				this.sessionId, this.paymentIntentId);
		succeeded.type = "checkout.session.async_payment_succeeded";
		succeeded.created = this.created.plusSeconds(3 * 24 * 3600);
		succeeded.metadata.putAll(this.metadata);
		succeeded.taxCents = this.taxCents;
		succeeded.buyerEmail = this.buyerEmail;
		succeeded.buyerName = this.buyerName;
		return succeeded;
	}

	private CheckoutSessionEvent(StripeIds ids, long amountCents, String currency, String sessionId,
			String paymentIntentId) {
		this.ids = ids;
		this.eventId = ids.event();
		this.sessionId = sessionId;
		this.paymentIntentId = paymentIntentId;
		this.amountCents = amountCents;
		this.currency = currency;
	}

	/** The buyer Checkout collected: {@code customer_details.email} and {@code name}. */
	CheckoutSessionEvent buyer(String email, String name) {
		this.buyerEmail = email;
		this.buyerName = name;
		return this;
	}

	CheckoutSessionEvent meta(String key, String value) {
		this.metadata.put(key, value);
		return this;
	}

	CheckoutSessionEvent unpaid() {
		this.paymentStatus = "unpaid";
		return this;
	}

	CheckoutSessionEvent at(Instant created) {
		this.created = created;
		return this;
	}

	/** Stripe Tax collected on top: {@code amount_subtotal} = amount - tax, {@code total_details.amount_tax} = tax. */
	CheckoutSessionEvent tax(long taxCents) {
		this.taxCents = taxCents;
		return this;
	}

	/** The {@code checkout.session.async_payment_failed} event of the same session. */
	CheckoutSessionEvent asyncPaymentFailed() {
		CheckoutSessionEvent failed = asyncPaymentSucceeded();
		failed.type = "checkout.session.async_payment_failed";
		failed.paymentStatus = "unpaid";
		return failed;
	}

	/** The whole event, as Stripe posts it. */
	String json() {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode event = json.objectNode();
		event.put("id", this.eventId);
		event.put("object", "event");
		event.put("api_version", this.apiVersion);
		event.put("created", this.created.getEpochSecond());
		event.put("livemode", false);
		event.put("pending_webhooks", 1);
		ObjectNode request = event.putObject("request");
		request.putNull("id");
		request.put("idempotency_key", UUID.nameUUIDFromBytes(this.eventId.getBytes()).toString());
		event.put("type", this.type);
		// data.object as Stripe sends it: references unexpanded (payment_intent is an id; a webhook payload is
		// never expanded), no fee (it exists only on the charge's balance transaction)
		ObjectNode session = event.putObject("data").putObject("object");
		session.put("id", this.sessionId);
		session.put("object", "checkout.session");
		session.putObject("adaptive_pricing").put("enabled", true);
		session.putNull("after_expiration");
		session.put("allow_promotion_codes", false);
		session.put("amount_subtotal", this.amountCents - this.taxCents);
		session.put("amount_total", this.amountCents);
		ObjectNode automaticTax = session.putObject("automatic_tax");
		automaticTax.put("enabled", false);
		automaticTax.putNull("liability");
		automaticTax.putNull("status");
		session.put("billing_address_collection", "auto");
		session.put("cancel_url", "https://tickets.example.com/checkout/cancel");
		session.putNull("client_reference_id");
		session.putNull("client_secret");
		session.put("created", this.created.getEpochSecond() - 240);
		session.put("currency", this.currency);
		session.putNull("customer");
		session.put("customer_creation", "if_required");
		ObjectNode customerDetails = session.putObject("customer_details");
		ObjectNode address = customerDetails.putObject("address");
		address.putNull("city");
		address.put("country", "DK");
		address.putNull("line1");
		address.putNull("postal_code");
		customerDetails.put("email", this.buyerEmail);
		customerDetails.put("name", this.buyerName);
		customerDetails.putNull("phone");
		customerDetails.put("tax_exempt", "none");
		customerDetails.putArray("tax_ids");
		session.putNull("customer_email");
		session.putArray("discounts");
		session.put("expires_at", this.created.getEpochSecond() + 86_160);
		session.putNull("invoice");
		session.put("livemode", false);
		session.put("locale", "auto");
		ObjectNode metadataNode = session.putObject("metadata");
		this.metadata.forEach(metadataNode::put);
		session.put("mode", "payment");
		session.put("payment_intent", this.paymentIntentId);
		session.putNull("payment_link");
		session.put("payment_method_collection", "always");
		session.putObject("payment_method_options").putObject("card").put("request_three_d_secure", "automatic");
		session.putArray("payment_method_types").add("card");
		session.put("payment_status", this.paymentStatus);
		session.putObject("phone_number_collection").put("enabled", false);
		session.putNull("setup_intent");
		session.putNull("shipping_details");
		session.put("status", "complete");
		session.put("submit_type", "pay");
		session.putNull("subscription");
		session.put("success_url", "https://tickets.example.com/checkout/thanks");
		ObjectNode totals = session.putObject("total_details");
		totals.put("amount_discount", 0);
		totals.put("amount_shipping", 0);
		totals.put("amount_tax", this.taxCents);
		session.put("ui_mode", "hosted");
		session.putNull("url");
		return event.toString();
	}

}
