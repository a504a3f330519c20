package com.treasurybatch.jobs.inbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.JobsTestApplication;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.sales.ItemType;
import com.treasurybatch.shared.sales.Order;
import com.treasurybatch.shared.sales.OrderStatus;
import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.sales.SplitRule;
import com.treasurybatch.shared.sales.SplitRules;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox-processing job on a real PostgreSQL, chunks of 4 events so that every test crosses chunk boundaries.
 * Tests share one database: each uses its own ids, and measures shared accounts (cash, suspense) as deltas.
 */
@SpringBootTest(properties = "treasury.inbox.chunk-size=4")
@PostgresTest
@SpringBatchTest
class InboxProcessingJobTests {

	@Autowired
	JobOperatorTestUtils jobs;

	@Autowired
	@Qualifier(InboxProcessingJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Ledger ledger;

	@Autowired
	Orders orders;

	@Autowired
	SplitRules splitRules;

	@Autowired
	Alerts alerts;

	@Autowired
	ConnectedAccounts connectedAccounts;

	@Autowired
	MutableClock clock;

	@Autowired
	JobRegistry jobRegistry;

	StripeIds ids;

	InboxStaging inbox;

	@BeforeEach
	void setUp(TestInfo test) {
		this.clock.set(JobsTestApplication.TEST_EPOCH);
		this.ids = new StripeIds(test.getTestMethod().orElseThrow().getName().hashCode());
		this.inbox = new InboxStaging(this.jdbc);
		this.jobs.setJob(this.job);
	}

	@Test
	void the_job_is_registered_under_its_kebab_case_name() throws Exception {
		assertThat(this.jobRegistry.getJob("inbox-processing")).isSameAs(this.job);
		assertThat(this.jobs.getJobOperator().getJobNames()).contains("inbox-processing");
	}

	@Test
	void paid_sales_are_booked_to_the_cent_by_inline_split_rule_and_single_payee() throws Exception {
		String host = this.ids.account();
		String headliner = this.ids.account();
		String support = this.ids.account();
		String venue = this.ids.account();
		String act = this.ids.account();
		String ruleId = "arena-" + this.ids.text(8);
		this.transaction.executeWithoutResult((status) -> this.splitRules.create(new SplitRule(ruleId,
				"Arena night: venue and act", OptionalInt.of(1500), List.of(new Share(venue, 6000), new Share(act, 4000)))));
		CheckoutSessionEvent threeWay = CheckoutSessionEvent.paid(this.ids, 4999, "usd")
			.meta("tb_item_type", "ticket")
			.meta("tb_item_id", "tkt_2026_1120_row_f_seat_12")
			.meta("tb_split", host + ":5000," + headliner + ":3000," + support + ":2000");
		CheckoutSessionEvent byRule = CheckoutSessionEvent.paid(this.ids, 12000, "eur")
			.meta("tb_item_type", "ticket")
			.meta("tb_item_id", "tkt_arena_ga_0042")
			.meta("tb_split_rule", ruleId)
			.at(threeWay.created.plusSeconds(5));
		CheckoutSessionEvent tip = CheckoutSessionEvent.paid(this.ids, 500, "gbp")
			.meta("tb_item_type", "tip")
			.meta("tb_payee", headliner)
			.at(threeWay.created.plusSeconds(9));
		CheckoutSessionEvent settledInAnotherCurrency = CheckoutSessionEvent.paid(this.ids, 2000, "usd")
			.meta("tb_item_type", "brand_offer")
			.meta("tb_payee", support)
			.at(threeWay.created.plusSeconds(12));
		long cashUsdBefore = cash("usd");
		List.of(threeWay, byRule, tip, settledInAnotherCurrency).forEach(this.inbox::stage);

		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(exitDescription(execution)).contains("processed=4", "failed=0");
		assertThat(List.of(threeWay, byRule, tip, settledInAnotherCurrency))
			.allSatisfy((event) -> assertThat(this.inbox.status(event.eventId)).isEqualTo("PROCESSED"));
		// 4999 usd, fee 10% = 499.9 -> 500; 4499 split 5000/3000/2000 bps = 2249.5/1349.7/899.8 -> 2249/1350/900
		assertThat(this.ledger.lines(journalOf(threeWay))).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 4999, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 500, "usd"),
				JournalLine.credit(LedgerAccounts.payable(host), 2249, "usd"),
				JournalLine.credit(LedgerAccounts.payable(headliner), 1350, "usd"),
				JournalLine.credit(LedgerAccounts.payable(support), 900, "usd"));
		assertThat(payable(host, "usd")).isEqualTo(2249);
		assertThat(payable(headliner, "usd")).isEqualTo(1350);
		assertThat(payable(support, "usd")).isEqualTo(900 + 1800);
		// 12000 eur by the rule's 15% fee: 1800; 10200 split 6000/4000 bps
		assertThat(payable(venue, "eur")).isEqualTo(6120);
		assertThat(payable(act, "eur")).isEqualTo(4080);
		assertThat(payable(headliner, "gbp")).isEqualTo(450);
		// no webhook carries Stripe's fee: cash takes the gross; the settlement step books the fee later
		assertThat(cash("usd") - cashUsdBefore).isEqualTo(4999 + 2000);
		Order order = this.orders.findByCheckoutSession(threeWay.sessionId).orElseThrow();
		assertThat(order.saleKey()).as("a sale is keyed by its PaymentIntent").isEqualTo(threeWay.paymentIntentId);
		assertThat(order.status()).isEqualTo(OrderStatus.PAID);
		assertThat(order.journalId()).isEqualTo(journalOf(threeWay));
		assertThat(order.itemType()).isEqualTo(ItemType.TICKET);
		assertThat(order.itemId()).isEqualTo("tkt_2026_1120_row_f_seat_12");
		assertThat(order.paymentIntent()).isEqualTo(threeWay.paymentIntentId);
		assertThat(this.orders.findByCheckoutSession(byRule.sessionId).orElseThrow().splitRuleId()).isEqualTo(ruleId);
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void processing_again_and_duplicate_deliveries_change_nothing() throws Exception {
		String payee = this.ids.account();
		List<CheckoutSessionEvent> sales = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			sales.add(CheckoutSessionEvent.paid(this.ids, 1500 + i, "usd")
				.meta("tb_item_type", "ticket")
				.meta("tb_payee", payee)
				.at(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i)));
		}
		sales.forEach(this.inbox::stage);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long payableAfterFirstRun = payable(payee, "usd");
		List<Long> journals = sales.stream().map(this::journalOf).toList();

		JobExecution again = run();
		int redelivered = sales.stream().mapToInt(this.inbox::stage).sum();
		CheckoutSessionEvent sameSessionOtherEvent = sales.get(2).asyncPaymentSucceeded();
		this.inbox.stage(sameSessionOtherEvent);
		JobExecution afterRedelivery = run();

		assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(afterRedelivery.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(readCount(again)).isZero();
		assertThat(redelivered).isZero();
		assertThat(readCount(afterRedelivery)).isEqualTo(1);
		assertThat(this.inbox.status(sameSessionOtherEvent.eventId)).isEqualTo("PROCESSED");
		assertThat(sales).allSatisfy((sale) -> assertThat(journalCount(sale.paymentIntentId)).isEqualTo(1));
		assertThat(sales.stream().map(this::journalOf).toList()).isEqualTo(journals);
		// 1500..1505 less 10%: 1350, 1351, 1352, 1353, 1354 and 1354 (150.5 ties: the fee, first, takes the cent)
		assertThat(payable(payee, "usd")).isEqualTo(payableAfterFirstRun).isEqualTo(8114);
	}

	@Test
	void an_infrastructure_failure_mid_chunk_fails_the_job_and_a_restart_applies_every_event_once() throws Exception {
		List<CheckoutSessionEvent> sales = new ArrayList<>();
		List<String> payees = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String payee = this.ids.account();
			payees.add(payee);
			sales.add(CheckoutSessionEvent.paid(this.ids, 2000 + 10 * i, "usd")
				.meta("tb_item_type", "ticket")
				.meta("tb_payee", payee)
				.at(Instant.parse("2026-11-20T09:00:00Z").plusSeconds(i)));
		}
		sales.forEach(this.inbox::stage);
		// chunks of 4: the 7th event is the 3rd of the second chunk; the database fails while it is applied
		String failing = sales.get(6).sessionId;
		owner().execute("""
				CREATE FUNCTION test_orders_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				    IF NEW.checkout_session_id = '%s' THEN
				        RAISE EXCEPTION 'deadlock detected (simulated)' USING ERRCODE = '40P01';
				    END IF;
				    RETURN NEW;
				END $$""".formatted(failing));
		owner().execute("CREATE TRIGGER test_orders_deadlock BEFORE INSERT ON orders "
				+ "FOR EACH ROW EXECUTE FUNCTION test_orders_deadlock()");
		JobExecution failed;
		try {
			failed = run();
		}
		finally {
			owner().execute("DROP TRIGGER test_orders_deadlock ON orders");
			owner().execute("DROP FUNCTION test_orders_deadlock()");
		}

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getAllFailureExceptions()).isNotEmpty();
		for (int i = 0; i < 10; i++) {
			assertThat(journalCount(sales.get(i).paymentIntentId)).as("journals of sale %d after the failure", i)
				.isEqualTo((i < 4) ? 1 : 0);
			assertThat(this.inbox.status(sales.get(i).eventId)).isEqualTo((i < 4) ? "PROCESSED" : "RECEIVED");
		}

		JobExecution restarted = this.jobs.getJobOperator().restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
		assertThat(readCount(restarted)).isEqualTo(6);
		// the restart's exit message counts what it did (sales 5 to 10), then the instance's total (4 + 6)
		assertThat(exitDescription(restarted)).contains("processed=6 ", "(instance total processed=10 ");
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (int i = 0; i < 10; i++) {
			long gross = 2000 + 10 * i;
			assertThat(journalCount(sales.get(i).paymentIntentId)).as("journals of sale %d", i).isEqualTo(1);
			assertThat(payable(payees.get(i), "usd")).isEqualTo(gross - gross / 10);
			assertThat(this.orders.findByCheckoutSession(sales.get(i).sessionId)).hasValueSatisfying(
					(order) -> assertThat(order.status()).isEqualTo(OrderStatus.PAID));
			assertThat(this.inbox.status(sales.get(i).eventId)).isEqualTo("PROCESSED");
		}
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void an_operating_error_fails_only_that_event_and_it_is_retried_with_backoff_until_given_up() throws Exception {
		String payee = this.ids.account();
		Instant created = Instant.parse("2026-11-20T08:00:00Z");
		CheckoutSessionEvent good1 = CheckoutSessionEvent.paid(this.ids, 3000, "usd").meta("tb_payee", payee).at(created);
		CheckoutSessionEvent bad = CheckoutSessionEvent.paid(this.ids, 3000, "usd")
			.meta("tb_split", payee + ":5000," + this.ids.account() + ":4000")
			.at(created.plusSeconds(1));
		CheckoutSessionEvent good2 = CheckoutSessionEvent.paid(this.ids, 4000, "usd")
			.meta("tb_payee", payee)
			.at(created.plusSeconds(2));
		List.of(good1, bad, good2).forEach(this.inbox::stage);
		Instant start = this.clock.instant();

		JobExecution first = run();

		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(exitDescription(first)).contains("processed=2", "failed=1");
		assertThat(this.inbox.status(good1.eventId)).isEqualTo("PROCESSED");
		assertThat(this.inbox.status(good2.eventId)).isEqualTo("PROCESSED");
		assertThat(payable(payee, "usd")).isEqualTo(2700 + 3600);
		assertThat(journalCount(bad.paymentIntentId)).isZero();
		assertThat(this.orders.findByCheckoutSession(bad.sessionId)).isEmpty();
		Map<String, Object> failedRow = inboxRow(bad.eventId);
		assertThat(failedRow.get("status")).isEqualTo("FAILED");
		assertThat(failedRow.get("attempts")).isEqualTo(1);
		assertThat((String) failedRow.get("last_error")).contains(bad.paymentIntentId, "sum to 9000");
		assertThat(nextAttemptAt(bad.eventId)).isEqualTo(start.plus(Duration.ofMinutes(1)));

		this.clock.advance(Duration.ofSeconds(30));
		JobExecution tooEarly = run();
		assertThat(tooEarly.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(readCount(tooEarly)).isZero();

		// attempts 2..8 come 1, 2, 4, ... 64 minutes apart; the 8th failure gives up
		Duration expectedWait = Duration.ofMinutes(1);
		for (int attempt = 2; attempt <= 8; attempt++) {
			Instant due = nextAttemptAt(bad.eventId);
			this.clock.set(due);
			JobExecution retry = run();
			assertThat(retry.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(readCount(retry)).isEqualTo(1);
			assertThat(inboxRow(bad.eventId).get("attempts")).isEqualTo(attempt);
			if (attempt < 8) {
				expectedWait = expectedWait.multipliedBy(2);
				assertThat(nextAttemptAt(bad.eventId)).isEqualTo(due.plus(expectedWait));
			}
		}
		assertThat(inboxRow(bad.eventId).get("status")).isEqualTo("FAILED");
		assertThat(nextAttemptAt(bad.eventId)).isNull();
		Alert gaveUp = this.alerts.find("inbox_event_gave_up:" + bad.eventId + ":8");
		assertThat(gaveUp).isNotNull();
		assertThat(gaveUp.severity()).isEqualTo(Severity.CRITICAL);
		this.clock.advance(Duration.ofDays(7));
		assertThat(readCount(run())).isZero();
		assertThat(journalCount(bad.paymentIntentId)).isZero();
	}

	@Test
	void a_chunk_reporting_one_payment_twice_and_one_buyer_twice_books_each_once_and_fails_only_a_bad_email()
			throws Exception {
		String payee = this.ids.account();
		String email = "fan-" + this.ids.text(8).toLowerCase(java.util.Locale.ROOT) + "@example.com";
		Instant created = Instant.parse("2026-11-20T12:00:00Z");
		CheckoutSessionEvent first = CheckoutSessionEvent.paid(this.ids, 2500, "usd")
			.meta("tb_item_type", "ticket")
			.meta("tb_item_id", "tkt_run_a")
			.meta("tb_payee", payee)
			.buyer(email, "Ada Fan")
			.at(created);
		CheckoutSessionEvent firstAgain = first.asyncPaymentSucceeded().at(created.plusSeconds(1));
		CheckoutSessionEvent second = CheckoutSessionEvent.paid(this.ids, 1000, "usd")
			.meta("tb_item_type", "ticket")
			.meta("tb_item_id", "tkt_run_b")
			.meta("tb_payee", payee)
			.buyer(email.toUpperCase(java.util.Locale.ROOT), "Ada Lovelace Fan")
			.at(created.plusSeconds(2));
		CheckoutSessionEvent third = CheckoutSessionEvent.paid(this.ids, 1200, "usd")
			.meta("tb_item_type", "ticket")
			.meta("tb_item_id", "tkt_run_c")
			.meta("tb_payee", payee)
			.buyer("Fan-" + email.substring(4), null)
			.at(created.plusSeconds(3));
		CheckoutSessionEvent badEmail = CheckoutSessionEvent.paid(this.ids, 700, "usd")
			.meta("tb_payee", payee)
			.buyer("not-an-address", "Nobody")
			.at(created.plusSeconds(4));
		CheckoutSessionEvent fourth = CheckoutSessionEvent.paid(this.ids, 800, "usd")
			.meta("tb_payee", payee)
			.buyer(email, null)
			.at(created.plusSeconds(5));
		// chunks of 4, read by created: the first chunk is written as one run, its second event repeating the
		// first's sale and its third and fourth the first's buyer; the second chunk holds a refused event
		List.of(first, firstAgain, second, third, badEmail, fourth).forEach(this.inbox::stage);

		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(exitDescription(execution)).contains("processed=5", "failed=1");
		assertThat(List.of(first, second, third, fourth))
			.allSatisfy((sale) -> assertThat(journalCount(sale.paymentIntentId)).isEqualTo(1));
		assertThat(journalCount(badEmail.paymentIntentId)).isZero();
		assertThat(this.orders.findByCheckoutSession(badEmail.sessionId)).isEmpty();
		// each less its 10% fee: 2500 - 250, 1000 - 100, 1200 - 120, 800 - 80
		assertThat(payable(payee, "usd")).isEqualTo(2250 + 900 + 1080 + 720);
		assertThat(this.orders.findByCheckoutSession(first.sessionId).orElseThrow().journalId())
			.isEqualTo(journalOf(first));
		List<Map<String, Object>> contacts = this.jdbc
			.queryForList("SELECT id, email, name FROM contacts WHERE lower(email) = ?", email);
		assertThat(contacts).as("one contact per address, whatever its case").hasSize(1);
		assertThat(contacts.get(0).get("email")).as("as first spelt").isEqualTo(email);
		assertThat(contacts.get(0).get("name")).as("the last name given; a session without one keeps it")
			.isEqualTo("Ada Lovelace Fan");
		assertThat(this.jdbc.queryForList(
				"SELECT buyer_id FROM draft_orders WHERE checkout_session_id IN (?, ?, ?, ?) AND status = 'COMPLETED'",
				String.class, first.sessionId, second.sessionId, third.sessionId, fourth.sessionId))
			.hasSize(4)
			.containsOnly((String) contacts.get(0).get("id"));
		assertThat(this.inbox.status(badEmail.eventId)).isEqualTo("FAILED");
		assertThat((String) inboxRow(badEmail.eventId).get("last_error")).contains("Not an email address");
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void events_of_types_not_handled_are_kept_and_ignored() throws Exception {
		Instant created = Instant.parse("2026-11-20T07:00:00Z");
		String payoutPaid = this.ids.event();
		this.inbox.stage(payoutPaid, "payout.paid", "acct_1IuHosQveW0ONQsd", created, """
				{"id": "%s", "object": "event", "account": "acct_1IuHosQveW0ONQsd", "api_version": "2018-02-28",
				 "created": %d, "type": "payout.paid", "livemode": false, "pending_webhooks": 1,
				 "data": {"object": {"id": "po_1QPayout0000000000000001", "object": "payout", "amount": 2450,
				   "arrival_date": %d, "currency": "usd", "method": "standard", "status": "paid", "type": "bank_account"}}}
				""".formatted(payoutPaid, created.getEpochSecond(), created.getEpochSecond()));
		String platformAccountUpdated = this.ids.event();
		this.inbox.stage(platformAccountUpdated, "account.updated", null, created.plusSeconds(1), """
				{"id": "%s", "object": "event", "api_version": "2026-04-22.dahlia", "created": %d,
				 "type": "account.updated", "livemode": false,
				 "data": {"object": {"id": "acct_1PgafTB7WZ01zgkW", "object": "account", "charges_enabled": true,
				   "payouts_enabled": true, "details_submitted": true, "requirements": {"currently_due": []}}}}
				""".formatted(platformAccountUpdated, created.getEpochSecond() + 1));

		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(exitDescription(execution)).contains("ignored=2");
		assertThat(this.inbox.status(payoutPaid)).isEqualTo("IGNORED");
		assertThat(this.inbox.status(platformAccountUpdated)).isEqualTo("IGNORED");
		assertThat(this.connectedAccounts.find("acct_1PgafTB7WZ01zgkW")).isEmpty();
	}

	@Test
	void a_sale_that_names_no_payee_or_an_unknown_rule_goes_to_suspense_with_an_alert() throws Exception {
		CheckoutSessionEvent noPayee = CheckoutSessionEvent.paid(this.ids, 2000, "usd").meta("tb_item_type", "tip");
		CheckoutSessionEvent unknownRule = CheckoutSessionEvent.paid(this.ids, 999, "usd")
			.meta("tb_item_type", "ticket")
			.meta("tb_split_rule", "retired-rule-2019")
			.at(noPayee.created.plusSeconds(1));
		long suspenseBefore = this.ledger.balance(LedgerAccounts.PLATFORM_SUSPENSE, "usd").balanceCents();
		this.inbox.stage(noPayee);
		this.inbox.stage(unknownRule);

		JobExecution execution = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(noPayee.eventId)).isEqualTo("PROCESSED");
		assertThat(this.inbox.status(unknownRule.eventId)).isEqualTo("PROCESSED");
		// 2000 - 10% = 1800; 999 - 99.9 (-> 100) = 899
		assertThat(this.ledger.balance(LedgerAccounts.PLATFORM_SUSPENSE, "usd").balanceCents() - suspenseBefore)
			.isEqualTo(1800 + 899);
		Alert noPayeeAlert = this.alerts.find("sale_in_suspense:" + noPayee.paymentIntentId);
		assertThat(noPayeeAlert.severity()).isEqualTo(Severity.WARNING);
		assertThat(noPayeeAlert.message()).contains("names no payee");
		assertThat(this.alerts.find("sale_in_suspense:" + unknownRule.paymentIntentId).message())
			.contains("'retired-rule-2019' does not exist");
		Order order = this.orders.findByCheckoutSession(unknownRule.sessionId).orElseThrow();
		assertThat(order.payeeInSuspense()).isTrue();
		assertThat(order.splitRuleId()).isEqualTo("retired-rule-2019");
	}

	@Test
	void account_updates_are_kept_in_stripe_order_and_alert_when_payouts_are_disabled() throws Exception {
		String account = this.ids.account();
		Instant t0 = Instant.parse("2026-11-20T06:00:00Z");
		AccountUpdatedEvent onboarded = new AccountUpdatedEvent(this.ids, account, t0);
		AccountUpdatedEvent disabled = new AccountUpdatedEvent(this.ids, account, t0.plus(Duration.ofHours(1)))
			.payoutsDisabled("requirements.past_due", "external_account", "individual.verification.document");
		AccountUpdatedEvent lateAndOlder = new AccountUpdatedEvent(this.ids, account, t0.plus(Duration.ofMinutes(30)));
		this.inbox.stage(onboarded);
		this.inbox.stage(disabled);

		JobExecution execution = run();
		this.inbox.stage(lateAndOlder);
		JobExecution late = run();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(late.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(lateAndOlder.eventId)).isEqualTo("PROCESSED");
		ConnectedAccount stored = this.connectedAccounts.find(account).orElseThrow();
		assertThat(stored.payoutsEnabled()).isFalse();
		assertThat(stored.chargesEnabled()).isTrue();
		assertThat(stored.disabledReason()).isEqualTo("requirements.past_due");
		assertThat(stored.requirementsCurrentlyDue()).containsExactly("external_account",
				"individual.verification.document");
		assertThat(stored.lastEventId()).isEqualTo(disabled.eventId);
		assertThat(stored.lastEventCreated()).isEqualTo(disabled.created);
		assertThat(this.alerts.find("payouts_disabled:" + account + ":" + disabled.eventId).severity())
			.isEqualTo(Severity.WARNING);
		assertThat(this.alerts.find("requirements_due:" + account + ":" + disabled.eventId).message())
			.contains("external_account");
		assertThat(this.alerts.find("payouts_disabled:" + account + ":" + onboarded.eventId)).isNull();
	}

	@Test
	void a_delayed_payment_waits_without_a_journal_until_it_succeeds() throws Exception {
		String payee = this.ids.account();
		CheckoutSessionEvent completed = CheckoutSessionEvent.paid(this.ids, 8000, "eur")
			.meta("tb_item_type", "subscription")
			.meta("tb_payee", payee)
			.unpaid();
		this.inbox.stage(completed);

		JobExecution first = run();

		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.orders.findByCheckoutSession(completed.sessionId).orElseThrow().status())
			.isEqualTo(OrderStatus.AWAITING_PAYMENT);
		assertThat(journalCount(completed.paymentIntentId)).isZero();

		CheckoutSessionEvent succeeded = completed.asyncPaymentSucceeded();
		succeeded.paymentStatus = "paid";
		this.inbox.stage(succeeded);
		JobExecution second = run();

		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Order paid = this.orders.findByCheckoutSession(completed.sessionId).orElseThrow();
		assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
		assertThat(paid.journalId()).isEqualTo(journalOf(completed));
		assertThat(payable(payee, "eur")).isEqualTo(7200);

		// an operator replays the old, unpaid event: the order does not go back
		this.jdbc.update("UPDATE webhook_inbox SET status = 'RECEIVED', source = 'REPLAY' WHERE event_id = ?",
				completed.eventId);
		JobExecution replay = run();
		assertThat(replay.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.inbox.status(completed.eventId)).isEqualTo("PROCESSED");
		assertThat(this.orders.findByCheckoutSession(completed.sessionId).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
		assertThat(journalCount(completed.paymentIntentId)).isEqualTo(1);
	}

	@Test
	void two_concurrent_runs_never_process_one_row_twice() throws Exception {
		String payee = this.ids.account();
		List<CheckoutSessionEvent> sales = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			sales.add(CheckoutSessionEvent.paid(this.ids, 1000, "usd")
				.meta("tb_payee", payee)
				.at(Instant.parse("2026-11-20T05:00:00Z").plusSeconds(i)));
		}
		long dueBefore = dueRows();
		sales.forEach(this.inbox::stage);
		// one run per instance: the second starts once the first is running, so that their run.ids differ
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Future<JobExecution>> runs = new ArrayList<>();
		try {
			runs.add(pool.submit(this::run));
			while (this.jobs.getJobOperator().getRunningExecutions(InboxProcessingJobConfiguration.JOB_NAME).isEmpty()
					&& !runs.get(0).isDone()) {
				Thread.onSpinWait();
			}
			runs.add(pool.submit(this::run));
		}
		finally {
			pool.shutdown();
		}

		JobExecution a = runs.get(0).get();
		JobExecution b = runs.get(1).get();
		assertThat(a.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(b.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(readCount(a) + readCount(b)).isEqualTo(sales.size() + dueBefore);
		assertThat(sales).allSatisfy((sale) -> {
			assertThat(journalCount(sale.paymentIntentId)).isEqualTo(1);
			assertThat(this.inbox.status(sale.eventId)).isEqualTo("PROCESSED");
		});
		assertThat(payable(payee, "usd")).isEqualTo(80 * 900);
	}

	private JobExecution run() throws Exception {
		return this.jobs.getJobOperator().startNextInstance(this.job);
	}

	/** No helper returns a StepExecution: Spring Batch's step-scope test listener would call it to make one. */
	private static long readCount(JobExecution execution) {
		assertThat(execution.getStepExecutions()).hasSize(1);
		return execution.getStepExecutions().iterator().next().getReadCount();
	}

	private static String exitDescription(JobExecution execution) {
		assertThat(execution.getStepExecutions()).hasSize(1);
		return execution.getStepExecutions().iterator().next().getExitStatus().getExitDescription();
	}

	private long journalOf(CheckoutSessionEvent sale) {
		return this.ledger.journalId(sale.paymentIntentId, "sale").orElseThrow();
	}

	private long journalCount(String saleKey) {
		return this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE source_id = ? AND kind = 'sale'",
				Long.class, saleKey);
	}

	private long payable(String account, String currency) {
		return this.ledger.balance(LedgerAccounts.payable(account), currency).balanceCents();
	}

	private long cash(String currency) {
		return this.ledger.balance(LedgerAccounts.PLATFORM_CASH, currency).balanceCents();
	}

	private Map<String, Object> inboxRow(String eventId) {
		return this.jdbc.queryForMap("SELECT * FROM webhook_inbox WHERE event_id = ?", eventId);
	}

	private Instant nextAttemptAt(String eventId) {
		Timestamp next = this.jdbc.queryForObject("SELECT next_attempt_at FROM webhook_inbox WHERE event_id = ?",
				Timestamp.class, eventId);
		return (next != null) ? next.toInstant() : null;
	}

	private long dueRows() {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM webhook_inbox
				WHERE status = 'RECEIVED' OR (status = 'FAILED' AND next_attempt_at <= ?)
				""", Long.class, Timestamp.from(this.clock.instant()));
	}

	/** The database's owner: creating functions and triggers, TRUNCATE (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
