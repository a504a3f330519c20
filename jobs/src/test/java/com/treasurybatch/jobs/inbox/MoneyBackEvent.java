package com.treasurybatch.jobs.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the events of money flowing back, shaped like Stripe's (fields and nesting as in Stripe's fixtures and
 * captured webhooks): {@code charge.refunded}, {@code charge.dispute.*}, {@code transfer.reversed},
 * {@code payout.paid} and {@code payout.failed}.
 *
 * @param eventId {@code evt_...}
 * @param type the event type
 * @param account the connected account of a Connect event, or null
 * @param created when Stripe created it
 * @param json the whole event
 */
record MoneyBackEvent(String eventId, String type, String account, Instant created, String json) {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	/** A refund of a charge, as listed in {@code refunds.data}. */
	record Refund(String id, long amountCents, Instant created) {

	}

	/**
	 * {@code charge.refunded}.
	 * @param refunds the charge's refunds, or null to leave {@code refunds} out (API versions from 2022-11-15)
	 */
	static MoneyBackEvent chargeRefunded(StripeIds ids, String chargeId, String paymentIntent, long amountCents,
			String currency, long amountRefundedCents, List<Refund> refunds, Instant created) {
		ObjectNode charge = JSON.objectNode();
		charge.put("id", chargeId);
		charge.put("object", "charge");
		charge.put("amount", amountCents);
		charge.put("amount_captured", amountCents);
		charge.put("amount_refunded", amountRefundedCents);
		charge.put("balance_transaction", ids.balanceTransaction());
		charge.putObject("billing_details").put("email", "buyer@example.com").put("name", "Sample Buyer");
		charge.put("captured", true);
		charge.put("created", created.getEpochSecond() - 86_400);
		charge.put("currency", currency);
		charge.putNull("dispute");
		charge.put("disputed", false);
		charge.put("livemode", false);
		charge.putObject("metadata");
		charge.put("paid", true);
		charge.put("payment_intent", paymentIntent);
		charge.put("refunded", amountRefundedCents == amountCents);
		if (refunds != null) {
			ObjectNode list = charge.putObject("refunds");
			list.put("object", "list");
			ArrayNode data = list.putArray("data");
			for (int i = refunds.size() - 1; i >= 0; i--) {
				Refund refund = refunds.get(i);
				ObjectNode item = data.addObject();
				item.put("id", refund.id());
				item.put("object", "refund");
				item.put("amount", refund.amountCents());
				item.put("balance_transaction", ids.balanceTransaction());
				item.put("charge", chargeId);
				item.put("created", refund.created().getEpochSecond());
				item.put("currency", currency);
				item.putObject("metadata");
				item.put("payment_intent", paymentIntent);
				item.put("reason", "requested_by_customer");
				item.put("status", "succeeded");
			}
			list.put("has_more", false);
			list.put("total_count", refunds.size());
			list.put("url", "/v1/charges/" + chargeId + "/refunds");
		}
		charge.put("status", "succeeded");
		return event(ids, "charge.refunded", null, created, "2020-03-02", charge);
	}

	/**
	 * A refund object event ({@code refund.created}, {@code refund.updated}, {@code refund.failed},
	 * {@code charge.refund.updated}), shaped like Stripe's refund (docs.stripe.com/api/refunds/object, fixture
	 * {@code refund} of Stripe's OpenAPI fixtures3.json): every reference an id.
	 * @param status pending, succeeded, failed or canceled
	 */
	static MoneyBackEvent refund(StripeIds ids, String type, Refund refund, String chargeId, String paymentIntent,
			String currency, String status, Instant created) {
		ObjectNode object = JSON.objectNode();
		object.put("id", refund.id());
		object.put("object", "refund");
		object.put("amount", refund.amountCents());
		object.put("balance_transaction", "txn_" + refund.id().substring(3));
		object.put("charge", chargeId);
		object.put("created", refund.created().getEpochSecond());
		object.put("currency", currency);
		object.putNull("customer");
		object.putNull("destination_details");
		if ("failed".equals(status)) {
			object.put("failure_balance_transaction", "txn_" + refund.id().substring(3) + "f");
			object.put("failure_reason", "expired_or_canceled_card");
		}
		object.putObject("metadata");
		object.put("payment_intent", paymentIntent);
		object.putNull("payment_method");
		object.put("reason", "requested_by_customer");
		object.putNull("receipt_number");
		object.putNull("source_transfer_reversal");
		object.put("status", status);
		object.putNull("transfer_reversal");
		return event(ids, type, null, created, "2026-07-29.dahlia", object);
	}

	/**
	 * {@code charge.dispute.*}: the dispute lists its balance transactions in full, as Stripe does
	 * (docs.stripe.com/api/disputes/object): the withdrawal of the amount with the 15.00 dispute fee, with the same id
	 * in every event of the dispute, and once won the reinstatement of the amount (the fee is not given back).
	 */
	static MoneyBackEvent dispute(StripeIds ids, String type, String disputeId, String chargeId, String paymentIntent,
			long amountCents, String currency, String status, Instant created) {
		ObjectNode dispute = JSON.objectNode();
		dispute.put("id", disputeId);
		dispute.put("object", "dispute");
		dispute.put("amount", amountCents);
		ArrayNode transactions = dispute.putArray("balance_transactions");
		ObjectNode withdrawal = transactions.addObject();
		withdrawal.put("id", withdrawalOf(disputeId));
		withdrawal.put("object", "balance_transaction");
		withdrawal.put("amount", -amountCents);
		withdrawal.put("created", created.getEpochSecond() - 2);
		withdrawal.put("currency", currency);
		withdrawal.put("fee", 1500);
		withdrawal.putArray("fee_details").addObject().put("amount", 1500).putNull("application")
			.put("currency", currency).put("description", "Dispute fee").put("type", "stripe_fee");
		withdrawal.put("net", -amountCents - 1500);
		withdrawal.put("reporting_category", "dispute");
		withdrawal.put("source", disputeId);
		withdrawal.put("status", "available");
		withdrawal.put("type", "adjustment");
		if ("won".equals(status)) {
			ObjectNode reinstated = transactions.addObject();
			reinstated.put("id", reinstatementOf(disputeId));
			reinstated.put("object", "balance_transaction");
			reinstated.put("amount", amountCents);
			reinstated.put("created", created.getEpochSecond() - 1);
			reinstated.put("currency", currency);
			reinstated.put("fee", 0);
			reinstated.putArray("fee_details");
			reinstated.put("net", amountCents);
			reinstated.put("reporting_category", "dispute_reversal");
			reinstated.put("source", disputeId);
			reinstated.put("status", "available");
			reinstated.put("type", "adjustment");
		}
		dispute.put("charge", chargeId);
		dispute.put("created", created.getEpochSecond() - 2);
		dispute.put("currency", currency);
		dispute.putObject("evidence_details").put("has_evidence", false).put("submission_count", 0);
		dispute.put("is_charge_refundable", false);
		dispute.put("livemode", false);
		dispute.putObject("metadata");
		dispute.put("payment_intent", paymentIntent);
		dispute.put("reason", "product_not_received");
		dispute.put("status", status);
		return event(ids, type, null, created, "2026-04-22.dahlia", dispute);
	}

	/** {@code transfer.reversed}, listing the reversals so far. */
	static MoneyBackEvent transferReversed(StripeIds ids, String transferId, String destination, long amountCents,
			String currency, Map<String, String> metadata, List<Refund> reversals, Instant created) {
		ObjectNode transfer = JSON.objectNode();
		transfer.put("id", transferId);
		transfer.put("object", "transfer");
		transfer.put("amount", amountCents);
		long reversed = reversals.stream().mapToLong(Refund::amountCents).sum();
		transfer.put("amount_reversed", reversed);
		transfer.put("balance_transaction", ids.balanceTransaction());
		transfer.put("created", created.getEpochSecond() - 3600);
		transfer.put("currency", currency);
		transfer.put("destination", destination);
		transfer.put("livemode", false);
		ObjectNode meta = transfer.putObject("metadata");
		metadata.forEach(meta::put);
		ObjectNode list = transfer.putObject("reversals");
		list.put("object", "list");
		ArrayNode data = list.putArray("data");
		for (Refund reversal : reversals) {
			ObjectNode item = data.addObject();
			item.put("id", reversal.id());
			item.put("object", "transfer_reversal");
			item.put("amount", reversal.amountCents());
			item.put("created", reversal.created().getEpochSecond());
			item.put("currency", currency);
			item.putObject("metadata");
			item.put("transfer", transferId);
		}
		list.put("has_more", false);
		list.put("total_count", reversals.size());
		transfer.put("reversed", reversed == amountCents);
		transfer.put("source_type", "card");
		return event(ids, "transfer.reversed", null, created, "2020-03-02", transfer);
	}

	/** {@code payout.paid} or {@code payout.failed}, a Connect event of the payee's account. */
	static MoneyBackEvent payout(StripeIds ids, String type, String account, String payoutId, long amountCents,
			String currency, Map<String, String> metadata, Instant created) {
		boolean failed = "payout.failed".equals(type);
		ObjectNode payout = JSON.objectNode();
		payout.put("id", payoutId);
		payout.put("object", "payout");
		payout.put("amount", amountCents);
		payout.put("arrival_date", created.getEpochSecond() - 3600);
		payout.put("automatic", false);
		payout.put("balance_transaction", ids.balanceTransaction());
		payout.put("created", created.getEpochSecond() - 86_400);
		payout.put("currency", currency);
		payout.put("destination", "ba_1Q" + ids.text(22));
		if (failed) {
			payout.put("failure_balance_transaction", ids.balanceTransaction());
			payout.put("failure_code", "account_closed");
			payout.put("failure_message", "The bank account has been closed.");
		}
		else {
			payout.putNull("failure_balance_transaction");
			payout.putNull("failure_code");
			payout.putNull("failure_message");
		}
		payout.put("livemode", false);
		ObjectNode meta = payout.putObject("metadata");
		metadata.forEach(meta::put);
		payout.put("method", "standard");
		payout.put("source_type", "card");
		payout.put("status", failed ? "failed" : "paid");
		payout.put("type", "bank_account");
		return event(ids, type, account, created, "2018-02-28", payout);
	}

	private static MoneyBackEvent event(StripeIds ids, String type, String account, Instant created,
			String apiVersion, ObjectNode object) {
		String eventId = ids.event();
		ObjectNode event = JSON.objectNode();
		event.put("id", eventId);
		event.put("object", "event");
		if (account != null) {
			event.put("account", account);
		}
		event.put("api_version", apiVersion);
		event.put("created", created.getEpochSecond());
		event.putObject("data").set("object", object);
		event.put("livemode", false);
		event.put("pending_webhooks", 1);
		event.putObject("request").putNull("id").putNull("idempotency_key");
		event.put("type", type);
		return new MoneyBackEvent(eventId, type, account, created, event.toString());
	}

	/** The balance transaction of a dispute's withdrawal, in every event of the dispute. */
	static String withdrawalOf(String disputeId) {
		return "txn_" + disputeId.substring(3) + "W";
	}

	/** The balance transaction of a won dispute's reinstatement. */
	static String reinstatementOf(String disputeId) {
		return "txn_" + disputeId.substring(3) + "R";
	}

	/** The same event delivered again under another event id, as a replay through the API would. */
	MoneyBackEvent redelivered(StripeIds ids) {
		String otherId = ids.event();
		return new MoneyBackEvent(otherId, this.type, this.account, this.created.plusSeconds(1),
				this.json.replace(this.eventId, otherId));
	}

}
