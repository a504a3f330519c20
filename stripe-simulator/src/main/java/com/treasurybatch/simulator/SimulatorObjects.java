package com.treasurybatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stripe's JSON objects as the simulator renders them, field for field as in Stripe's API reference fixtures. */
final class SimulatorObjects {

	private SimulatorObjects() {
	}

	static Map<String, Object> account(SimulatedAccount account) {
		Map<String, Object> requirements = new LinkedHashMap<>();
		requirements.put("alternatives", List.of());
		requirements.put("current_deadline", null);
		requirements.put("currently_due", account.requirementsCurrentlyDue());
		requirements.put("disabled_reason", account.disabledReason());
		requirements.put("errors", List.of());
		requirements.put("eventually_due", account.requirementsCurrentlyDue());
		requirements.put("past_due", List.of());
		requirements.put("pending_verification", List.of());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", account.id());
		json.put("object", "account");
		json.put("business_type", "individual");
		json.put("capabilities", Map.of("transfers", account.payoutsEnabled() ? "active" : "inactive"));
		json.put("charges_enabled", account.chargesEnabled());
		json.put("country", "US");
		json.put("created", account.created().getEpochSecond());
		json.put("default_currency", "usd");
		json.put("details_submitted", account.detailsSubmitted());
		json.put("metadata", Map.of());
		json.put("payouts_enabled", account.payoutsEnabled());
		json.put("requirements", requirements);
		json.put("settings", Map.of("payouts", Map.of("schedule", Map.of("delay_days", 2, "interval", "manual"))));
		json.put("type", "express");
		return json;
	}

	static Map<String, Object> transfer(String id, SimulatorApi.Money money, String destination, FormFields params,
			String balanceTransaction, String destinationPayment, long created) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", id);
		json.put("object", "transfer");
		json.put("amount", money.amount());
		json.put("amount_reversed", 0L);
		json.put("balance_transaction", balanceTransaction);
		json.put("created", created);
		json.put("currency", money.currency());
		json.put("description", params.get("description"));
		json.put("destination", destination);
		json.put("destination_payment", destinationPayment);
		json.put("livemode", false);
		json.put("metadata", params.hash("metadata"));
		json.put("reversals", list("/v1/transfers/" + id + "/reversals", new ArrayList<>()));
		json.put("reversed", false);
		json.put("source_transaction", null);
		json.put("source_type", "card");
		json.put("transfer_group", params.get("transfer_group"));
		return json;
	}

	static Map<String, Object> reversal(String id, long amount, String currency, String transferId,
			Map<String, String> metadata, String balanceTransaction, long created) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", id);
		json.put("object", "transfer_reversal");
		json.put("amount", amount);
		json.put("balance_transaction", balanceTransaction);
		json.put("created", created);
		json.put("currency", currency);
		json.put("destination_payment_refund", null);
		json.put("metadata", metadata);
		json.put("source_refund", null);
		json.put("transfer", transferId);
		return json;
	}

	/** Adds a reversal to its transfer: {@code amount_reversed}, {@code reversed}, the {@code reversals} list. */
	@SuppressWarnings("unchecked")
	static void addReversal(Map<String, Object> transfer, Map<String, Object> reversal) {
		long reversed = (Long) transfer.get("amount_reversed") + (Long) reversal.get("amount");
		transfer.put("amount_reversed", reversed);
		transfer.put("reversed", reversed == (Long) transfer.get("amount"));
		Map<String, Object> reversals = (Map<String, Object>) transfer.get("reversals");
		((List<Object>) reversals.get("data")).add(0, reversal);
	}

	static Map<String, Object> payout(String id, SimulatorApi.Money money, String method, FormFields params,
			String balanceTransaction, long created, long arrivalDate) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", id);
		json.put("object", "payout");
		json.put("amount", money.amount());
		json.put("application_fee", null);
		json.put("application_fee_amount", null);
		json.put("arrival_date", arrivalDate);
		json.put("automatic", false);
		json.put("balance_transaction", balanceTransaction);
		json.put("created", created);
		json.put("currency", money.currency());
		json.put("description", params.get("description"));
		json.put("destination", method.equals("instant") ? "card_1SimInstantDebitCard00" : "ba_1SimBankAccount0000000");
		json.put("failure_balance_transaction", null);
		json.put("failure_code", null);
		json.put("failure_message", null);
		json.put("livemode", false);
		json.put("metadata", params.hash("metadata"));
		json.put("method", method);
		json.put("original_payout", null);
		json.put("reconciliation_status", "not_applicable");
		json.put("reversed_by", null);
		json.put("source_type", "card");
		json.put("statement_descriptor", null);
		json.put("status", "pending");
		json.put("type", method.equals("instant") ? "card" : "bank_account");
		return json;
	}

	static Map<String, Object> balanceAmount(long amount, String currency) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("amount", amount);
		json.put("currency", currency);
		json.put("source_types", Map.of("card", amount));
		return json;
	}

	static Map<String, Object> list(String url, List<Object> data) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("object", "list");
		json.put("data", data);
		json.put("has_more", false);
		json.put("url", url);
		return json;
	}

}
