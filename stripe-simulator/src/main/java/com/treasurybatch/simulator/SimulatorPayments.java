package com.treasurybatch.simulator;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Money coming in on the platform as Stripe records it: Checkout in payment and subscription mode, subscription
 * renewals, delayed payment methods, PaymentIntents without Checkout, each with its charge's balance transaction
 * (Stripe's fee in {@code fee_details}, settlement currency and {@code exchange_rate}) and the events Stripe emits
 * (docs.stripe.com/payments/checkout/fulfill-orders, /billing/subscriptions/webhooks,
 * /payments/checkout/how-checkout-works#delayed-notification). Also the platform's own payouts and fee revisions.
 * Called under the simulator's lock.
 */
final class SimulatorPayments {

	private static final long SESSION_SECONDS_BEFORE_EVENT = 240;

	private final SimulatorState state;

	SimulatorPayments(SimulatorState state) {
		this.state = state;
	}

	/**
	 * A charge and its PaymentIntent, made and booked.
	 * @param paymentIntent the PaymentIntent (its status now {@code succeeded})
	 * @param charge the charge
	 * @param balanceTransaction the charge's balance transaction
	 */
	record Paid(Map<String, Object> paymentIntent, Map<String, Object> charge, Map<String, Object> balanceTransaction) {

		String paymentIntentId() {
			return (String) this.paymentIntent.get("id");
		}

		String chargeId() {
			return (String) this.charge.get("id");
		}

		String balanceTransactionId() {
			return (String) this.balanceTransaction.get("id");
		}

	}

	SimulatedSale checkoutPayment(SimulatedOrder order) {
		String session = this.state.newId("cs_test_");
		Paid paid = pay(order, order.paymentIntentMetadata(), null, null, SimulatorPaymentObjects.CARD);
		Map<String, Object> sessionJson = SimulatorPaymentObjects.checkoutSession(session, "payment",
				order.subtotalCents(), order.taxCents(), order.currency(), SimulatorPaymentObjects.CARD,
				order.metadata(), paid.paymentIntentId(), null, null, null, "paid",
				this.state.now() - SESSION_SECONDS_BEFORE_EVENT);
		this.state.sources.put(session, sessionJson);
		this.state.emit(SimulatorState.PLATFORM, "checkout.session.completed", sessionJson, null, null);
		return new SimulatedSale(session, paid.paymentIntentId(), paid.chargeId(), paid.balanceTransactionId(),
				this.state.lastEventId(), order.totalCents(), order.currency());
	}

	SimulatedSale paymentIntent(SimulatedOrder order) {
		Paid paid = pay(order, order.metadata(), null, null, SimulatorPaymentObjects.CARD);
		String eventId = eventIdOf("payment_intent.succeeded", paid.paymentIntentId());
		return new SimulatedSale(null, paid.paymentIntentId(), paid.chargeId(), paid.balanceTransactionId(), eventId,
				order.totalCents(), order.currency());
	}

	SimulatedSale startDelayedCheckout(SimulatedOrder order) {
		String session = this.state.newId("cs_test_");
		String intent = this.state.newId("pi_");
		String method = this.state.newId("pm_");
		Map<String, Object> intentJson = SimulatorPaymentObjects.paymentIntent(intent, order.totalCents(),
				order.currency(), "processing", null, method, SimulatorPaymentObjects.BANK_DEBIT,
				order.paymentIntentMetadata(), null, this.state.now());
		this.state.sources.put(intent, intentJson);
		Map<String, Object> sessionJson = SimulatorPaymentObjects.checkoutSession(session, "payment",
				order.subtotalCents(), order.taxCents(), order.currency(), SimulatorPaymentObjects.BANK_DEBIT,
				order.metadata(), intent, null, null, null, "unpaid", this.state.now() - SESSION_SECONDS_BEFORE_EVENT);
		this.state.sources.put(session, sessionJson);
		this.state.delayedOrders.put(session, order);
		this.state.emit(SimulatorState.PLATFORM, "checkout.session.completed", sessionJson, null, null);
		return new SimulatedSale(session, intent, null, null, this.state.lastEventId(), order.totalCents(),
				order.currency());
	}

	SimulatedSale succeedDelayedCheckout(String sessionId) {
		Map<String, Object> session = delayedSession(sessionId);
		SimulatedOrder order = this.state.delayedOrders.remove(sessionId);
		Map<String, Object> intent = this.state.sources.get((String) session.get("payment_intent"));
		Paid paid = pay(order, order.paymentIntentMetadata(), intent, null, SimulatorPaymentObjects.BANK_DEBIT);
		session.put("payment_status", "paid");
		this.state.emit(SimulatorState.PLATFORM, "checkout.session.async_payment_succeeded", session, null, null);
		return new SimulatedSale(sessionId, paid.paymentIntentId(), paid.chargeId(), paid.balanceTransactionId(),
				this.state.lastEventId(), order.totalCents(), order.currency());
	}

	void failDelayedCheckout(String sessionId) {
		Map<String, Object> session = delayedSession(sessionId);
		this.state.delayedOrders.remove(sessionId);
		Map<String, Object> intent = this.state.sources.get((String) session.get("payment_intent"));
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", "insufficient_funds");
		error.put("decline_code", null);
		error.put("message", "The customer's account has insufficient funds to cover this payment.");
		error.put("type", "card_error");
		intent.put("last_payment_error", error);
		intent.put("payment_method", null);
		intent.put("status", "requires_payment_method");
		this.state.emit(SimulatorState.PLATFORM, "payment_intent.payment_failed", intent,
				Map.of("status", "processing"), null);
		this.state.emit(SimulatorState.PLATFORM, "checkout.session.async_payment_failed", session, null, null);
	}

	SimulatedInvoice checkoutSubscription(SimulatedOrder order) {
		long now = this.state.now();
		String subscription = this.state.newId("sub_");
		String customer = this.state.newId("cus_");
		String method = this.state.newId("pm_");
		SimulatorState.Plan plan = new SimulatorState.Plan(subscription, customer, this.state.newId("si_"),
				this.state.newId("price_"), this.state.newId("prod_"), method, order);
		this.state.plans.put(subscription, plan);
		String invoice = this.state.newId("in_");
		Map<String, Object> subscriptionJson = SimulatorBillingObjects.subscription(subscription, customer,
				plan.item(), plan.price(), plan.product(), order.subtotalCents(), order.taxCents(), order.currency(),
				order.metadata(), invoice, method, now, now);
		this.state.sources.put(subscription, subscriptionJson);
		this.state.emit(SimulatorState.PLATFORM, "customer.subscription.created", subscriptionJson, null, null);
		SimulatedInvoice paid = invoice(plan, invoice, "subscription_create", now);
		String session = this.state.newId("cs_test_");
		Map<String, Object> sessionJson = SimulatorPaymentObjects.checkoutSession(session, "subscription",
				order.subtotalCents(), order.taxCents(), order.currency(), SimulatorPaymentObjects.CARD, Map.of(),
				null, invoice, subscription, customer, "paid", now - SESSION_SECONDS_BEFORE_EVENT);
		this.state.sources.put(session, sessionJson);
		this.state.emit(SimulatorState.PLATFORM, "checkout.session.completed", sessionJson, null, null);
		return new SimulatedInvoice(paid.subscriptionId(), paid.invoiceId(), paid.invoicePaymentId(),
				paid.paymentIntentId(), paid.chargeId(), paid.balanceTransactionId(), session,
				paid.amountPaidCents(), paid.currency());
	}

	SimulatedInvoice renewSubscription(String subscriptionId) {
		SimulatorState.Plan plan = this.state.plans.get(subscriptionId);
		if (plan == null) {
			throw new IllegalArgumentException("No subscription " + subscriptionId);
		}
		String invoice = this.state.newId("in_");
		Map<String, Object> subscription = this.state.sources.get(subscriptionId);
		subscription.put("latest_invoice", invoice);
		return invoice(plan, invoice, "subscription_cycle", this.state.now());
	}

	/** Pays a subscription invoice: {@code invoice.paid}, {@code invoice_payment.paid}, then the payment's events. */
	private SimulatedInvoice invoice(SimulatorState.Plan plan, String invoice, String billingReason, long now) {
		SimulatedOrder order = plan.order();
		int sequence = ++plan.invoices;
		String number = plan.customer().substring(4, 12).toUpperCase() + "-" + String.format("%04d", sequence);
		Map<String, Object> invoiceJson = SimulatorBillingObjects.invoice(invoice, number, plan.customer(),
				plan.subscription(), plan.item(), plan.price(), order.subtotalCents(), order.taxCents(),
				order.currency(), order.metadata(), billingReason, now, now);
		this.state.sources.put(invoice, invoiceJson);
		String intent = this.state.newId("pi_");
		String invoicePayment = this.state.newId("inpay_");
		Map<String, Object> paymentJson = SimulatorBillingObjects.invoicePayment(invoicePayment, invoice, intent,
				order.totalCents(), order.currency(), now);
		this.state.sources.put(invoicePayment, paymentJson);
		this.state.emit(SimulatorState.PLATFORM, "invoice.paid", invoiceJson, null, null);
		this.state.emit(SimulatorState.PLATFORM, "invoice_payment.paid", paymentJson, null, null);
		Map<String, Object> intentJson = SimulatorPaymentObjects.paymentIntent(intent, order.totalCents(),
				order.currency(), "processing", null, plan.paymentMethod(), SimulatorPaymentObjects.CARD, Map.of(),
				plan.customer(), now);
		intentJson.put("description", "Subscription " + ("subscription_create".equals(billingReason) ? "creation"
				: "update"));
		Paid paid = pay(order, Map.of(), intentJson, plan.customer(), SimulatorPaymentObjects.CARD);
		return new SimulatedInvoice(plan.subscription(), invoice, invoicePayment, paid.paymentIntentId(),
				paid.chargeId(), paid.balanceTransactionId(), null, order.totalCents(), order.currency());
	}

	/**
	 * The payment of an order: its charge's balance transaction (type {@code charge}, Stripe's fee, settled and
	 * converted as the order says) moving the platform balance by its net, the charge, the PaymentIntent
	 * {@code succeeded}; events {@code payment_intent.succeeded} then {@code charge.succeeded}.
	 * @param existingIntent a PaymentIntent made earlier (processing), or null for a new one
	 */
	private Paid pay(SimulatedOrder order, Map<String, String> intentMetadata, Map<String, Object> existingIntent,
			String customer, String methodType) {
		long now = this.state.now();
		long amount = order.totalCents();
		String intent = (existingIntent != null) ? (String) existingIntent.get("id") : this.state.newId("pi_");
		String method = (existingIntent != null && existingIntent.get("payment_method") != null)
				? (String) existingIntent.get("payment_method") : this.state.newId("pm_");
		String charge = this.state.newId("ch_");
		SimulatedSettlement settlement = order.settlement();
		String settledIn = (settlement != null) ? settlement.currency() : order.currency();
		long settled = (settlement != null) ? settlement.settle(amount) : amount;
		BigDecimal rate = (settlement != null) ? settlement.exchangeRate() : null;
		List<Map<String, Object>> fees = (order.stripeFeeCents() == 0) ? List.of()
				: List.of(SimulatorState.feeDetail(order.stripeFeeCents(), settledIn, SimulatorState.PROCESSING_FEES));
		Map<String, Object> txn = this.state.book("charge", settled, fees, settledIn, charge, "charge", rate, null);
		Map<String, Object> chargeJson = SimulatorPaymentObjects.charge(charge, amount, order.currency(), intent,
				method, methodType, (String) txn.get("id"), intentMetadata, customer, now);
		this.state.sources.put(charge, chargeJson);
		this.state.settlements.put(charge, (settlement != null) ? settlement
				: new SimulatedSettlement(order.currency(), BigDecimal.ONE));
		Map<String, Object> intentJson = (existingIntent != null) ? existingIntent
				: SimulatorPaymentObjects.paymentIntent(intent, amount, order.currency(), "succeeded", charge, method,
						methodType, intentMetadata, customer, now);
		intentJson.put("amount_received", amount);
		intentJson.put("latest_charge", charge);
		intentJson.put("status", "succeeded");
		this.state.sources.put(intent, intentJson);
		this.state.emit(SimulatorState.PLATFORM, "payment_intent.succeeded", intentJson, null, null);
		this.state.emit(SimulatorState.PLATFORM, "charge.succeeded", chargeJson, null, null);
		return new Paid(intentJson, chargeJson, txn);
	}

	String platformPayout(long amount, String currency) {
		String payout = this.state.newId("po_");
		String txn = this.state.recordBalanceTransaction(SimulatorState.PLATFORM, "payout", -amount, currency,
				payout, "payout");
		this.state.addAvailable(SimulatorState.PLATFORM, currency, -amount);
		long now = this.state.now();
		Map<String, Object> payoutJson = SimulatorObjects.payout(payout, new SimulatorApi.Money(amount, currency, null),
				"standard", FormFields.parse(""), txn, now, now + 2 * 86_400);
		payoutJson.put("automatic", true);
		this.state.sources.put(payout, payoutJson);
		this.state.emit(SimulatorState.PLATFORM, "payout.created", payoutJson, null, null);
		return payout;
	}

	void reviseFee(String sourceId, long fee) {
		Map<String, Object> txn = this.state.balanceTransactionOf(sourceId);
		if (txn == null) {
			throw new IllegalArgumentException("No balance transaction for " + sourceId);
		}
		long amount = ((Number) txn.get("amount")).longValue();
		long feeBefore = ((Number) txn.get("fee")).longValue();
		String currency = (String) txn.get("currency");
		this.state.adjustAvailable(SimulatorState.PLATFORM, currency, feeBefore - fee);
		txn.put("fee", fee);
		txn.put("fee_details", (fee == 0) ? List.of()
				: List.of(SimulatorState.feeDetail(fee, currency, SimulatorState.PROCESSING_FEES)));
		txn.put("net", amount - fee);
	}

	private Map<String, Object> delayedSession(String sessionId) {
		Map<String, Object> session = this.state.sources.get(sessionId);
		if (session == null || !this.state.delayedOrders.containsKey(sessionId)) {
			throw new IllegalArgumentException("No Checkout Session awaiting a delayed payment: " + sessionId);
		}
		return session;
	}

	private String eventIdOf(String type, String objectId) {
		for (int i = this.state.events.size() - 1; i >= 0; i--) {
			Map<String, Object> event = this.state.events.get(i).json();
			@SuppressWarnings("unchecked")
			Map<String, Object> data = (Map<String, Object>) event.get("data");
			@SuppressWarnings("unchecked")
			Map<String, Object> object = (Map<String, Object>) data.get("object");
			if (type.equals(event.get("type")) && objectId.equals(object.get("id"))) {
				return (String) event.get("id");
			}
		}
		throw new IllegalStateException("No " + type + " event for " + objectId);
	}

}
