package com.treasurybatch.jobs.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stripe events shaped like Stripe's own (checkout.session.expired / completed with consent and
 * after_expiration, account.updated of an Express account, payment_intent.payment_failed), staged into the inbox
 * as the receiver does.
 */
final class StripeCheckoutEvents {

	private final JdbcTemplate jdbc;

	private final String prefix;

	private int sequence;

	StripeCheckoutEvents(JdbcTemplate jdbc, String prefix) {
		this.jdbc = jdbc;
		this.prefix = prefix;
	}

	/** A buyer's checkout: its session id and the metadata naming draft order, hold and item. */
	record Checkout(String sessionId, String draftOrder, String itemId, String email, String country,
			String promotions, Long holdId) {
	}

	Checkout checkout(String email, String country, String promotions, String itemId, Long holdId) {
		String n = this.prefix + (++this.sequence);
		return new Checkout("cs_test_" + n, "do_" + n, itemId, email, country, promotions, holdId);
	}

	/** Stages {@code checkout.session.expired}; @return its event id */
	String expired(Checkout checkout, Instant at) {
		ObjectNode session = session(checkout, at, "expired", "unpaid");
		session.putObject("after_expiration")
			.putObject("recovery")
			.put("allow_promotion_codes", true)
			.put("enabled", true)
			.put("url", "https://buy.stripe.com/r/live_" + checkout.sessionId());
		return stage("checkout.session.expired", null, at, session);
	}

	/** Stages {@code checkout.session.completed}, paid; @return its event id */
	String completed(Checkout checkout, long amountCents, Instant at) {
		ObjectNode session = session(checkout, at, "complete", "paid");
		session.put("amount_total", amountCents);
		session.put("amount_subtotal", amountCents);
		session.putNull("after_expiration");
		return stage("checkout.session.completed", null, at, session);
	}

	/** Stages an Express account's {@code account.updated} with requirements currently due. */
	String accountRequirementsDue(String accountId, String email, List<String> due, Instant at) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode account = json.objectNode();
		account.put("id", accountId);
		account.put("object", "account");
		account.put("type", "express");
		account.put("email", email);
		account.put("country", "US");
		account.put("charges_enabled", true);
		account.put("payouts_enabled", false);
		account.put("details_submitted", true);
		ObjectNode requirements = account.putObject("requirements");
		due.forEach(requirements.putArray("currently_due")::add);
		due.forEach(requirements.putArray("eventually_due")::add);
		requirements.putArray("past_due");
		requirements.put("disabled_reason", "requirements.past_due");
		return stage("account.updated", accountId, at, account);
	}

	/** Stages {@code payment_intent.payment_failed} with the billing email of the failed payment method. */
	String paymentFailed(String email, long amountCents, Instant at) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode intent = json.objectNode();
		intent.put("id", "pi_" + this.prefix + (++this.sequence));
		intent.put("object", "payment_intent");
		intent.put("amount", amountCents);
		intent.put("currency", "usd");
		intent.put("status", "requires_payment_method");
		intent.putNull("receipt_email");
		ObjectNode error = intent.putObject("last_payment_error");
		error.put("type", "card_error");
		error.put("code", "card_declined");
		error.put("decline_code", "insufficient_funds");
		error.putObject("payment_method").putObject("billing_details").put("email", email).put("name", "Kim Doe");
		intent.putObject("metadata");
		return stage("payment_intent.payment_failed", null, at, intent);
	}

	private ObjectNode session(Checkout checkout, Instant at, String status, String paymentStatus) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode session = json.objectNode();
		session.put("id", checkout.sessionId());
		session.put("object", "checkout.session");
		session.put("amount_subtotal", 9000);
		session.put("amount_total", 9000);
		session.put("cancel_url", "https://tickets.example.com/checkout/cancel");
		session.put("created", at.minusSeconds(24 * 3600).getEpochSecond());
		session.put("currency", "eur");
		session.putNull("customer");
		ObjectNode consent = session.putObject("consent");
		if (checkout.promotions() != null) {
			consent.put("promotions", checkout.promotions());
		}
		else {
			consent.putNull("promotions");
		}
		consent.putNull("terms_of_service");
		session.putObject("consent_collection").put("promotions", "auto").putNull("terms_of_service");
		ObjectNode details = session.putObject("customer_details");
		details.putObject("address").put("country", checkout.country()).putNull("city");
		details.put("email", checkout.email());
		details.put("name", "Alex Buyer");
		details.put("tax_exempt", "none");
		session.put("expires_at", at.getEpochSecond());
		session.put("livemode", false);
		ObjectNode metadata = session.putObject("metadata");
		metadata.put("tb_item_type", "ticket");
		metadata.put("tb_item_id", checkout.itemId());
		metadata.put("tb_draft_order", checkout.draftOrder());
		if (checkout.holdId() != null) {
			metadata.put("tb_hold", String.valueOf(checkout.holdId()));
		}
		metadata.put("tb_payee", "acct_1TbHostPayee00");
		session.put("mode", "payment");
		session.putNull("payment_intent");
		session.put("payment_status", paymentStatus);
		session.put("status", status);
		session.put("success_url", "https://tickets.example.com/checkout/success");
		return session;
	}

	private String stage(String type, String account, Instant at, ObjectNode object) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		String eventId = "evt_" + this.prefix + (++this.sequence);
		ObjectNode event = json.objectNode();
		event.put("id", eventId);
		event.put("object", "event");
		if (account != null) {
			event.put("account", account);
		}
		event.put("api_version", "2026-04-22.dahlia");
		event.put("created", at.getEpochSecond());
		event.put("livemode", false);
		event.put("pending_webhooks", 1);
		event.put("type", type);
		event.putObject("data").set("object", object);
		this.jdbc.update("""
				INSERT INTO webhook_inbox (event_id, type, api_version, account, livemode, created, payload, source)
				VALUES (?, ?, '2026-04-22.dahlia', ?, false, ?, ?::jsonb, 'WEBHOOK')
				ON CONFLICT (event_id) DO NOTHING
				""", eventId, type, account, Timestamp.from(at), event.toString());
		return eventId;
	}

	static Map<String, String> none() {
		return Map.of();
	}

}
