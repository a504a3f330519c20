package com.treasurybatch.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Money going back from the platform as Stripe records it: refunds (succeeded at once, or pending then succeeded or
 * failed) and disputes (funds and dispute fee withdrawn, reinstated when won), each with its balance transactions in
 * the charge's settlement currency and the events Stripe emits (docs.stripe.com/refunds#failed-refunds,
 * /disputes/how-disputes-work, /api/balance_transactions/object). Called under the simulator's lock.
 */
final class SimulatorMoneyBack {

	private static final String PENDING = "pending";

	private final SimulatorState state;

	SimulatorMoneyBack(SimulatorState state) {
		this.state = state;
	}

	/**
	 * A refund: balance transaction {@code refund} (negative, no fee), {@code refund.created}, then
	 * {@code charge.refunded} with the charge's cumulative {@code amount_refunded} (no {@code refunds} list).
	 */
	String refund(String chargeId, long amount, boolean pending) {
		return (String) refund(chargeId, amount, pending, null, Map.of()).get("id");
	}

	/**
	 * As {@link #refund(String, long, boolean)}, with Stripe's {@code reason} and the caller's {@code metadata}.
	 * @return the refund object
	 */
	Map<String, Object> refund(String chargeId, long amount, boolean pending, String reason,
			Map<String, String> metadata) {
		Map<String, Object> charge = charge(chargeId);
		long captured = ((Number) charge.get("amount")).longValue();
		long refundedBefore = ((Number) charge.get("amount_refunded")).longValue();
		if (amount <= 0 || refundedBefore + amount > captured) {
			throw new IllegalArgumentException("Refund of " + amount + " exceeds what is left of " + chargeId);
		}
		String currency = (String) charge.get("currency");
		SimulatedSettlement settlement = settlement(chargeId, currency);
		String refund = this.state.newId("re_");
		Map<String, Object> txn = this.state.book("refund", -settlement.settle(amount), List.of(),
				settlement.currency(), refund, "refund", rate(settlement, currency), null);
		Map<String, Object> refundJson = SimulatorPaymentObjects.refund(refund, amount, currency, chargeId,
				(String) charge.get("payment_intent"), (String) charge.get("payment_method"),
				pending ? PENDING : "succeeded", (String) txn.get("id"), this.state.now());
		refundJson.put("reason", reason);
		refundJson.put("metadata", new LinkedHashMap<>(metadata));
		this.state.sources.put(refund, refundJson);
		this.state.refunds.add(new SimulatorState.Owned(SimulatorState.PLATFORM, refundJson));
		boolean refundedFlagBefore = (Boolean) charge.get("refunded");
		charge.put("amount_refunded", refundedBefore + amount);
		charge.put("refunded", refundedBefore + amount == captured);
		Map<String, Object> previous = new LinkedHashMap<>();
		previous.put("amount_refunded", refundedBefore);
		if (refundedFlagBefore != (Boolean) charge.get("refunded")) {
			previous.put("refunded", refundedFlagBefore);
		}
		this.state.emit(SimulatorState.PLATFORM, "refund.created", refundJson, null, null);
		this.state.emit(SimulatorState.PLATFORM, "charge.refunded", charge, previous, null);
		return refundJson;
	}

	/**
	 * {@code POST /v1/refunds} (docs.stripe.com/api/refunds/create): {@code charge} or {@code payment_intent} (its
	 * {@code latest_charge}), {@code amount} (default: what is left), {@code reason}, {@code metadata}; succeeded at
	 * once, as {@link #refund(String, long, boolean)}. Stripe's errors: {@code resource_missing},
	 * {@code charge_already_refunded}, {@code amount_too_large}.
	 */
	SimulatorResponse create(FormFields params) {
		String chargeId = params.get("charge");
		String intentId = params.get("payment_intent");
		if ((chargeId == null) == (intentId == null)) {
			return SimulatorResponse.invalid("parameter_missing",
					"One of the following params should be provided for this request: payment_intent or charge.",
					(chargeId == null) ? "charge" : "payment_intent");
		}
		if (intentId != null) {
			Map<String, Object> intent = this.state.object(intentId);
			if (intent == null || !"payment_intent".equals(intent.get("object"))) {
				return SimulatorResponse.missing("payment_intent", intentId, "payment_intent");
			}
			chargeId = (String) intent.get("latest_charge");
			if (chargeId == null) {
				return SimulatorResponse.invalid("charge_not_refundable",
						"This PaymentIntent does not have a successful charge to refund.", "payment_intent");
			}
		}
		Map<String, Object> charge = this.state.object(chargeId);
		if (charge == null || !"charge".equals(charge.get("object"))) {
			return SimulatorResponse.missing("charge", chargeId, "charge");
		}
		long captured = ((Number) charge.get("amount")).longValue();
		long left = captured - ((Number) charge.get("amount_refunded")).longValue();
		if (left == 0) {
			return SimulatorResponse.error(400, "invalid_request_error", "charge_already_refunded",
					"Charge " + chargeId + " has already been refunded.", null, true);
		}
		long amount = left;
		if (params.get("amount") != null) {
			try {
				amount = Long.parseLong(params.get("amount"));
			}
			catch (NumberFormatException ex) {
				amount = -1;
			}
			if (amount <= 0) {
				return SimulatorResponse.invalid("parameter_invalid_integer", "Invalid positive integer", "amount");
			}
		}
		if (amount > left) {
			return SimulatorResponse.error(400, "invalid_request_error", "amount_too_large", "Refund amount (" + amount
					+ ") is greater than unrefunded amount on charge (" + left + ")", "amount", true);
		}
		String reason = params.get("reason");
		if (reason != null && !reason.equals("duplicate") && !reason.equals("fraudulent")
				&& !reason.equals("requested_by_customer")) {
			return SimulatorResponse.invalid("parameter_invalid_string", "Invalid reason: " + reason, "reason");
		}
		return SimulatorResponse.ok(refund(chargeId, amount, false, reason, params.hash("metadata")));
	}

	/** A pending refund succeeds: {@code charge.refund.updated} and {@code refund.updated}. */
	void succeedRefund(String refundId) {
		Map<String, Object> refund = pendingRefund(refundId);
		refund.put("status", "succeeded");
		Map<String, Object> previous = Map.of("status", PENDING);
		this.state.emit(SimulatorState.PLATFORM, "charge.refund.updated", refund, previous, null);
		this.state.emit(SimulatorState.PLATFORM, "refund.updated", refund, previous, null);
	}

	/**
	 * A pending refund fails: its amount comes back (balance transaction {@code refund_failure}, positive, source the
	 * refund), the refund gets {@code status: failed}, {@code failure_reason} and
	 * {@code failure_balance_transaction}, the charge's {@code amount_refunded} drops back; events
	 * {@code charge.refund.updated}, {@code refund.updated}, {@code refund.failed}.
	 */
	void failRefund(String refundId, String failureReason) {
		Map<String, Object> refund = pendingRefund(refundId);
		Map<String, Object> refundTxn = this.state.balanceTransaction((String) refund.get("balance_transaction"));
		long settled = -((Number) refundTxn.get("amount")).longValue();
		Map<String, Object> txn = this.state.book("refund_failure", settled, List.of(),
				(String) refundTxn.get("currency"), refundId, "refund_failure",
				(BigDecimal) refundTxn.get("exchange_rate"), "REFUND FAILURE");
		refund.put("status", "failed");
		refund.put("failure_balance_transaction", txn.get("id"));
		refund.put("failure_reason", failureReason);
		Map<String, Object> charge = charge((String) refund.get("charge"));
		long amount = ((Number) refund.get("amount")).longValue();
		charge.put("amount_refunded", ((Number) charge.get("amount_refunded")).longValue() - amount);
		charge.put("refunded", false);
		Map<String, Object> previous = new LinkedHashMap<>();
		previous.put("status", PENDING);
		this.state.emit(SimulatorState.PLATFORM, "charge.refund.updated", refund, previous, null);
		this.state.emit(SimulatorState.PLATFORM, "refund.updated", refund, previous, null);
		this.state.emit(SimulatorState.PLATFORM, "refund.failed", refund, null, null);
	}

	/**
	 * A dispute: Stripe withdraws the amount and its dispute fee at once (balance transaction {@code adjustment},
	 * reporting category {@code dispute}, fee line {@code Dispute fee}); {@code charge.dispute.created} then
	 * {@code charge.dispute.funds_withdrawn}.
	 */
	String dispute(String chargeId, long amount, long disputeFee) {
		Map<String, Object> charge = charge(chargeId);
		String currency = (String) charge.get("currency");
		SimulatedSettlement settlement = settlement(chargeId, currency);
		String dispute = this.state.newId("du_");
		List<Map<String, Object>> fees = (disputeFee == 0) ? List.of()
				: List.of(SimulatorState.feeDetail(disputeFee, settlement.currency(), "Dispute fee"));
		Map<String, Object> txn = this.state.book("adjustment", -settlement.settle(amount), fees,
				settlement.currency(), dispute, "dispute", rate(settlement, currency),
				"Chargeback withdrawal for " + chargeId);
		Map<String, Object> disputeJson = SimulatorPaymentObjects.dispute(dispute, amount, currency, chargeId,
				(String) charge.get("payment_intent"), List.of(SimulatorState.deepCopy(txn)), this.state.now());
		this.state.sources.put(dispute, disputeJson);
		charge.put("disputed", true);
		this.state.emit(SimulatorState.PLATFORM, "charge.dispute.created", disputeJson, null, null);
		this.state.emit(SimulatorState.PLATFORM, "charge.dispute.funds_withdrawn", disputeJson, null, null);
		return dispute;
	}

	/**
	 * Closes a dispute. Won: the amount comes back (balance transaction {@code adjustment}, reporting category
	 * {@code dispute_reversal}) with the dispute fee when {@code feeReturned} (a negative fee line), event
	 * {@code charge.dispute.funds_reinstated}; lost: nothing comes back. Then {@code charge.dispute.closed}.
	 */
	@SuppressWarnings("unchecked")
	void closeDispute(String disputeId, boolean won, boolean feeReturned) {
		Map<String, Object> dispute = this.state.sources.get(disputeId);
		if (dispute == null || !"dispute".equals(dispute.get("object"))
				|| !"needs_response".equals(dispute.get("status"))) {
			throw new IllegalArgumentException("No open dispute " + disputeId);
		}
		String previousStatus = (String) dispute.get("status");
		List<Map<String, Object>> txns = new ArrayList<>(
				(List<Map<String, Object>>) dispute.get("balance_transactions"));
		if (won) {
			Map<String, Object> withdrawal = txns.get(0);
			String currency = (String) withdrawal.get("currency");
			long fee = ((Number) withdrawal.get("fee")).longValue();
			List<Map<String, Object>> fees = (feeReturned && fee != 0)
					? List.of(SimulatorState.feeDetail(-fee, currency, "Dispute fee")) : List.of();
			Map<String, Object> txn = this.state.book("adjustment", -((Number) withdrawal.get("amount")).longValue(),
					fees, currency, disputeId, "dispute_reversal", (BigDecimal) withdrawal.get("exchange_rate"),
					"Chargeback reversal for " + dispute.get("charge"));
			txns.add(SimulatorState.deepCopy(txn));
			dispute.put("balance_transactions", txns);
			dispute.put("status", "won");
			this.state.emit(SimulatorState.PLATFORM, "charge.dispute.funds_reinstated", dispute, null, null);
		}
		else {
			dispute.put("status", "lost");
		}
		this.state.emit(SimulatorState.PLATFORM, "charge.dispute.closed", dispute, Map.of("status", previousStatus),
				null);
	}

	private Map<String, Object> pendingRefund(String refundId) {
		Map<String, Object> refund = this.state.sources.get(refundId);
		if (refund == null || !"refund".equals(refund.get("object")) || !PENDING.equals(refund.get("status"))) {
			throw new IllegalArgumentException("No pending refund " + refundId);
		}
		return refund;
	}

	private SimulatedSettlement settlement(String chargeId, String currency) {
		SimulatedSettlement settlement = this.state.settlements.get(chargeId);
		return (settlement != null) ? settlement : new SimulatedSettlement(currency, BigDecimal.ONE);
	}

	/** The {@code exchange_rate} to render: null when Stripe did not convert. */
	private static BigDecimal rate(SimulatedSettlement settlement, String presentment) {
		return settlement.currency().equals(presentment) ? null : settlement.exchangeRate();
	}

	private Map<String, Object> charge(String chargeId) {
		Map<String, Object> charge = this.state.objectForUpdate(chargeId);
		if (charge == null || !"charge".equals(charge.get("object"))) {
			throw new IllegalArgumentException("No charge " + chargeId);
		}
		return charge;
	}

}
