package com.treasurybatch.jobs.inbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.treasurybatch.jobs.JobsTestApplication;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.sales.Order;
import com.treasurybatch.shared.sales.OrderStatus;
import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.simulator.SimulatedEvent;
import com.treasurybatch.simulator.SimulatedInvoice;
import com.treasurybatch.simulator.SimulatedOrder;
import com.treasurybatch.simulator.SimulatedSale;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every money flow of a Stripe account booked by {@code inbox-processing} from the events Stripe sends, as the
 * Stripe simulator renders them (its objects are checked against Stripe's published shapes by the simulator's own
 * shape test): Checkout with Stripe Tax, subscriptions and renewals, delayed payment methods, PaymentIntents
 * without Checkout, a charge settled in another currency. All events of a flow are staged in the order Stripe sends
 * them and also in reverse, so that whichever event comes first, each sale is booked once. Amounts are checked to
 * the cent against figures worked out in the comments.
 */
@SpringBootTest(properties = "treasury.inbox.chunk-size=7")
@PostgresTest
@SpringBatchTest
class InboxProcessingStripeFlowsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static StripeSimulator stripe;

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(InboxProcessingJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	Orders orders;

	@Autowired
	MutableClock clock;

	private InboxStaging inbox;

	private int staged;

	private StripeIds ids;

	@BeforeAll
	static void startStripe() {
		stripe = StripeSimulator.start();
	}

	@AfterAll
	static void stopStripe() {
		stripe.close();
	}

	@BeforeEach
	void setUp() {
		this.clock.set(JobsTestApplication.TEST_EPOCH);
		this.inbox = new InboxStaging(this.jdbc);
		this.jobs.setJob(this.job);
		this.staged = stripe.events().size();
		this.ids = new StripeIds(System.identityHashCode(this));
	}

	@AfterEach
	void booksBalance() {
		assertThat(this.ledger.trialBalance()).isNotEmpty().allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void checkout_with_stripe_tax_books_the_tax_apart_and_splits_the_rest() throws Exception {
		String host = this.ids.account();
		String artist = this.ids.account();
		// a 40.00 ticket, Stripe Tax 8.875 % = 3.55 on top: amount_total 4355
		SimulatedSale sale = stripe.completeCheckout(SimulatedOrder
			.of(4000, "usd", 156, Map.of("tb_item_type", "ticket", "tb_split", host + ":7000," + artist + ":3000"))
			.withTax(355));

		stageNewEvents(false);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// fee 10 % of 4000 = 400; 3600 split 70/30 = 2520 / 1080; tax 355 to tax payable; cash the 4355 paid
		assertThat(this.ledger.lines(saleJournal(sale.paymentIntentId()))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 4355, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_TAX_PAYABLE, 355, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 400, "usd"),
				JournalLine.credit(LedgerAccounts.payable(host), 2520, "usd"),
				JournalLine.credit(LedgerAccounts.payable(artist), 1080, "usd"));
		Order order = this.orders.find(sale.paymentIntentId()).orElseThrow();
		assertThat(order.checkoutSessionId()).isEqualTo(sale.checkoutSessionId());
		assertThat(order.taxCents()).isEqualTo(355);
		assertThat(order.amountTotalCents()).isEqualTo(4355);
		assertThat(saleJournals(sale.paymentIntentId())).isEqualTo(1);
	}

	@Test
	void every_paid_invoice_of_a_subscription_is_a_sale_the_first_booked_once_whichever_event_comes_first()
			throws Exception {
		String artist = this.ids.account();
		// a 9.99 monthly membership with 20 % VAT on top: 999 + 200 = 1199 per invoice
		SimulatedInvoice first = stripe.completeSubscriptionCheckout(SimulatedOrder
			.of(999, "eur", 48, Map.of("tb_item_type", "subscription", "tb_payee", artist))
			.withTax(200));
		stageNewEvents(true);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		SimulatedInvoice renewal = stripe.renewSubscription(first.subscriptionId());
		stageNewEvents(false);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// each: fee 10 % of 999 = 99.9 -> 100; the artist 899; VAT 200
		for (SimulatedInvoice invoice : List.of(first, renewal)) {
			assertThat(saleJournals(invoice.invoiceId())).as("sale journals of %s", invoice.invoiceId()).isEqualTo(1);
			assertThat(this.ledger.lines(saleJournal(invoice.invoiceId()))).containsExactly(
					JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1199, "eur"),
					JournalLine.credit(LedgerAccounts.PLATFORM_TAX_PAYABLE, 200, "eur"),
					JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 100, "eur"),
					JournalLine.credit(LedgerAccounts.payable(artist), 899, "eur"));
			Order order = this.orders.find(invoice.invoiceId()).orElseThrow();
			assertThat(order.subscriptionId()).isEqualTo(first.subscriptionId());
			assertThat(order.paymentIntent()).as("linked by invoice_payment.paid").isEqualTo(invoice.paymentIntentId());
		}
		assertThat(payable(artist, "eur")).isEqualTo(2 * 899);

		// a refund of the renewal's charge finds its sale through the invoice payment: 1199 back, all of it
		stripe.refundCharge(renewal.chargeId(), 1199);
		stageNewEvents(false);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(payable(artist, "eur")).isEqualTo(899);
	}

	@Test
	void a_delayed_payment_books_nothing_until_it_succeeds_and_a_failed_one_closes_its_order() throws Exception {
		String payee = this.ids.account();
		SimulatedSale slow = stripe.startDelayedCheckout(SimulatedOrder.of(2500, "eur", 35, Map.of("tb_payee", payee)));
		SimulatedSale failing = stripe.startDelayedCheckout(SimulatedOrder.of(1200, "eur", 35, Map.of("tb_payee", payee)));
		stageNewEvents(false);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.orders.find(slow.paymentIntentId()).orElseThrow().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
		assertThat(saleJournals(slow.paymentIntentId())).isZero();
		assertThat(payable(payee, "eur")).isZero();

		stripe.succeedDelayedCheckout(slow.checkoutSessionId());
		stripe.failDelayedCheckout(failing.checkoutSessionId());
		stageNewEvents(false);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// 2500: fee 250, the payee 2250
		assertThat(this.orders.find(slow.paymentIntentId()).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
		assertThat(payable(payee, "eur")).isEqualTo(2250);
		assertThat(this.orders.find(failing.paymentIntentId()).orElseThrow().status())
			.isEqualTo(OrderStatus.PAYMENT_FAILED);
		assertThat(saleJournals(failing.paymentIntentId())).isZero();
	}

	@Test
	void a_payment_intent_without_checkout_is_a_sale_and_one_named_by_a_session_too_is_booked_once()
			throws Exception {
		String payee = this.ids.account();
		SimulatedSale native1 = stripe.payPaymentIntent(SimulatedOrder.of(1500, "gbp", 41,
				Map.of("tb_item_type", "tip", "tb_payee", payee)));
		// a Checkout whose PaymentIntent also carries the sale's metadata (payment_intent_data.metadata)
		Map<String, String> metadata = Map.of("tb_item_type", "ticket", "tb_payee", payee);
		SimulatedSale both = stripe.completeCheckout(SimulatedOrder.of(3000, "gbp", 62, metadata)
			.withPaymentIntentMetadata(metadata));
		stageNewEvents(true);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// 1500: fee 150, payee 1350; 3000: fee 300, payee 2700, once
		assertThat(saleJournals(native1.paymentIntentId())).isEqualTo(1);
		assertThat(saleJournals(both.paymentIntentId())).isEqualTo(1);
		assertThat(payable(payee, "gbp")).isEqualTo(1350 + 2700);
		assertThat(this.orders.find(both.paymentIntentId()).orElseThrow().checkoutSessionId())
			.isEqualTo(both.checkoutSessionId());
	}

	@Test
	void a_refund_that_fails_gives_the_payees_their_share_back() throws Exception {
		String payee = this.ids.account();
		SimulatedSale sale = stripe.completeCheckout(SimulatedOrder.of(5000, "usd", 175, Map.of("tb_payee", payee)));
		String refund = stripe.refundChargePending(sale.chargeId(), 2000);
		stageNewEvents(false);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// 5000: fee 500, payee 4500; refund 2000 over 500/4500 -> 200 / 1800
		assertThat(payable(payee, "usd")).isEqualTo(4500 - 1800);

		stripe.failRefund(refund, "expired_or_canceled_card");
		stageNewEvents(false);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(payable(payee, "usd")).isEqualTo(4500);
		assertThat(this.ledger.journalId(refund, "refund_failure")).isPresent();
	}

	@Test
	void a_charge_settled_in_another_currency_is_sold_in_the_buyers_currency() throws Exception {
		String payee = this.ids.account();
		// 80.00 eur settled in usd at 1.0832: Stripe credits 8666 usd; the sale is booked in eur here, and the
		// settlement step of stripe-reconciliation converts it into the usd Stripe holds
		SimulatedSale sale = stripe.completeCheckout(SimulatedOrder.of(8000, "eur", 281, Map.of("tb_payee", payee))
			.settledIn("usd", new BigDecimal("1.0832")));
		stageNewEvents(false);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.ledger.lines(saleJournal(sale.paymentIntentId()))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 8000, "eur"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 800, "eur"),
				JournalLine.credit(LedgerAccounts.payable(payee), 7200, "eur"));
	}

	/** Stages the simulator's events since the last call, in Stripe's order or reversed. */
	private void stageNewEvents(boolean reversed) {
		List<SimulatedEvent> all = stripe.events();
		List<SimulatedEvent> fresh = new java.util.ArrayList<>(all.subList(this.staged, all.size()));
		this.staged = all.size();
		if (reversed) {
			java.util.Collections.reverse(fresh);
		}
		for (SimulatedEvent event : fresh) {
			JsonNode json = JSON.readTree(event.json());
			String account = json.path("account").isString() ? json.path("account").asString() : null;
			this.inbox.stage(event.id(), event.type(), account,
					Instant.ofEpochSecond(json.path("created").asLong()), event.json());
		}
	}

	private JobExecution run() throws Exception {
		return this.jobs.getJobOperator().startNextInstance(this.job);
	}

	private long saleJournal(String saleKey) {
		return this.ledger.journalId(saleKey, "sale").orElseThrow();
	}

	private long saleJournals(String saleKey) {
		return this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'sale' AND source_id = ?",
				Long.class, saleKey);
	}

	private long payable(String account, String currency) {
		return this.ledger.balance(LedgerAccounts.payable(account), currency).balanceCents();
	}

}
