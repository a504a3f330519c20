package com.treasurybatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payment objects as Stripe renders them at API version 2026-07-29.dahlia, each a copy of Stripe's own example
 * object ({@link SimulatorTemplates}) with the simulated values: charge, PaymentIntent, Checkout Session, refund and
 * dispute (docs.stripe.com/api/charges/object, /api/payment_intents/object, /api/checkout/sessions/object,
 * /api/refunds/object, /api/disputes/object). References are ids or null, never expanded objects.
 */
final class SimulatorPaymentObjects {

	/** The card every simulated buyer pays with (Stripe's test card 4242). */
	static final String CARD = "card";

	/** A bank debit that settles days later (ACH Direct Debit), for delayed payments. */
	static final String BANK_DEBIT = "us_bank_account";

	private SimulatorPaymentObjects() {
	}

	/**
	 * A succeeded charge, nothing refunded or disputed.
	 * @param balanceTransaction {@code txn_...}
	 * @param metadata the PaymentIntent's metadata (Stripe copies it to its charges)
	 * @param customer {@code cus_...} or null
	 */
	static Map<String, Object> charge(String id, long amount, String currency, String paymentIntent,
			String paymentMethod, String methodType, String balanceTransaction, Map<String, String> metadata,
			String customer, long created) {
		Map<String, Object> json = SimulatorTemplates.copy("charge");
		json.put("id", id);
		json.put("amount", amount);
		json.put("amount_captured", amount);
		json.put("amount_refunded", 0L);
		json.put("balance_transaction", balanceTransaction);
		json.put("billing_details", billingDetails());
		json.put("calculated_statement_descriptor", "TREASURY BATCH");
		json.put("captured", true);
		json.put("created", created);
		json.put("currency", currency);
		json.put("customer", customer);
		json.put("description", null);
		json.put("disputed", false);
		json.put("livemode", false);
		json.put("metadata", new LinkedHashMap<>(metadata));
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("advice_code", null);
		outcome.put("network_advice_code", null);
		outcome.put("network_decline_code", null);
		outcome.put("network_status", "approved_by_network");
		outcome.put("reason", null);
		outcome.put("seller_message", "Payment complete.");
		outcome.put("type", "authorized");
		json.put("outcome", outcome);
		json.put("paid", true);
		json.put("payment_intent", paymentIntent);
		json.put("payment_method", paymentMethod);
		json.put("payment_method_details", paymentMethodDetails(methodType, amount));
		json.put("receipt_url", "https://pay.stripe.com/receipts/payment/" + id);
		json.put("refunded", false);
		json.put("shipping", null);
		json.put("source", null);
		json.put("status", "succeeded");
		json.put("transfer_data", null);
		json.put("transfer_group", null);
		return json;
	}

	/**
	 * A PaymentIntent.
	 * @param status {@code processing} or {@code succeeded}
	 * @param latestCharge {@code ch_...} or null
	 */
	static Map<String, Object> paymentIntent(String id, long amount, String currency, String status,
			String latestCharge, String paymentMethod, String methodType, Map<String, String> metadata,
			String customer, long created) {
		Map<String, Object> json = SimulatorTemplates.copy("payment_intent");
		json.put("id", id);
		json.put("amount", amount);
		json.put("amount_capturable", 0L);
		json.put("amount_received", "succeeded".equals(status) ? amount : 0L);
		json.put("automatic_payment_methods", null);
		json.put("canceled_at", null);
		json.put("client_secret", id + "_secret_Sim" + id.substring(id.length() - 12));
		json.put("created", created);
		json.put("currency", currency);
		json.put("customer", customer);
		json.put("last_payment_error", null);
		json.put("latest_charge", latestCharge);
		json.put("livemode", false);
		json.put("managed_payments", null);
		json.put("metadata", new LinkedHashMap<>(metadata));
		json.put("next_action", null);
		json.put("payment_method", paymentMethod);
		json.put("payment_method_configuration_details", null);
		json.put("payment_method_options", Map.of());
		json.put("payment_method_types", List.of(methodType));
		json.put("processing", null);
		json.put("shipping", null);
		json.put("status", status);
		json.put("transfer_data", null);
		return json;
	}

	/**
	 * A completed Checkout Session.
	 * @param mode {@code payment} or {@code subscription}
	 * @param paymentIntent {@code pi_...} in payment mode, null in subscription mode
	 * @param invoice {@code in_...} in subscription mode, else null
	 * @param subscription {@code sub_...} in subscription mode, else null
	 * @param paymentStatus {@code paid} or {@code unpaid} (a delayed payment method)
	 */
	static Map<String, Object> checkoutSession(String id, String mode, long subtotal, long tax, String currency,
			String methodType, Map<String, String> metadata, String paymentIntent, String invoice,
			String subscription, String customer, String paymentStatus, long created) {
		Map<String, Object> json = SimulatorTemplates.copy("checkout.session");
		json.put("id", id);
		json.put("adaptive_pricing", Map.of("enabled", false));
		json.put("after_expiration", null);
		json.put("amount_subtotal", subtotal);
		json.put("amount_total", subtotal + tax);
		Map<String, Object> automaticTax = new LinkedHashMap<>();
		automaticTax.put("enabled", tax > 0);
		automaticTax.put("liability", (tax > 0) ? Map.of("type", "self") : null);
		automaticTax.put("provider", (tax > 0) ? "stripe" : null);
		automaticTax.put("status", (tax > 0) ? "complete" : null);
		json.put("automatic_tax", automaticTax);
		json.put("collected_information", null);
		json.put("consent", null);
		json.put("consent_collection", null);
		json.put("created", created);
		json.put("currency", currency);
		json.put("currency_conversion", null);
		Map<String, Object> customText = new LinkedHashMap<>();
		customText.put("after_submit", null);
		customText.put("shipping_address", null);
		customText.put("submit", null);
		customText.put("terms_of_service_acceptance", null);
		json.put("custom_text", customText);
		json.put("customer", customer);
		json.put("customer_creation", "payment".equals(mode) ? "if_required" : "always");
		Map<String, Object> details = billingDetails();
		details.remove("tax_id");
		details.put("tax_exempt", "none");
		details.put("tax_ids", List.of());
		details.put("business_name", null);
		details.put("individual_name", null);
		json.put("customer_details", details);
		json.put("discounts", List.of());
		json.put("expires_at", created + 86_400);
		json.put("invoice", invoice);
		if ("payment".equals(mode)) {
			Map<String, Object> invoiceData = new LinkedHashMap<>();
			invoiceData.put("account_tax_ids", null);
			invoiceData.put("custom_fields", null);
			invoiceData.put("description", null);
			invoiceData.put("footer", null);
			invoiceData.put("issuer", null);
			invoiceData.put("metadata", Map.of());
			invoiceData.put("rendering_options", null);
			Map<String, Object> invoiceCreation = new LinkedHashMap<>();
			invoiceCreation.put("enabled", false);
			invoiceCreation.put("invoice_data", invoiceData);
			json.put("invoice_creation", invoiceCreation);
		}
		else {
			json.put("invoice_creation", null);
		}
		json.put("livemode", false);
		json.put("managed_payments", null);
		json.put("metadata", new LinkedHashMap<>(metadata));
		json.put("mode", mode);
		json.put("payment_intent", paymentIntent);
		json.put("payment_method_collection", "payment".equals(mode) ? null : "always");
		json.put("payment_method_configuration_details", null);
		json.put("payment_method_types", List.of(methodType));
		json.put("payment_status", paymentStatus);
		json.put("permissions", null);
		json.put("saved_payment_method_options", null);
		json.put("shipping_address_collection", null);
		json.put("shipping_cost", null);
		json.put("status", "complete");
		json.put("subscription", subscription);
		Map<String, Object> totals = new LinkedHashMap<>();
		totals.put("amount_discount", 0L);
		totals.put("amount_shipping", 0L);
		totals.put("amount_tax", tax);
		json.put("total_details", totals);
		json.put("ui_mode", "hosted");
		json.put("url", null);
		json.put("wallet_options", null);
		return json;
	}

	/**
	 * A refund.
	 * @param status {@code pending} or {@code succeeded}
	 * @param balanceTransaction {@code txn_...} of type {@code refund}
	 */
	static Map<String, Object> refund(String id, long amount, String currency, String charge, String paymentIntent,
			String paymentMethod, String status, String balanceTransaction, long created) {
		Map<String, Object> json = SimulatorTemplates.copy("refund");
		json.put("id", id);
		json.put("amount", amount);
		json.put("balance_transaction", balanceTransaction);
		json.put("charge", charge);
		json.put("created", created);
		json.put("currency", currency);
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("type", "refund");
		Map<String, Object> destination = new LinkedHashMap<>();
		destination.put("card", card);
		destination.put("type", "card");
		json.put("destination_details", destination);
		json.put("metadata", new LinkedHashMap<>());
		json.put("payment_intent", paymentIntent);
		json.put("payment_method", paymentMethod);
		json.put("reason", null);
		json.put("status", status);
		return json;
	}

	/**
	 * A dispute Stripe opened (status {@code needs_response}).
	 * @param balanceTransactions its balance transactions, full objects, as Stripe embeds them
	 */
	static Map<String, Object> dispute(String id, long amount, String currency, String charge, String paymentIntent,
			List<Map<String, Object>> balanceTransactions, long created) {
		Map<String, Object> json = SimulatorTemplates.copy("dispute");
		json.put("id", id);
		json.put("amount", amount);
		json.put("balance_transactions", new ArrayList<>(balanceTransactions));
		json.put("charge", charge);
		json.put("created", created);
		json.put("currency", currency);
		Map<String, Object> evidenceDetails = new LinkedHashMap<>();
		evidenceDetails.put("due_by", created + 7 * 86_400);
		evidenceDetails.put("has_evidence", false);
		evidenceDetails.put("past_due", false);
		evidenceDetails.put("submission_count", 0);
		evidenceDetails.put("enhanced_eligibility", Map.of());
		json.put("evidence_details", evidenceDetails);
		json.put("enhanced_eligibility_types", List.of());
		json.put("is_charge_refundable", false);
		json.put("livemode", false);
		json.put("metadata", new LinkedHashMap<>());
		json.put("payment_intent", paymentIntent);
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("brand", "visa");
		card.put("case_type", "chargeback");
		card.put("network_reason_code", "13.1");
		card.put("network", "visa");
		Map<String, Object> method = new LinkedHashMap<>();
		method.put("card", card);
		method.put("type", "card");
		json.put("payment_method_details", method);
		json.put("reason", "product_not_received");
		json.put("status", "needs_response");
		return json;
	}

	private static Map<String, Object> billingDetails() {
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("city", null);
		address.put("country", "US");
		address.put("line1", null);
		address.put("line2", null);
		address.put("postal_code", "94103");
		address.put("state", null);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("address", address);
		details.put("email", "buyer@example.com");
		details.put("name", "Test Buyer");
		details.put("phone", null);
		details.put("tax_id", null);
		return details;
	}

	private static Map<String, Object> paymentMethodDetails(String methodType, long amount) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (BANK_DEBIT.equals(methodType)) {
			Map<String, Object> bank = new LinkedHashMap<>();
			bank.put("account_holder_type", "individual");
			bank.put("account_type", "checking");
			bank.put("bank_name", "STRIPE TEST BANK");
			bank.put("fingerprint", "SimBankFingerprint");
			bank.put("last4", "6789");
			bank.put("payment_reference", null);
			bank.put("routing_number", "110000000");
			details.put(BANK_DEBIT, bank);
			details.put("type", BANK_DEBIT);
			return details;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> card = (Map<String, Object>) SimulatorTemplates.part("charge", "payment_method_details")
			.get(CARD);
		card.put("amount_authorized", amount);
		card.put("fingerprint", "SimCardFingerprint");
		card.put("installments", null);
		@SuppressWarnings("unchecked")
		Map<String, Object> overcapture = (Map<String, Object>) card.get("overcapture");
		overcapture.put("maximum_amount_capturable", amount);
		card.put("three_d_secure", null);
		card.put("wallet", null);
		details.put(CARD, card);
		details.put("type", CARD);
		return details;
	}

}
