package com.treasurybatch.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The money flows the simulator plays, as Stripe records them: which events, in which order, with which amounts,
 * and which balance transactions (amounts, fees, nets and the platform balance worked out by hand in comments).
 */
class StripeSimulatorScenarioTests {

	private static final String PAYEE = "acct_1SimScenarioPayee0001";

	private static final Map<String, String> SALE = Map.of("tb_payee", PAYEE, "tb_split", PAYEE + ":10000");

	private static final long OPENING = 1_000_000;

	private StripeSimulator simulator;

	private SimulatorHttp http;

	@BeforeEach
	void start() {
		this.simulator = StripeSimulator.start();
		this.http = new SimulatorHttp(this.simulator);
		this.simulator.seedAccount(SimulatedAccount.active(PAYEE, Instant.parse("2026-01-05T10:00:00Z")));
		this.simulator.seedBalance("usd", OPENING, 0);
	}

	@AfterEach
	void stop() {
		this.simulator.close();
	}

	@Test
	void checkoutWithStripeTaxChargesSubtotalPlusTaxAndTheFeeIsOnlyOnTheBalanceTransaction() {
		SimulatedSale sale = this.simulator.completeCheckout(SimulatedOrder.of(2_000, "usd", 91, SALE).withTax(165));

		assertThat(this.simulator.eventTypes()).containsExactly("payment_intent.succeeded", "charge.succeeded",
				"checkout.session.completed");
		JsonNode session = object(-1);
		assertThat(session.get("amount_subtotal").asLong()).isEqualTo(2_000);
		assertThat(session.get("total_details").get("amount_tax").asLong()).isEqualTo(165);
		assertThat(session.get("amount_total").asLong()).isEqualTo(2_165); // 2000 + 165
		assertThat(session.get("payment_intent").asString()).isEqualTo(sale.paymentIntentId());
		assertThat(session.get("metadata").get("tb_payee").asString()).isEqualTo(PAYEE);
		assertThat(object(0).get("metadata").size()).as("session metadata is not copied to the PaymentIntent")
			.isZero();
		JsonNode txn = balanceTransactionOf(sale.chargeId());
		assertThat(txn.get("type").asString()).isEqualTo("charge");
		assertThat(txn.get("reporting_category").asString()).isEqualTo("charge");
		assertThat(txn.get("amount").asLong()).isEqualTo(2_165);
		assertThat(txn.get("fee").asLong()).isEqualTo(91);
		assertThat(txn.get("net").asLong()).isEqualTo(2_074); // 2165 - 91
		assertThat(txn.get("fee_details").get(0).get("type").asString()).isEqualTo("stripe_fee");
		assertThat(txn.get("fee_details").get(0).get("amount").asLong()).isEqualTo(91);
		assertThat(txn.get("exchange_rate").isNull()).isTrue();
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 2_074);
	}

	@Test
	void subscriptionCheckoutAndRenewalEmitInvoicePaymentsWithTheSubscriptionMetadataUnderParent() {
		SimulatedInvoice first = this.simulator
			.completeSubscriptionCheckout(SimulatedOrder.of(1_200, "usd", 65, SALE).withTax(99));

		assertThat(this.simulator.eventTypes()).containsExactly("customer.subscription.created", "invoice.paid",
				"invoice_payment.paid", "payment_intent.succeeded", "charge.succeeded", "checkout.session.completed");
		JsonNode invoice = object(1);
		assertThat(invoice.has("subscription")).isFalse();
		assertThat(invoice.has("charge")).isFalse();
		assertThat(invoice.has("payment_intent")).isFalse();
		JsonNode details = invoice.get("parent").get("subscription_details");
		assertThat(details.get("subscription").asString()).isEqualTo(first.subscriptionId());
		assertThat(details.get("metadata").get("tb_split").asString()).isEqualTo(PAYEE + ":10000");
		assertThat(invoice.get("total_taxes").get(0).get("amount").asLong()).isEqualTo(99);
		assertThat(invoice.get("total").asLong()).isEqualTo(1_299); // 1200 + 99
		assertThat(invoice.get("amount_paid").asLong()).isEqualTo(1_299);
		assertThat(invoice.get("billing_reason").asString()).isEqualTo("subscription_create");
		JsonNode invoicePayment = object(2);
		assertThat(invoicePayment.get("invoice").asString()).isEqualTo(first.invoiceId());
		assertThat(invoicePayment.get("payment").get("payment_intent").asString()).isEqualTo(first.paymentIntentId());
		JsonNode session = object(5);
		assertThat(session.get("mode").asString()).isEqualTo("subscription");
		assertThat(session.get("payment_intent").isNull()).isTrue();
		assertThat(session.get("invoice").asString()).isEqualTo(first.invoiceId());
		assertThat(session.get("subscription").asString()).isEqualTo(first.subscriptionId());

		SimulatedInvoice renewal = this.simulator.renewSubscription(first.subscriptionId());

		assertThat(this.simulator.eventTypes().subList(6, 10)).containsExactly("invoice.paid", "invoice_payment.paid",
				"payment_intent.succeeded", "charge.succeeded");
		assertThat(object(6).get("billing_reason").asString()).isEqualTo("subscription_cycle");
		assertThat(renewal.invoiceId()).isNotEqualTo(first.invoiceId());
		assertThat(this.http.get("/v1/invoices/" + renewal.invoiceId()).get("id").asString())
			.isEqualTo(renewal.invoiceId());
		// two charges of 1299, fee 65 each: 2 x (1299 - 65) = 2468
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 2_468);
	}

	@Test
	void aDelayedPaymentCompletesUnpaidThenSucceedsOrFails() {
		SimulatedSale started = this.simulator.startDelayedCheckout(SimulatedOrder.of(3_000, "usd", 24, SALE));

		assertThat(this.simulator.eventTypes()).containsExactly("checkout.session.completed");
		assertThat(object(0).get("payment_status").asString()).isEqualTo("unpaid");
		assertThat(started.chargeId()).isNull();
		assertThat(this.http.get("/v1/balance_transactions").get("data").size()).isZero();

		SimulatedSale paid = this.simulator.succeedDelayedCheckout(started.checkoutSessionId());

		assertThat(this.simulator.eventTypes()).containsExactly("checkout.session.completed",
				"payment_intent.succeeded", "charge.succeeded", "checkout.session.async_payment_succeeded");
		assertThat(object(3).get("payment_status").asString()).isEqualTo("paid");
		assertThat(paid.paymentIntentId()).isEqualTo(started.paymentIntentId());
		assertThat(balanceTransactionOf(paid.chargeId()).get("net").asLong()).isEqualTo(2_976); // 3000 - 24

		SimulatedSale failing = this.simulator.startDelayedCheckout(SimulatedOrder.of(3_000, "usd", 24, SALE));
		this.simulator.failDelayedCheckout(failing.checkoutSessionId());

		assertThat(this.simulator.eventTypes().subList(4, 7)).containsExactly("checkout.session.completed",
				"payment_intent.payment_failed", "checkout.session.async_payment_failed");
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 2_976);
	}

	@Test
	void aPaymentIntentWithoutCheckoutCarriesItsOwnMetadata() {
		SimulatedSale sale = this.simulator.payPaymentIntent(SimulatedOrder.of(1_500, "usd", 74, SALE));

		assertThat(this.simulator.eventTypes()).containsExactly("payment_intent.succeeded", "charge.succeeded");
		assertThat(object(0).get("metadata").get("tb_payee").asString()).isEqualTo(PAYEE);
		assertThat(sale.checkoutSessionId()).isNull();
		assertThat(this.http.get("/v1/payment_intents/" + sale.paymentIntentId()).get("latest_charge").asString())
			.isEqualTo(sale.chargeId());
	}

	@Test
	void aFailedRefundGivesItsAmountBackWithARefundFailureBalanceTransaction() {
		SimulatedSale sale = this.simulator.completeCheckout(2_000, "usd", 88, SALE);
		String refund = this.simulator.refundChargePending(sale.chargeId(), 500);

		assertThat(this.simulator.eventTypes().subList(3, 5)).containsExactly("refund.created", "charge.refunded");
		JsonNode refunded = object(4);
		assertThat(refunded.get("amount_refunded").asLong()).isEqualTo(500);
		assertThat(refunded.has("refunds")).isFalse();
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 1_912 - 500); // 2000 - 88 = 1912

		this.simulator.failRefund(refund, "expired_or_canceled_card");

		assertThat(this.simulator.eventTypes().subList(5, 8)).containsExactly("charge.refund.updated",
				"refund.updated", "refund.failed");
		JsonNode failed = this.http.get("/v1/refunds/" + refund);
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertThat(failed.get("failure_reason").asString()).isEqualTo("expired_or_canceled_card");
		JsonNode failure = balanceTransactionOf(refund, "refund_failure");
		assertThat(failure.get("id").asString()).isEqualTo(failed.get("failure_balance_transaction").asString());
		assertThat(failure.get("amount").asLong()).isEqualTo(500);
		assertThat(failure.get("reporting_category").asString()).isEqualTo("refund_failure");
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 1_912); // -500 + 500
		assertThat(this.http.get("/v1/refunds?charge=" + sale.chargeId()).get("data").get(0).get("id").asString())
			.isEqualTo(refund);
		assertThat(this.http.get("/v1/charges/" + sale.chargeId()).get("amount_refunded").asLong()).isZero();
	}

	@Test
	void aWonDisputeReinstatesTheFundsAndTheFeeALostOneKeepsBoth() {
		SimulatedSale sale = this.simulator.completeCheckout(1_500, "usd", 74, SALE);
		String dispute = this.simulator.disputeCharge(sale.chargeId(), 1_500, 1_500);

		assertThat(this.simulator.eventTypes().subList(3, 5)).containsExactly("charge.dispute.created",
				"charge.dispute.funds_withdrawn");
		JsonNode withdrawal = balanceTransactionOf(dispute);
		assertThat(withdrawal.get("type").asString()).isEqualTo("adjustment");
		assertThat(withdrawal.get("reporting_category").asString()).isEqualTo("dispute");
		assertThat(withdrawal.get("amount").asLong()).isEqualTo(-1_500);
		assertThat(withdrawal.get("fee").asLong()).isEqualTo(1_500);
		assertThat(withdrawal.get("fee_details").get(0).get("description").asString()).isEqualTo("Dispute fee");
		assertThat(withdrawal.get("net").asLong()).isEqualTo(-3_000); // -1500 - 1500
		// 1500 - 74 = 1426 in, 3000 out
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 1_426 - 3_000);

		this.simulator.closeDispute(dispute, true, true);

		assertThat(this.simulator.eventTypes().subList(5, 7)).containsExactly("charge.dispute.funds_reinstated",
				"charge.dispute.closed");
		JsonNode closed = object(6);
		assertThat(closed.get("status").asString()).isEqualTo("won");
		assertThat(closed.get("balance_transactions").size()).isEqualTo(2);
		JsonNode reinstated = closed.get("balance_transactions").get(1);
		assertThat(reinstated.get("reporting_category").asString()).isEqualTo("dispute_reversal");
		assertThat(reinstated.get("amount").asLong()).isEqualTo(1_500);
		assertThat(reinstated.get("fee").asLong()).isEqualTo(-1_500);
		assertThat(reinstated.get("net").asLong()).isEqualTo(3_000);
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 1_426);

		SimulatedSale other = this.simulator.completeCheckout(1_000, "usd", 59, SALE);
		String lost = this.simulator.disputeCharge(other.chargeId(), 1_000, 1_500);
		this.simulator.closeDispute(lost, false, false);

		List<String> types = this.simulator.eventTypes();
		assertThat(types.get(types.size() - 1)).isEqualTo("charge.dispute.closed");
		assertThat(object(-1).get("status").asString()).isEqualTo("lost");
		assertThat(object(-1).get("balance_transactions").size()).isEqualTo(1);
		// + (1000 - 59) - (1000 + 1500) = -1559
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 1_426 - 1_559);
	}

	@Test
	void aChargeInEuroSettlesInDollarsAtTheRateAndSoDoItsRefunds() {
		SimulatedSale sale = this.simulator.completeCheckout(
				SimulatedOrder.of(1_000, "eur", 61, SALE).settledIn("usd", new BigDecimal("1.0850")));

		JsonNode charge = this.http.get("/v1/charges/" + sale.chargeId());
		assertThat(charge.get("currency").asString()).isEqualTo("eur");
		assertThat(charge.get("amount").asLong()).isEqualTo(1_000);
		JsonNode txn = balanceTransactionOf(sale.chargeId());
		assertThat(txn.get("currency").asString()).isEqualTo("usd");
		assertThat(txn.get("amount").asLong()).isEqualTo(1_085); // 1000 x 1.0850
		assertThat(txn.get("fee").asLong()).isEqualTo(61);
		assertThat(txn.get("fee_details").get(0).get("currency").asString()).isEqualTo("usd");
		assertThat(txn.get("net").asLong()).isEqualTo(1_024); // 1085 - 61
		assertThat(txn.get("exchange_rate").decimalValue()).isEqualByComparingTo("1.085");

		String refund = this.simulator.refundCharge(sale.chargeId(), 333);

		JsonNode refundTxn = balanceTransactionOf(refund);
		assertThat(refundTxn.get("currency").asString()).isEqualTo("usd");
		assertThat(refundTxn.get("amount").asLong()).isEqualTo(-361); // 333 x 1.085 = 361.305, rounded
		assertThat(refundTxn.get("exchange_rate").decimalValue()).isEqualByComparingTo("1.085");
		assertThat(this.simulator.platformAvailable("usd")).isEqualTo(OPENING + 1_024 - 361);
		assertThat(this.simulator.platformAvailable("eur")).isZero();
	}

	@Test
	void theOldCheckoutSignatureStillMakesAPaidSale() {
		SimulatedSale sale = this.simulator.completeCheckout(1_000, "usd", 59, SALE);

		assertThat(sale.amountCents()).isEqualTo(1_000);
		assertThat(sale.balanceTransactionId()).isEqualTo(balanceTransactionOf(sale.chargeId()).get("id").asString());
		assertThat(this.simulator.events().get(2).id()).isEqualTo(sale.eventId());
	}

	/** The {@code data.object} of the n-th event (negative: from the end). */
	private JsonNode object(int index) {
		List<SimulatedEvent> events = this.simulator.events();
		SimulatedEvent event = events.get((index < 0) ? events.size() + index : index);
		return StripeShapes.JSON.readTree(event.json()).get("data").get("object");
	}

	private JsonNode balanceTransactionOf(String source) {
		return balanceTransactionOf(source, null);
	}

	private JsonNode balanceTransactionOf(String source, String type) {
		JsonNode list = this.http.get("/v1/balance_transactions?limit=100&source=" + source
				+ ((type != null) ? "&type=" + type : ""));
		List<JsonNode> found = new ArrayList<>();
		list.get("data").forEach(found::add);
		assertThat(found).as("balance transactions of " + source).isNotEmpty();
		return found.get(found.size() - 1);
	}

}
