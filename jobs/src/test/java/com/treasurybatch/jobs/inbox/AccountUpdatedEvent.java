package com.treasurybatch.jobs.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds {@code account.updated} Connect events of Express accounts, shaped like Stripe's. */
final class AccountUpdatedEvent {

	final String eventId;

	final String accountId;

	Instant created;

	boolean chargesEnabled = true;

	boolean payoutsEnabled = true;

	boolean detailsSubmitted = true;

	final List<String> currentlyDue = new ArrayList<>();

	String disabledReason;

	AccountUpdatedEvent(StripeIds ids, String accountId, Instant created) {
		this.eventId = ids.event();
		this.accountId = accountId;
		this.created = created;
	}

	AccountUpdatedEvent payoutsDisabled(String reason, String... due) {
		this.payoutsEnabled = false;
		this.disabledReason = reason;
		this.currentlyDue.addAll(List.of(due));
		return this;
	}

	String json() {
		JsonNodeFactory json = JsonNodeFactory.instance;
		ObjectNode event = json.objectNode();
		event.put("id", this.eventId);
		event.put("object", "event");
		event.put("account", this.accountId);
		event.put("api_version", "2020-08-27");
		event.put("created", this.created.getEpochSecond());
		ObjectNode account = event.putObject("data").putObject("object");
		ObjectNode profile = account.putObject("business_profile");
		profile.putNull("mcc");
		profile.put("name", "Express Account");
		profile.put("url", "https://example.com/");
		account.putObject("capabilities").put("transfers", "active");
		account.put("charges_enabled", this.chargesEnabled);
		account.put("country", "US");
		account.put("created", this.created.getEpochSecond() - 86_400);
		account.put("default_currency", "usd");
		account.put("details_submitted", this.detailsSubmitted);
		account.put("email", "payee@example.com");
		account.put("id", this.accountId);
		account.putObject("metadata");
		account.put("object", "account");
		account.put("payouts_enabled", this.payoutsEnabled);
		ObjectNode requirements = account.putObject("requirements");
		requirements.putNull("current_deadline");
		ArrayNode due = requirements.putArray("currently_due");
		this.currentlyDue.forEach(due::add);
		if (this.disabledReason == null) {
			requirements.putNull("disabled_reason");
		}
		else {
			requirements.put("disabled_reason", this.disabledReason);
		}
		requirements.putArray("errors");
		requirements.putArray("eventually_due").add("individual.verification.document");
		requirements.putArray("past_due");
		requirements.putArray("pending_verification");
		ObjectNode schedule = account.putObject("settings").putObject("payouts").putObject("schedule");
		schedule.put("delay_days", 2);
		schedule.put("interval", "daily");
		account.put("type", "express");
		event.put("livemode", false);
		event.put("pending_webhooks", 2);
		ObjectNode request = event.putObject("request");
		request.put("id", "req_" + this.eventId.substring(6, 20));
		request.putNull("idempotency_key");
		event.put("type", "account.updated");
		return event.toString();
	}

}
