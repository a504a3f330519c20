package com.treasurybatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Money coming in and going back on the platform, as Stripe records it: paid Checkout Sessions (a charge with
 * Stripe's fee), refunds, disputes (amount and dispute fee withdrawn) and the platform's own payouts, each with its
 * balance transaction and its event (docs.stripe.com/api/balance_transactions/object, /api/events/types). Called
 * under the simulator's lock.
 */
final class SimulatorPayments {

	private static final long SESSION_SECONDS_BEFORE_EVENT = 240;

	private final SimulatorState state;

	SimulatorPayments(SimulatorState state) {
		this.state = state;
	}

	SimulatedSale completeCheckout(long amount, String currency, long fee, Map<String, String> metadata) {
		long now = this.state.now();
		String session = this.state.newId("cs_test_");
		String intent = this.state.newId("pi_");
		String charge = this.state.newId("ch_");
		String txn = this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "charge", amount, fee, currency,
				charge, "charge");
		this.state.addAvailable(SimulatorState.PLATFORM, currency, amount - fee);
		Map<String, Object> chargeJson = new LinkedHashMap<>();
		chargeJson.put("id", charge);
		chargeJson.put("object", "charge");
		chargeJson.put("amount", amount);
		chargeJson.put("amount_captured", amount);
		chargeJson.put("amount_refunded", 0L);
		chargeJson.put("balance_transaction", txn);
		chargeJson.put("captured", true);
		chargeJson.put("created", now);
		chargeJson.put("currency", currency);
		chargeJson.put("dispute", null);
		chargeJson.put("disputed", false);
		chargeJson.put("livemode", false);
		chargeJson.put("metadata", Map.of());
		chargeJson.put("paid", true);
		chargeJson.put("payment_intent", intent);
		chargeJson.put("refunded", false);
		chargeJson.put("refunds", SimulatorObjects.list("/v1/charges/" + charge + "/refunds", new ArrayList<>()));
		chargeJson.put("status", "succeeded");
		this.state.sources.put(charge, chargeJson);

		Map<String, Object> expandedCharge = SimulatorState.deepCopy(chargeJson);
		expandedCharge.put("balance_transaction", SimulatorState.deepCopy(this.state.balanceTransactionOf(charge)));
		Map<String, Object> paymentIntent = new LinkedHashMap<>();
		paymentIntent.put("id", intent);
		paymentIntent.put("object", "payment_intent");
		paymentIntent.put("amount", amount);
		paymentIntent.put("amount_received", amount);
		paymentIntent.put("currency", currency);
		paymentIntent.put("latest_charge", expandedCharge);
		paymentIntent.put("status", "succeeded");
		Map<String, Object> sessionJson = new LinkedHashMap<>();
		sessionJson.put("id", session);
		sessionJson.put("object", "checkout.session");
		sessionJson.put("amount_subtotal", amount);
		sessionJson.put("amount_total", amount);
		sessionJson.put("created", now - SESSION_SECONDS_BEFORE_EVENT);
		sessionJson.put("currency", currency);
		sessionJson.put("customer", null);
		sessionJson.put("livemode", false);
		sessionJson.put("metadata", new LinkedHashMap<>(metadata));
		sessionJson.put("mode", "payment");
		sessionJson.put("payment_intent", paymentIntent);
		sessionJson.put("payment_status", "paid");
		sessionJson.put("status", "complete");
		this.state.emit(SimulatorState.PLATFORM, "checkout.session.completed", sessionJson, null, null);
		String eventId = lastEventId();
		return new SimulatedSale(session, intent, charge, txn, eventId, amount, currency);
	}

	@SuppressWarnings("unchecked")
	String refund(String chargeId, long amount) {
		Map<String, Object> charge = charge(chargeId);
		long captured = (Long) charge.get("amount");
		long refundedBefore = (Long) charge.get("amount_refunded");
		if (amount <= 0 || refundedBefore + amount > captured) {
			throw new IllegalArgumentException("Refund of " + amount + " exceeds what is left of " + chargeId);
		}
		String currency = (String) charge.get("currency");
		String refund = this.state.newId("re_");
		String txn = this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "refund", -amount, 0L, currency,
				refund, "refund");
		this.state.adjustAvailable(SimulatorState.PLATFORM, currency, -amount);
		Map<String, Object> refundJson = new LinkedHashMap<>();
		refundJson.put("id", refund);
		refundJson.put("object", "refund");
		refundJson.put("amount", amount);
		refundJson.put("balance_transaction", txn);
		refundJson.put("charge", chargeId);
		refundJson.put("created", this.state.now());
		refundJson.put("currency", currency);
		refundJson.put("metadata", Map.of());
		refundJson.put("payment_intent", charge.get("payment_intent"));
		refundJson.put("reason", "requested_by_customer");
		refundJson.put("status", "succeeded");
		this.state.sources.put(refund, refundJson);
		charge.put("amount_refunded", refundedBefore + amount);
		charge.put("refunded", refundedBefore + amount == captured);
		Map<String, Object> refunds = (Map<String, Object>) charge.get("refunds");
		((List<Object>) refunds.get("data")).add(0, SimulatorState.deepCopy(refundJson));
		refunds.put("total_count", ((List<Object>) refunds.get("data")).size());
		this.state.emit(SimulatorState.PLATFORM, "charge.refunded", charge, Map.of("amount_refunded", refundedBefore),
				null);
		return refund;
	}

	String dispute(String chargeId, long amount, long disputeFee) {
		Map<String, Object> charge = charge(chargeId);
		String currency = (String) charge.get("currency");
		String dispute = this.state.newId("du_");
		this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "adjustment", -amount, disputeFee, currency,
				dispute, "dispute");
		this.state.adjustAvailable(SimulatorState.PLATFORM, currency, -amount - disputeFee);
		Map<String, Object> disputeJson = new LinkedHashMap<>();
		disputeJson.put("id", dispute);
		disputeJson.put("object", "dispute");
		disputeJson.put("amount", amount);
		disputeJson.put("balance_transactions", List.of(SimulatorState.deepCopy(this.state.balanceTransactionOf(dispute))));
		disputeJson.put("charge", chargeId);
		disputeJson.put("created", this.state.now());
		disputeJson.put("currency", currency);
		disputeJson.put("is_charge_refundable", false);
		disputeJson.put("livemode", false);
		disputeJson.put("metadata", Map.of());
		disputeJson.put("payment_intent", charge.get("payment_intent"));
		disputeJson.put("reason", "product_not_received");
		disputeJson.put("status", "needs_response");
		this.state.sources.put(dispute, disputeJson);
		charge.put("disputed", true);
		charge.put("dispute", dispute);
		this.state.emit(SimulatorState.PLATFORM, "charge.dispute.created", disputeJson, null, null);
		return dispute;
	}

	String platformPayout(long amount, String currency) {
		String payout = this.state.newId("po_");
		String txn = this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "payout", -amount, 0L, currency,
				payout, "payout");
		this.state.addAvailable(SimulatorState.PLATFORM, currency, -amount);
		Map<String, Object> payoutJson = new LinkedHashMap<>();
		payoutJson.put("id", payout);
		payoutJson.put("object", "payout");
		payoutJson.put("amount", amount);
		payoutJson.put("arrival_date", this.state.now());
		payoutJson.put("balance_transaction", txn);
		payoutJson.put("created", this.state.now());
		payoutJson.put("currency", currency);
		payoutJson.put("livemode", false);
		payoutJson.put("metadata", Map.of());
		payoutJson.put("method", "standard");
		payoutJson.put("status", "pending");
		payoutJson.put("type", "bank_account");
		this.state.sources.put(payout, payoutJson);
		this.state.emit(SimulatorState.PLATFORM, "payout.created", payoutJson, null, null);
		return payout;
	}

	void reviseFee(String sourceId, long fee) {
		Map<String, Object> txn = this.state.balanceTransactionOf(sourceId);
		if (txn == null) {
			throw new IllegalArgumentException("No balance transaction for " + sourceId);
		}
		long amount = (Long) txn.get("amount");
		String currency = (String) txn.get("currency");
		txn.put("fee", fee);
		txn.put("fee_details", (fee == 0) ? List.of() : List.of(SimulatorState.feeDetail(fee, currency)));
		txn.put("net", amount - fee);
	}

	private Map<String, Object> charge(String chargeId) {
		Map<String, Object> charge = this.state.sources.get(chargeId);
		if (charge == null || !"charge".equals(charge.get("object"))) {
			throw new IllegalArgumentException("No charge " + chargeId);
		}
		return charge;
	}

	private String lastEventId() {
		return (String) this.state.events.get(this.state.events.size() - 1).json().get("id");
	}

}
