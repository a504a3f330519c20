package com.treasurybatch.jobs.gdpr;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stages Stripe events carrying a person's data, shaped as Stripe sends them (Checkout Session
 * {@code customer_details}, Charge {@code billing_details}, Account {@code individual}), as the receiver stores them.
 */
final class PersonalEvents {

	private final JdbcTemplate jdbc;

	private int sequence;

	PersonalEvents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A buyer: checkout session with their details and customer id. */
	String checkoutCompleted(String prefix, Person buyer, String customerId, Instant received) {
		String id = prefix + (++this.sequence);
		return stage("evt_cs" + id, "checkout.session.completed", null, received, """
				{"id":"evt_cs%1$s","object":"event","type":"checkout.session.completed","created":%2$d,
				 "data":{"object":{"id":"cs_test_%1$s","object":"checkout.session","amount_total":2500,
				  "currency":"usd","customer":"%3$s","customer_email":"%4$s",
				  "customer_details":{"email":"%4$s","name":"%5$s","phone":"%6$s",
				   "address":{"line1":"%7$s","city":"Lyon","postal_code":"69001","country":"FR"}},
				  "metadata":{"tb_item_type":"ticket","tb_payee":"acct_1Host"},"payment_status":"paid"}}}
				""".formatted(id, received.getEpochSecond(), customerId, buyer.email(), buyer.name(), buyer.phone(),
				buyer.street()));
	}

	/** A buyer's refunded charge: billing details and receipt email, no customer id. */
	String chargeRefunded(String prefix, Person buyer, Instant received) {
		String id = prefix + (++this.sequence);
		return stage("evt_ch" + id, "charge.refunded", null, received, """
				{"id":"evt_ch%1$s","object":"event","type":"charge.refunded","created":%2$d,
				 "data":{"object":{"id":"ch_%1$s","object":"charge","amount":2500,"amount_refunded":2500,
				  "currency":"usd","receipt_email":"%3$s",
				  "billing_details":{"email":"%3$s","name":"%4$s","phone":null,
				   "address":{"line1":"%5$s","city":"Lyon","country":"FR"}},
				  "shipping":null}}}
				""".formatted(id, received.getEpochSecond(), buyer.email().toUpperCase(), buyer.name(),
				buyer.street()));
	}

	/** A host's connected account update: the individual's name and email. */
	String accountUpdated(String prefix, Person host, String accountId, Instant received) {
		String id = prefix + (++this.sequence);
		return stage("evt_ac" + id, "account.updated", accountId, received, """
				{"id":"evt_ac%1$s","object":"event","type":"account.updated","created":%2$d,"account":"%3$s",
				 "data":{"object":{"id":"%3$s","object":"account","type":"express","email":"%4$s",
				  "individual":{"first_name":"%5$s","email":"%4$s","address":{"line1":"%6$s"}},
				  "business_profile":{"name":"%5$s","support_email":"%4$s"},
				  "charges_enabled":true,"payouts_enabled":true}}}
				""".formatted(id, received.getEpochSecond(), accountId, host.email(), host.name(), host.street()));
	}

	private String stage(String eventId, String type, String account, Instant received, String payload) {
		this.jdbc.update("""
				INSERT INTO webhook_inbox (event_id, type, account, created, payload, received_at, status, processed_at)
				VALUES (?, ?, ?, ?, ?::jsonb, ?, 'PROCESSED', ?)
				""", eventId, type, account, Timestamp.from(received), payload, Timestamp.from(received),
				Timestamp.from(received));
		return eventId;
	}

	/** A person as they appear in Stripe objects. */
	record Person(String email, String name, String phone, String street) {

		static Person named(String tag) {
			return new Person(tag.toLowerCase() + "@example.org", "Camille " + tag + "-Durand", "+3361234" + tag.length(),
					tag + " rue de la Republique");
		}

	}

}
