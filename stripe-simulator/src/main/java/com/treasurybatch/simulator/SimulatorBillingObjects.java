package com.treasurybatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Billing objects as Stripe renders them at API version 2026-07-29.dahlia, each a copy of Stripe's own example
 * object ({@link SimulatorTemplates}) with the simulated values: subscription, invoice and invoice payment
 * (docs.stripe.com/api/subscriptions/object, /api/invoices/object, /api/invoice-payment/object). Since
 * 2025-03-31.basil an invoice names no charge, payment intent or subscription at top level: its subscription and
 * that subscription's metadata are under {@code parent.subscription_details}, its taxes in {@code total_taxes}, and
 * its payments are {@code invoice_payment} objects.
 */
final class SimulatorBillingObjects {

	/** A month, as Stripe's simulated billing periods are (30 days here). */
	static final long PERIOD_SECONDS = 30L * 86_400;

	private SimulatorBillingObjects() {
	}

	/**
	 * An active monthly subscription of one price.
	 * @param metadata the subscription's metadata ({@code tb_*} keys)
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> subscription(String id, String customer, String item, String price, String product,
			long unitAmount, long tax, String currency, Map<String, String> metadata, String latestInvoice,
			String paymentMethod, long created, long periodStart) {
		Map<String, Object> json = SimulatorTemplates.copy("subscription");
		json.put("id", id);
		json.put("application_fee_percent", null);
		json.put("automatic_tax", automaticTax(tax));
		json.put("billing_cycle_anchor", created);
		json.put("billing_cycle_anchor_config", null);
		Map<String, Object> billingMode = new LinkedHashMap<>();
		billingMode.put("flexible", null);
		billingMode.put("type", "classic");
		json.put("billing_mode", billingMode);
		json.put("billing_schedules", List.of());
		json.put("cancel_at", null);
		json.put("canceled_at", null);
		json.put("created", created);
		json.put("currency", currency);
		json.put("customer", customer);
		json.put("default_payment_method", paymentMethod);
		json.put("ended_at", null);
		Map<String, Object> itemJson = SimulatorTemplates.part("subscription", "items", "data", 0);
		itemJson.put("id", item);
		itemJson.put("created", created);
		itemJson.put("current_period_start", periodStart);
		itemJson.put("current_period_end", periodStart + PERIOD_SECONDS);
		itemJson.put("billing_thresholds", null);
		itemJson.put("subscription", id);
		Map<String, Object> priceJson = (Map<String, Object>) itemJson.get("price");
		priceJson.put("id", price);
		priceJson.put("created", created);
		priceJson.put("currency", currency);
		priceJson.put("custom_unit_amount", null);
		priceJson.put("product", product);
		priceJson.put("tax_behavior", "exclusive");
		priceJson.put("transform_quantity", null);
		priceJson.put("unit_amount", unitAmount);
		priceJson.put("unit_amount_decimal", Long.toString(unitAmount));
		Map<String, Object> plan = (Map<String, Object>) itemJson.get("plan");
		plan.put("id", price);
		plan.put("amount", unitAmount);
		plan.put("amount_decimal", Long.toString(unitAmount));
		plan.put("billing_scheme", "per_unit");
		plan.put("created", created);
		plan.put("currency", currency);
		plan.put("interval_count", 1);
		plan.put("livemode", false);
		plan.put("metadata", Map.of());
		plan.put("product", product);
		plan.put("transform_usage", null);
		Map<String, Object> items = (Map<String, Object>) json.get("items");
		items.put("data", new ArrayList<>(List.of(itemJson)));
		items.put("url", "/v1/subscription_items?subscription=" + id);
		json.put("latest_invoice", latestInvoice);
		json.put("managed_payments", null);
		json.put("metadata", new LinkedHashMap<>(metadata));
		json.put("next_pending_invoice_item_invoice", null);
		json.put("pause_collection", null);
		Map<String, Object> paymentSettings = new LinkedHashMap<>();
		paymentSettings.put("payment_method_options", null);
		paymentSettings.put("payment_method_types", null);
		paymentSettings.put("save_default_payment_method", "off");
		json.put("payment_settings", paymentSettings);
		json.put("pending_invoice_item_interval", null);
		json.put("pending_update", null);
		json.put("start_date", created);
		json.put("status", "active");
		json.put("transfer_data", null);
		json.put("trial_end", null);
		json.put("trial_start", null);
		return json;
	}

	/**
	 * A paid subscription invoice of one line.
	 * @param billingReason {@code subscription_create} or {@code subscription_cycle}
	 * @param metadata the subscription's metadata, rendered under {@code parent.subscription_details.metadata}
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> invoice(String id, String number, String customer, String subscription,
			String subscriptionItem, String price, long subtotal, long tax, String currency,
			Map<String, String> metadata, String billingReason, long created, long periodStart) {
		long total = subtotal + tax;
		Map<String, Object> json = SimulatorTemplates.copy("invoice");
		json.put("id", id);
		json.put("account_name", "Treasury Batch");
		json.put("amount_due", total);
		json.put("amount_overpaid", 0L);
		json.put("amount_paid", total);
		json.put("amount_remaining", 0L);
		json.put("amount_shipping", 0L);
		json.put("attempt_count", 1);
		json.put("attempted", true);
		Map<String, Object> invoiceTax = automaticTax(tax);
		invoiceTax.put("status", (tax > 0) ? "complete" : null);
		invoiceTax.put("provider", (tax > 0) ? "stripe" : null);
		json.put("automatic_tax", invoiceTax);
		json.put("billing_reason", billingReason);
		json.put("created", created);
		json.put("currency", currency);
		json.put("customer", customer);
		json.put("customer_email", "buyer@example.com");
		json.put("customer_name", "Test Buyer");
		json.put("customer_shipping", null);
		json.put("due_date", null);
		json.put("effective_at", created);
		json.put("ending_balance", 0L);
		json.put("from_invoice", null);
		json.put("hosted_invoice_url", "https://invoice.stripe.com/i/" + id);
		json.put("invoice_pdf", "https://pay.stripe.com/invoice/" + id + "/pdf");
		json.put("last_finalization_error", null);
		Map<String, Object> line = SimulatorTemplates.part("invoice", "lines", "data", 0);
		line.put("id", "il_" + id.substring(3));
		line.put("amount", subtotal);
		line.put("currency", currency);
		line.put("description", "1 x Subscription (at " + subtotal + " " + currency + " / month)");
		line.put("invoice", id);
		line.put("metadata", new LinkedHashMap<>(metadata));
		line.put("period", Map.of("end", periodStart + PERIOD_SECONDS, "start", periodStart));
		line.put("subscription", subscription);
		line.put("pretax_credit_amounts", List.of());
		line.put("taxes", taxes(subtotal, tax));
		Map<String, Object> itemDetails = new LinkedHashMap<>();
		itemDetails.put("invoice_item", null);
		itemDetails.put("proration", false);
		Map<String, Object> proration = new LinkedHashMap<>();
		proration.put("credited_items", null);
		itemDetails.put("proration_details", proration);
		itemDetails.put("subscription", subscription);
		itemDetails.put("subscription_item", subscriptionItem);
		Map<String, Object> lineParent = new LinkedHashMap<>();
		lineParent.put("invoice_item_details", null);
		lineParent.put("subscription_item_details", itemDetails);
		lineParent.put("type", "subscription_item_details");
		line.put("parent", lineParent);
		Map<String, Object> pricing = new LinkedHashMap<>();
		pricing.put("type", "price_details");
		pricing.put("unit_amount_decimal", Long.toString(subtotal));
		line.put("pricing", pricing);
		line.put("subtotal", subtotal);
		line.put("quantity_decimal", "1");
		Map<String, Object> lines = (Map<String, Object>) json.get("lines");
		lines.put("data", new ArrayList<>(List.of(line)));
		lines.put("url", "/v1/invoices/" + id + "/lines");
		json.put("next_payment_attempt", null);
		json.put("number", number);
		Map<String, Object> subscriptionDetails = new LinkedHashMap<>();
		subscriptionDetails.put("metadata", new LinkedHashMap<>(metadata));
		subscriptionDetails.put("subscription", subscription);
		Map<String, Object> parent = new LinkedHashMap<>();
		parent.put("quote_details", null);
		parent.put("subscription_details", subscriptionDetails);
		parent.put("type", "subscription_details");
		json.put("parent", parent);
		Map<String, Object> paymentSettings = new LinkedHashMap<>();
		paymentSettings.put("default_mandate", null);
		paymentSettings.put("payment_method_options", null);
		paymentSettings.put("payment_method_types", null);
		json.put("payment_settings", paymentSettings);
		json.put("period_end", periodStart);
		json.put("period_start", periodStart);
		json.put("rendering", null);
		json.put("shipping_cost", null);
		json.put("shipping_details", null);
		json.put("status", "paid");
		Map<String, Object> transitions = new LinkedHashMap<>();
		transitions.put("finalized_at", created);
		transitions.put("marked_uncollectible_at", null);
		transitions.put("paid_at", created);
		transitions.put("voided_at", null);
		json.put("status_transitions", transitions);
		json.put("subtotal", subtotal);
		json.put("subtotal_excluding_tax", subtotal);
		json.put("total", total);
		json.put("total_excluding_tax", subtotal);
		json.put("total_pretax_credit_amounts", List.of());
		json.put("total_taxes", taxes(subtotal, tax));
		json.put("webhooks_delivered_at", created);
		return json;
	}

	/** The {@code invoice_payment} of a paid invoice, paid by a PaymentIntent. */
	static Map<String, Object> invoicePayment(String id, String invoice, String paymentIntent, long amount,
			String currency, long created) {
		Map<String, Object> json = SimulatorTemplates.copy("invoice_payment");
		json.put("id", id);
		json.put("amount_paid", amount);
		json.put("amount_requested", amount);
		json.put("created", created);
		json.put("currency", currency);
		json.put("invoice", invoice);
		json.put("is_default", true);
		json.put("livemode", false);
		Map<String, Object> payment = new LinkedHashMap<>();
		payment.put("payment_intent", paymentIntent);
		payment.put("type", "payment_intent");
		json.put("payment", payment);
		json.put("status", "paid");
		Map<String, Object> transitions = new LinkedHashMap<>();
		transitions.put("canceled_at", null);
		transitions.put("paid_at", created);
		json.put("status_transitions", transitions);
		return json;
	}

	private static Map<String, Object> automaticTax(long tax) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("enabled", tax > 0);
		json.put("liability", (tax > 0) ? Map.of("type", "self") : null);
		json.put("disabled_reason", null);
		return json;
	}

	/** Stripe Tax's one tax line, or none (docs.stripe.com/api/invoices/object#invoice_object-total_taxes). */
	private static List<Map<String, Object>> taxes(long taxable, long tax) {
		if (tax == 0) {
			return List.of();
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("amount", tax);
		json.put("tax_behavior", "exclusive");
		json.put("tax_rate_details", Map.of("tax_rate", "txr_1SimStripeTaxRate00000"));
		json.put("taxability_reason", "standard_rated");
		json.put("taxable_amount", taxable);
		json.put("type", "tax_rate_details");
		return List.of(json);
	}

}
