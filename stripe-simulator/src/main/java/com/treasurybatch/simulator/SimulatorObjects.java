package com.treasurybatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stripe's JSON objects as the simulator renders them, field for field as in Stripe's API reference fixtures. */
final class SimulatorObjects {

	private SimulatorObjects() {
	}

	/** A connected Express account (docs.stripe.com/api/accounts/object). */
	@SuppressWarnings("unchecked")
	static Map<String, Object> account(SimulatedAccount account) {
		Map<String, Object> json = SimulatorTemplates.copy("account");
		Map<String, Object> requirements = (Map<String, Object>) json.get("requirements");
		requirements.put("currently_due", account.requirementsCurrentlyDue());
		requirements.put("disabled_reason", account.disabledReason());
		requirements.put("eventually_due", account.requirementsCurrentlyDue());
		json.put("id", account.id());
		json.put("business_type", "individual");
		Map<String, Object> capabilities = new LinkedHashMap<>();
		capabilities.put("card_payments", account.chargesEnabled() ? "active" : "inactive");
		capabilities.put("transfers", account.payoutsEnabled() ? "active" : "inactive");
		json.put("capabilities", capabilities);
		json.put("charges_enabled", account.chargesEnabled());
		Map<String, Object> controller = new LinkedHashMap<>();
		controller.put("type", "application");
		json.put("controller", controller);
		json.put("created", account.created().getEpochSecond());
		json.put("details_submitted", account.detailsSubmitted());
		json.put("email", null);
		((Map<String, Object>) json.get("external_accounts")).put("url",
				"/v1/accounts/" + account.id() + "/external_accounts");
		json.put("metadata", Map.of());
		json.put("payouts_enabled", account.payoutsEnabled());
		Map<String, Object> settings = (Map<String, Object>) json.get("settings");
		Map<String, Object> schedule = new LinkedHashMap<>();
		schedule.put("delay_days", 2);
		schedule.put("interval", "daily");
		((Map<String, Object>) settings.get("payouts")).put("schedule", schedule);
		json.put("type", "express");
		return json;
	}

	static Map<String, Object> transfer(String id, SimulatorApi.Money money, String destination, FormFields params,
			String balanceTransaction, String destinationPayment, long created) {
		Map<String, Object> json = SimulatorTemplates.copy("transfer");
		json.put("id", id);
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
		Map<String, Object> json = SimulatorTemplates.copy("transfer_reversal");
		json.put("id", id);
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
		Map<String, Object> json = SimulatorTemplates.copy("payout");
		json.put("id", id);
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
		json.put("payout_method", null);
		json.put("reconciliation_status", "not_applicable");
		json.put("reversed_by", null);
		json.put("source_type", "card");
		json.put("statement_descriptor", null);
		json.put("status", "pending");
		json.put("trace_id", traceId());
		json.put("type", method.equals("instant") ? "card" : "bank_account");
		return json;
	}

	private static Map<String, Object> traceId() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("status", "pending");
		json.put("value", null);
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
