package com.treasurybatch.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.stripe.model.Event;
import com.stripe.net.ApiResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every object and event the simulator produces has exactly Stripe's shape at the pinned API version: it drives
 * every scenario, then checks every event's envelope and {@code data.object} and every API answer against
 * {@code stripe-shapes.json} (derived from Stripe's OpenAPI fixtures).
 */
class StripeShapeTests {

	private static final String PAYEE = "acct_1SimShapePayee000001";

	private static final Map<String, String> SALE = Map.of("tb_payee", PAYEE, "tb_split", PAYEE + ":10000");

	private final StripeShapes shapes = new StripeShapes();

	private StripeSimulator simulator;

	private SimulatorHttp http;

	@BeforeEach
	void start() {
		this.simulator = StripeSimulator.start();
		this.http = new SimulatorHttp(this.simulator);
		this.simulator.seedAccount(SimulatedAccount.active(PAYEE, Instant.parse("2026-01-05T10:00:00Z")));
		this.simulator.seedBalance("usd", 1_000_000, 0);
	}

	@AfterEach
	void stop() {
		this.simulator.close();
	}

	@Test
	void everyEventAndEveryApiObjectHasStripesShape() {
		Scenarios made = driveEveryScenario();

		this.simulator.events().forEach((event) -> this.shapes.checkEvent(readTree(event.json())));
		for (String charge : made.charges()) {
			check("GET charge", this.http.get("/v1/charges/" + charge));
			checkList("GET refunds", this.http.get("/v1/refunds?charge=" + charge + "&limit=100"), false);
		}
		check("GET refund", this.http.get("/v1/refunds/" + made.failedRefund()));
		check("GET payment intent", this.http.get("/v1/payment_intents/" + made.sale().paymentIntentId()));
		check("GET invoice", this.http.get("/v1/invoices/" + made.renewal().invoiceId()));
		check("GET account", this.http.get("/v1/accounts/" + PAYEE));
		check("GET balance", this.http.get("/v1/balance"));
		check("GET transfer", this.http.get("/v1/transfers/" + made.transfer()));
		check("GET payout", this.http.get("/v1/payouts/" + made.payout(), PAYEE));
		checkList("GET balance transactions", this.http.get("/v1/balance_transactions?limit=100"), false);
		checkList("GET balance transactions expanded",
				this.http.get("/v1/balance_transactions?limit=100&expand[]=data.source"), true);
		JsonNode events = this.http.get("/v1/events?limit=100");
		events.get("data").forEach(this.shapes::checkEvent);

		assertThat(this.shapes.problems()).isEmpty();
		assertThat(this.shapes.typesSeen()).containsExactlyInAnyOrder("account", "balance", "balance_transaction",
				"charge", "checkout.session", "dispute", "event", "invoice", "invoice_payment", "line_item",
				"payment_intent", "payout", "refund", "subscription", "subscription_item", "transfer",
				"transfer_reversal");
	}

	@Test
	void stripeJavaReadsEveryEventAsAnObjectOfItsPinnedVersion() {
		driveEveryScenario();

		for (SimulatedEvent simulated : this.simulator.events()) {
			Event event = ApiResource.GSON.fromJson(simulated.json(), Event.class);
			assertThat(event.getDataObjectDeserializer().getObject()).as(simulated.type()).isPresent();
		}
		assertThat(this.simulator.eventTypes()).contains("invoice_payment.paid", "refund.failed",
				"charge.dispute.funds_reinstated", "checkout.session.async_payment_failed");
	}

	@Test
	void webhooksNeverExpandAndChargesCarryNoRefundsListNorDispute() {
		SimulatedSale sale = this.simulator.completeCheckout(2_000, "usd", 88, SALE);
		this.simulator.refundCharge(sale.chargeId(), 500);
		this.simulator.disputeCharge(sale.chargeId(), 1_500, 1_500);

		for (SimulatedEvent event : this.simulator.events()) {
			JsonNode object = readTree(event.json()).get("data").get("object");
			if (event.type().equals("checkout.session.completed")) {
				assertThat(object.get("payment_intent").isString()).isTrue();
			}
			if (object.path("object").asString().equals("charge")) {
				assertThat(object.has("refunds")).isFalse();
				assertThat(object.has("dispute")).isFalse();
				assertThat(object.get("balance_transaction").isString()).isTrue();
			}
		}
	}

	@Test
	void theCheckBitesOnAFieldStripeDoesNotSendOrAnExpandedReference() {
		SimulatedSale sale = this.simulator.completeCheckout(2_000, "usd", 88, SALE);
		JsonNode charge = this.http.get("/v1/charges/" + sale.chargeId());
		tools.jackson.databind.node.ObjectNode extra = (tools.jackson.databind.node.ObjectNode) charge.deepCopy();
		extra.put("dispute", (String) null);
		tools.jackson.databind.node.ObjectNode expanded = (tools.jackson.databind.node.ObjectNode) charge.deepCopy();
		expanded.set("balance_transaction", this.http.get("/v1/balance_transactions?limit=1").get("data").get(0));
		tools.jackson.databind.node.ObjectNode withRefunds = (tools.jackson.databind.node.ObjectNode) charge
			.deepCopy();
		withRefunds.set("refunds", this.http.get("/v1/refunds?charge=" + sale.chargeId()));

		this.shapes.checkObject("extra", extra, false);
		this.shapes.checkObject("expanded", expanded, false);
		this.shapes.checkObject("with refunds", withRefunds, false);

		assertThat(this.shapes.problems()).containsExactly(
				"extra (charge): fields Stripe does not send [dispute]",
				"expanded (charge).balance_transaction: an expanded reference (OBJECT)",
				"with refunds (charge): fields Stripe does not send [refunds]");
	}

	/**
	 * What the scenarios made, for the API calls.
	 * @param charges every charge id
	 */
	private record Scenarios(SimulatedSale sale, SimulatedInvoice renewal, String failedRefund, String transfer,
			String payout, java.util.List<String> charges) {
	}

	private Scenarios driveEveryScenario() {
		SimulatedSale legacy = this.simulator.completeCheckout(1_000, "usd", 59, SALE);
		SimulatedSale taxed = this.simulator.completeCheckout(SimulatedOrder.of(2_000, "usd", 91, SALE)
			.withTax(165)
			.withPaymentIntentMetadata(Map.of("order", "A-1")));
		SimulatedSale native_ = this.simulator.payPaymentIntent(SimulatedOrder.of(1_500, "usd", 74, SALE));
		SimulatedSale delayed = this.simulator.startDelayedCheckout(SimulatedOrder.of(3_000, "usd", 24, SALE));
		SimulatedSale delayedPaid = this.simulator.succeedDelayedCheckout(delayed.checkoutSessionId());
		SimulatedSale delayedFailing = this.simulator.startDelayedCheckout(SimulatedOrder.of(3_000, "usd", 24, SALE));
		this.simulator.failDelayedCheckout(delayedFailing.checkoutSessionId());
		SimulatedInvoice first = this.simulator
			.completeSubscriptionCheckout(SimulatedOrder.of(1_200, "usd", 65, SALE).withTax(99));
		SimulatedInvoice renewal = this.simulator.renewSubscription(first.subscriptionId());
		SimulatedSale euro = this.simulator.completeCheckout(
				SimulatedOrder.of(1_000, "eur", 61, SALE).settledIn("usd", new BigDecimal("1.0850")));

		this.simulator.refundCharge(legacy.chargeId(), 300);
		String failing = this.simulator.refundChargePending(taxed.chargeId(), 500);
		this.simulator.failRefund(failing, "expired_or_canceled_card");
		String pending = this.simulator.refundChargePending(taxed.chargeId(), 700);
		this.simulator.succeedRefund(pending);
		this.simulator.refundCharge(euro.chargeId(), 400);
		this.simulator.refundCharge(renewal.chargeId(), 1_299);

		String won = this.simulator.disputeCharge(native_.chargeId(), 1_500, 1_500);
		this.simulator.closeDispute(won, true, true);
		String lost = this.simulator.disputeCharge(delayedPaid.chargeId(), 3_000, 1_500);
		this.simulator.closeDispute(lost, false, false);
		String wonInEuro = this.simulator.disputeCharge(euro.chargeId(), 600, 1_500);
		this.simulator.closeDispute(wonInEuro, true, false);

		this.simulator.payoutPlatform(5_000, "usd");
		this.simulator.seedCharge("ch_1SimSeeded00000000000001", "pi_1SimSeeded00000000000001", 800, 53, "usd");
		this.simulator.refundCharge("ch_1SimSeeded00000000000001", 800);
		JsonNode transfer = this.http.post("/v1/transfers", "amount=2000&currency=usd&destination=" + PAYEE, null);
		this.http.post("/v1/transfers/" + transfer.get("id").asString() + "/reversals", "amount=500", null);
		JsonNode payout = this.http.post("/v1/payouts", "amount=1000&currency=usd", PAYEE);
		JsonNode failingPayout = this.http.post("/v1/payouts", "amount=200&currency=usd", PAYEE);
		this.simulator.failPayout(failingPayout.get("id").asString(), "account_closed");
		this.simulator.payPendingPayouts();
		this.simulator.updateAccount(SimulatedAccount.active(PAYEE, Instant.parse("2026-01-05T10:00:00Z"))
			.restricted(java.util.List.of("external_account")));

		return new Scenarios(taxed, renewal, failing, transfer.get("id").asString(), payout.get("id").asString(),
				java.util.List.of(legacy.chargeId(), taxed.chargeId(), native_.chargeId(), delayedPaid.chargeId(),
						first.chargeId(), renewal.chargeId(), euro.chargeId(), "ch_1SimSeeded00000000000001"));
	}

	private void check(String where, JsonNode object) {
		this.shapes.checkObject(where, object, false);
	}

	private void checkList(String where, JsonNode list, boolean expandedSource) {
		assertThat(list.path("object").asString()).isEqualTo("list");
		list.get("data").forEach((item) -> this.shapes.checkObject(where, item, expandedSource));
	}

	private static JsonNode readTree(String json) {
		return StripeShapes.JSON.readTree(json);
	}

}
