package com.treasurybatch.jobs.gdpr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.batch.AsGivenJob;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.jobs.gdpr.PersonalEvents.Person;
import com.treasurybatch.shared.analytics.AnalyticsEventsArchive;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.ledger.AccountBalance;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.privacy.ErasureDesk;
import com.treasurybatch.shared.privacy.ErasureRefusedException;
import com.treasurybatch.shared.privacy.ErasureRequest;
import com.treasurybatch.shared.privacy.ErasureRequests;
import com.treasurybatch.shared.privacy.ErasureSubject;
import com.treasurybatch.shared.privacy.Holding;
import com.treasurybatch.shared.privacy.PersonalDataHolder;
import com.treasurybatch.shared.testing.DatabaseDump;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gdpr-purge job on a real PostgreSQL: Stripe payloads holding buyers' and hosts' emails, names and addresses,
 * ledger postings on hosts' payable accounts. Tests share one database: each uses its own people. Every test ends
 * with the trial balance balanced. Chunks of 2 requests, so that a failure can strike mid-run.
 */
@SpringBootTest(properties = { "treasury.privacy.chunk-size=2", "treasury.retention.sweep-batch-rows=2",
		"treasury.retention.analytics-archive-directory=target/gdpr-archive-tests/${random.uuid}" })
@PostgresTest
@Import(GdprPurgeJobTests.CrashSwitchConfiguration.class)
class GdprPurgeJobTests {

	private static final Actor OPS = new Actor("ops-anna", AuditChannel.CLI);

	private static final Instant NOW = Instant.parse("2026-12-01T03:15:00Z");

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(GdprPurgeJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Ledger ledger;

	@Autowired
	ErasureDesk desk;

	@Autowired
	ErasureRequests requests;

	@Autowired
	AuditLog audit;

	@Autowired
	MutableClock clock;

	@Autowired
	CrashSwitch crashSwitch;

	@Autowired
	AnalyticsEventsArchive analyticsArchive;

	@Autowired
	@Qualifier("analytics-rollups")
	Job rollupsJob;

	private PersonalEvents events;

	private int analyticsEvents;

	private String prefix;

	@BeforeEach
	void setUp(TestInfo test) {
		this.clock.set(NOW);
		this.crashSwitch.disarm();
		this.events = new PersonalEvents(this.jdbc);
		this.prefix = "G" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
		// requests of earlier tests are done; none is left for this one
		assertThat(run(false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	@AfterEach
	void trialBalanceBalances() {
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);
	}

	@Test
	void after_erasure_no_table_holds_the_subjects_email_name_or_address_and_the_books_still_balance() {
		Person buyer = Person.named(this.prefix + "Buyer");
		Person host = Person.named(this.prefix + "Host");
		Person bystander = Person.named(this.prefix + "Other");
		String hostAccount = "acct_" + this.prefix + "H";
		String customer = "cus_" + this.prefix;
		Instant received = NOW.minus(Duration.ofDays(10));
		this.events.checkoutCompleted(this.prefix, buyer, customer, received);
		this.events.chargeRefunded(this.prefix, buyer, received);
		this.events.accountUpdated(this.prefix, host, hostAccount, received);
		String bystanderEvent = this.events.checkoutCompleted(this.prefix, bystander, "cus_" + this.prefix + "X",
				received);
		sale(hostAccount, 4_000, Instant.parse("2026-03-10T12:00:00Z"));
		sale(hostAccount, 1_500, Instant.parse("2026-11-02T12:00:00Z"));
		AccountBalance hostBefore = this.ledger.balance(LedgerAccounts.payable(hostAccount), "usd");
		assertThat(DatabaseDump.tablesContaining(this.dataSource, buyer.email())).contains("public.webhook_inbox");

		ErasureRequest buyerRequest = this.desk.request(List.of(buyer.email().toUpperCase()), List.of(customer),
				List.of(), List.of(), OPS);
		ErasureRequest hostRequest = this.desk.request(List.of(host.email()), List.of(), List.of(hostAccount),
				List.of(), OPS);
		assertThat(buyerRequest.dueAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));

		JobExecution execution = run(false);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (String personal : List.of(buyer.email(), buyer.name(), buyer.street(), host.email(), host.name(),
				host.street())) {
			assertThat(DatabaseDump.tablesContaining(this.dataSource, personal)).as(personal).isEmpty();
		}
		assertThat(DatabaseDump.tablesContaining(this.dataSource, bystander.email()))
			.as("someone else's data stays")
			.containsExactly("public.webhook_inbox");
		assertThat(this.jdbc.queryForObject("SELECT payload #>> '{data,object,customer_details,email}' FROM"
				+ " webhook_inbox WHERE event_id = ?", String.class, bystanderEvent)).isEqualTo(bystander.email());
		// the events still explain their journals: ids, amounts, metadata stay
		assertThat(this.jdbc.queryForList("SELECT payload #>> '{data,object,amount_total}' FROM webhook_inbox"
				+ " WHERE payload #>> '{data,object,customer}' = ?", String.class, customer)).containsExactly("2500");
		assertThat(erasureLog(buyerRequest.id())).containsEntry("webhook_inbox", "erased=2 kept=0");
		assertThat(erasureLog(hostRequest.id())).containsEntry("webhook_inbox", "erased=1 kept=0")
			.containsEntry("ledger_postings", "erased=0 kept=2 BOOKKEEPING_10_YEARS until 2036-11-02T12:00:00Z");
		assertThat(this.jdbc.queryForObject("SELECT subject_hash FROM erasure_log WHERE request_id = ?", String.class,
				hostRequest.id())).isEqualTo(hostRequest.subjectHash()).matches("[0-9a-f]{64}");
		assertThat(this.audit.page(new AuditQuery(null, ErasureWriter.AUDIT_ACTION, "erasure_request:" + hostRequest.id(), 5)))
			.singleElement()
			.satisfies((audited) -> assertThat(audited.detail()).isEqualTo(
					"1 rows erased, 2 kept under a legal duty (restricted); details in the erasure log"));
		assertThat(this.requests.find(hostRequest.id()).orElseThrow()).satisfies((done) -> {
			assertThat(done.status()).isEqualTo(ErasureRequest.DONE);
			assertThat(done.subject()).as("identifiers forgotten").isNull();
		});
		assertThat(this.ledger.balance(LedgerAccounts.payable(hostAccount), "usd"))
			.as("the host's statement still adds up, under their opaque account id")
			.isEqualTo(hostBefore);
		assertThat(execution.getStepExecutions().iterator().next().getExitStatus().getExitDescription())
			.contains("2 requests erased", "webhook_inbox: 3 erased");
	}

	@Test
	void a_subject_under_a_legal_hold_keeps_those_rows_restricted_until_the_duty_ends() {
		Person host = Person.named(this.prefix + "Held");
		String hostAccount = "acct_" + this.prefix + "L";
		sale(hostAccount, 9_000, Instant.parse("2026-06-30T09:00:00Z"));
		long postings = postingsOf(hostAccount);
		this.jdbc.update("INSERT INTO audit_log (occurred_at, actor, channel, action, target, outcome)"
				+ " VALUES ('2026-07-01T00:00:00Z', 'ops-bob', 'api', 'payout.instant_request', ?, 'ok')",
				"instant_payout:" + hostAccount);
		ErasureRequest request = this.desk.request(List.of(host.email()), List.of(), List.of(hostAccount), List.of(),
				OPS);

		assertThat(run(false).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(postingsOf(hostAccount)).isEqualTo(postings);
		assertThat(this.jdbc.queryForList("SELECT holder || ' ' || duty || ' ' || rows_kept || ' '"
				+ " || to_char(kept_until AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM personal_data_restrictions"
				+ " WHERE request_id = ? ORDER BY holder", String.class, request.id()))
			.containsExactly("audit_log AUDIT_TRAIL_7_YEARS 1 2033-07-01",
					"ledger_postings BOOKKEEPING_10_YEARS 1 2036-06-30");
		// once the duty ends, the sweep lifts the restriction: the holders' own policies take over
		this.clock.set(Instant.parse("2036-07-01T00:00:00Z"));
		assertThat(run(false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForList("SELECT holder FROM personal_data_restrictions WHERE request_id = ?"
				+ " AND lifted_at IS NOT NULL ORDER BY holder", String.class, request.id()))
			.containsExactly("audit_log", "ledger_postings");
	}

	@Test
	void a_dry_run_reports_what_would_happen_and_changes_nothing() {
		Person buyer = Person.named(this.prefix + "Dry");
		this.events.checkoutCompleted(this.prefix, buyer, "cus_" + this.prefix, NOW.minus(Duration.ofDays(5)));
		this.events.chargeRefunded(this.prefix, buyer, NOW.minus(Duration.ofDays(200)));
		ErasureRequest request = this.desk.request(List.of(buyer.email()), List.of(), List.of(), List.of(), OPS);
		Map<String, String> before = DatabaseDump.tables(this.dataSource);

		JobExecution execution = run(true);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, String> after = DatabaseDump.tables(this.dataSource);
		before.keySet().removeIf((table) -> table.startsWith("public.batch_"));
		after.keySet().removeIf((table) -> table.startsWith("public.batch_"));
		before.forEach((table, rows) -> assertThat(after.get(table)).as(table).isEqualTo(rows));
		assertThat(after.keySet()).isEqualTo(before.keySet());
		assertThat(this.requests.find(request.id()).orElseThrow().status()).isEqualTo(ErasureRequest.PENDING);
		List<String> reports = execution.getStepExecutions()
			.stream()
			.map((step) -> step.getExitStatus().getExitDescription())
			.toList();
		assertThat(reports.get(0)).contains("dry run, nothing changed", "1 requests would be erased",
				"webhook_inbox: 2 would be erased");
		assertThat(reports.get(1)).contains("dry run, nothing changed", "inbox payloads received before");
	}

	@Test
	void a_purge_failing_mid_run_restarts_and_finishes_without_erasing_or_counting_twice() throws Exception {
		List<Person> buyers = List.of(Person.named(this.prefix + "A"), Person.named(this.prefix + "B"),
				Person.named(this.prefix + "C"), Person.named(this.prefix + "D"), Person.named(this.prefix + "E"));
		List<Long> ids = new java.util.ArrayList<>();
		for (Person buyer : buyers) {
			this.events.checkoutCompleted(this.prefix, buyer, "cus_" + buyer.name().hashCode() % 1000 + "x"
					+ Math.abs(buyer.email().hashCode()), NOW.minus(Duration.ofDays(3)));
			this.events.chargeRefunded(this.prefix, buyer, NOW.minus(Duration.ofDays(2)));
			ids.add(this.desk.request(List.of(buyer.email()), List.of(), List.of(), List.of(), OPS).id());
		}
		// the second chunk (requests 3 and 4) fails after the holders erased, before it commits
		this.crashSwitch.armFor(ids.get(3));

		JobExecution failed = run(false);

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription())
			.contains("personal data holder test_crash_switch failed on erasure requests [" + ids.get(2) + ", "
					+ ids.get(3) + "]");
		assertThat(statuses(ids)).containsExactly("DONE", "DONE", "PENDING", "PENDING", "PENDING");
		assertThat(DatabaseDump.tablesContaining(this.dataSource, buyers.get(2).email()))
			.as("the failed chunk's redactions rolled back with it")
			.containsExactly("public.erasure_requests", "public.webhook_inbox");

		this.crashSwitch.disarm();
		JobExecution restarted = this.jobOperator.restart(failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
		assertThat(statuses(ids)).containsOnly("DONE");
		for (long id : ids) {
			assertThat(erasureLog(id)).as("request " + id).containsExactly(Map.entry("webhook_inbox", "erased=2 kept=0"));
		}
		for (Person buyer : buyers) {
			assertThat(DatabaseDump.tablesContaining(this.dataSource, buyer.email())).isEmpty();
		}
		StepExecution erase = restarted.getStepExecutions().iterator().next();
		assertThat(erase.getWriteCount()).as("only what the failed run left").isEqualTo(3);
	}

	@Test
	void the_same_subject_asked_twice_is_erased_once_and_the_second_request_finds_nothing_left() {
		Person buyer = Person.named(this.prefix + "Twice");
		this.events.checkoutCompleted(this.prefix, buyer, "cus_" + this.prefix, NOW.minus(Duration.ofDays(1)));
		ErasureRequest first = this.desk.request(List.of(buyer.email()), List.of(), List.of(), List.of(), OPS);

		assertThat(run(false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		ErasureRequest second = this.desk.request(List.of(buyer.email()), List.of(), List.of(), List.of(), OPS);
		assertThat(second.subjectHash()).isEqualTo(first.subjectHash());
		assertThat(run(false).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(erasureLog(first.id())).containsExactly(Map.entry("webhook_inbox", "erased=1 kept=0"));
		assertThat(erasureLog(second.id())).as("already erased by the first").isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM erasure_log WHERE request_id IN (?, ?)", Long.class,
				first.id(), second.id())).isEqualTo(2);
	}

	@Test
	void an_erasure_request_is_audited_without_personal_data_and_a_malformed_one_is_refused() {
		Person buyer = Person.named(this.prefix + "Audited");
		ErasureRequest request = this.desk.request(List.of(buyer.email()), List.of("cus_" + this.prefix), List.of(),
				List.of(), OPS);

		AuditEntry recorded = this.audit.page(new AuditQuery(null, ErasureDesk.ACTION, null, 1)).get(0);
		assertThat(recorded.target()).isEqualTo("erasure_request:" + request.id());
		assertThat(recorded.parameters()).containsEntry("subjectHash", request.subjectHash())
			.containsEntry("emails", 1)
			.containsEntry("customerIds", 1);
		assertThat(recorded.toString()).doesNotContain(buyer.email());
		assertThatExceptionOfType(ErasureRefusedException.class)
			.isThrownBy(() -> this.desk.request(List.of("not-an-email"), List.of(), List.of(), List.of(), OPS))
			.withMessageContaining("not a valid email")
			.withMessageNotContaining("not-an-email");
		assertThat(this.audit.page(new AuditQuery(null, ErasureDesk.ACTION, null, 1)).get(0).outcome())
			.isEqualTo("refused");
	}

	@Test
	void the_nightly_sweep_redacts_processed_payloads_older_than_90_days_batch_by_batch_and_only_once() {
		Person old = Person.named(this.prefix + "Old");
		Person young = Person.named(this.prefix + "Young");
		for (int i = 0; i < 3; i++) {
			this.events.chargeRefunded(this.prefix, old, NOW.minus(Duration.ofDays(91 + i)));
		}
		this.events.chargeRefunded(this.prefix, young, NOW.minus(Duration.ofDays(89)));

		JobExecution execution = run(false);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(DatabaseDump.tablesContaining(this.dataSource, old.name())).isEmpty();
		assertThat(DatabaseDump.tablesContaining(this.dataSource, young.name())).containsExactly("public.webhook_inbox");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox WHERE redacted_at IS NOT NULL"
				+ " AND payload::text LIKE ?", Long.class, "%" + this.prefix + "%")).isEqualTo(3);
		StepExecution sweep = execution.getStepExecutions().stream().skip(1).findFirst().orElseThrow();
		assertThat(sweep.getWriteCount()).isGreaterThanOrEqualTo(3);
		assertThat(run(false).getStepExecutions().stream().skip(1).findFirst().orElseThrow().getWriteCount())
			.as("nothing is redacted twice")
			.isZero();
	}

	@Test
	void a_buyer_who_is_also_an_app_user_is_erased_everywhere_and_the_rollups_and_books_stay_as_they_were() {
		Person buyer = Person.named(this.prefix + "Fan");
		Person bystander = Person.named(this.prefix + "Near");
		String customer = "cus_" + this.prefix + "F";
		String contact = "ct_" + this.prefix + "fan";
		String other = "ct_" + this.prefix + "near";
		String appUser = "u-" + this.prefix + "-fan";
		String draft = "do_" + this.prefix;
		Timestamp at = Timestamp.from(NOW.minus(Duration.ofDays(20)));
		this.events.checkoutCompleted(this.prefix, buyer, customer, at.toInstant());
		contact(contact, buyer, at);
		contact(other, bystander, at);
		this.jdbc.update("INSERT INTO marketing_consents (contact_id, basis, promotions, country, source, recorded_at)"
				+ " VALUES (?, 'consent', 'opt_in', 'FR', ?, ?)", contact, "cs_test_" + this.prefix, at);
		this.jdbc.update("INSERT INTO email_unsubscribes (contact_id, list, channel, unsubscribed_at)"
				+ " VALUES (?, 'marketing', 'page', ?)", contact, at);
		this.jdbc.update("INSERT INTO draft_orders (id, buyer_id, item_type, item_id, checkout_session_id,"
				+ " amount_total, currency, recovery_url, status, created_at, expired_at) VALUES (?, ?, 'ticket',"
				+ " 'show-1', ?, 2500, 'usd', ?, 'EXPIRED', ?, ?)", draft, contact, "cs_test_" + this.prefix + "d",
				"https://checkout.stripe.com/c/pay/" + this.prefix, at, at);
		long sent = retentionEmail(contact, draft, 1, "SENT", null, at);
		long bounced = retentionEmail(contact, draft, 2, "FAILED", "550 5.1.1 <" + buyer.email() + ">: unknown", at);
		List<String> events = List.of(analyticsEvent(appUser, "play", 3, at), analyticsEvent(appUser, "vote", 1, at),
				analyticsEvent(appUser, "revenue", 1_500, at), analyticsEvent("u-" + this.prefix + "-near", "play", 2, at));
		String raw = "SELECT type, count(*), sum(value) FROM analytics_events WHERE event_id LIKE '" + this.prefix
				+ "%' GROUP BY type ORDER BY type";
		List<Map<String, Object>> rawFiguresBefore = this.jdbc.queryForList(raw);
		Map<String, String> before = DatabaseDump.tables(this.dataSource);
		List<TrialBalanceLine> trialBalanceBefore = this.ledger.trialBalance();

		ErasureRequest request = this.desk.request(List.of(buyer.email()), List.of(customer), List.of(),
				List.of(appUser), OPS);
		assertThat(run(false).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		for (String personal : List.of(buyer.email(), buyer.name(), buyer.street(), appUser, contact,
				"https://checkout.stripe.com/c/pay/" + this.prefix)) {
			assertThat(DatabaseDump.tablesContaining(this.dataSource, personal)).as(personal).isEmpty();
		}
		assertThat(erasureLog(request.id())).containsEntry("contacts", "erased=1 kept=0")
			.containsEntry("marketing_consents", "erased=1 kept=0")
			.containsEntry("email_unsubscribes", "erased=1 kept=0")
			.containsEntry("draft_orders", "erased=1 kept=0")
			.containsEntry("retention_tasks", "erased=2 kept=0")
			.containsEntry("email_outbox", "erased=2 kept=0")
			.containsEntry("analytics_events.user_id", "erased=3 kept=0")
			.containsEntry("webhook_inbox", "erased=1 kept=0");
		assertThat(this.jdbc.queryForList("SELECT id FROM retention_tasks WHERE id IN (?, ?)", Long.class, sent,
				bounced)).isEmpty();
		// the draft order stays, pseudonymised, so the checkout and recovery figures stay
		assertThat(this.jdbc.queryForObject("SELECT buyer_id || ' ' || amount_total || ' ' || coalesce(recovery_url,"
				+ " 'none') FROM draft_orders WHERE id = ?", String.class, draft)).isEqualTo("erased 2500 none");
		// the raw events stay, without their user id: the rollups and a rebuild from them give the same numbers
		assertThat(this.jdbc.queryForList(raw)).isEqualTo(rawFiguresBefore);
		assertThat(this.jdbc.queryForList("SELECT count(*) FROM analytics_events WHERE event_id = ANY(?::text[])"
				+ " AND user_id IS NULL", Long.class, (Object) events.subList(0, 3).toArray(String[]::new)))
			.containsExactly(3L);
		Map<String, String> after = DatabaseDump.tables(this.dataSource);
		for (String rollup : List.of("public.analytics_hourly", "public.analytics_daily",
				"public.analytics_leaderboards", "public.analytics_show_financials", "public.ledger_accounts",
				"public.journals", "public.postings")) {
			assertThat(after.get(rollup)).as(rollup).isEqualTo(before.get(rollup));
		}
		assertThat(this.ledger.trialBalance()).isEqualTo(trialBalanceBefore);
		// someone else's data stays
		assertThat(DatabaseDump.tablesContaining(this.dataSource, bystander.email())).containsExactly("public.contacts");
		assertThat(DatabaseDump.tablesContaining(this.dataSource, "u-" + this.prefix + "-near"))
			.containsExactly("public.analytics_events");
	}

	@Test
	void retention_emails_finished_more_than_two_years_ago_are_deleted_with_their_outbox_rows_in_batches() {
		Person person = Person.named(this.prefix + "Mail");
		String contact = "ct_" + this.prefix + "mail";
		contact(contact, person, Timestamp.from(NOW.minus(Duration.ofDays(1000))));
		Timestamp old = Timestamp.from(NOW.minus(Duration.ofDays(731)));
		Timestamp recent = Timestamp.from(NOW.minus(Duration.ofDays(700)));
		List<Long> aged = List.of(retentionEmail(contact, "do_" + this.prefix + "a", 1, "SENT", null, old),
				retentionEmail(contact, "do_" + this.prefix + "a", 2, "FAILED", "550 <" + person.email() + ">", old),
				retentionEmail(contact, "do_" + this.prefix + "b", 1, "SENT", null, old));
		long young = retentionEmail(contact, "do_" + this.prefix + "c", 1, "SENT", null, recent);
		long scheduled = this.jdbc.queryForObject("INSERT INTO retention_tasks (kind, subject, contact_id, step, due_at,"
				+ " status, created_at, updated_at) VALUES ('abandoned_checkout', ?, ?, 1, ?, 'SCHEDULED', ?, ?)"
				+ " RETURNING id", Long.class, "do_" + this.prefix + "s", contact, old, old, old);

		JobExecution dryRun = run(true);
		assertThat(dryRun.getStepExecutions().stream().skip(1).findFirst().orElseThrow().getExitStatus()
			.getExitDescription()).contains("3 retention emails would be deleted");
		JobExecution execution = run(false);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForList("SELECT id FROM retention_tasks WHERE contact_id = ? ORDER BY id", Long.class,
				contact)).containsExactly(young, scheduled);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM email_outbox WHERE task_id = ANY(?::bigint[])",
				Long.class, (Object) aged.toArray(Long[]::new))).isZero();
		assertThat(DatabaseDump.tablesContaining(this.dataSource, "550 <" + person.email())).isEmpty();
		assertThat(execution.getStepExecutions().stream().skip(1).findFirst().orElseThrow().getExitStatus()
			.getExitDescription()).contains("3 retention emails deleted");
		assertThat(run(false).getStepExecutions().stream().skip(1).findFirst().orElseThrow().getExitStatus()
			.getExitDescription()).as("nothing deleted twice").contains("0 retention emails deleted");
	}

	@Test
	void counted_analytics_events_older_than_24_months_move_to_archive_files_which_go_after_12_more_months()
			throws Exception {
		Timestamp old = Timestamp.from(NOW.minus(Duration.ofDays(740)));
		Timestamp hot = Timestamp.from(NOW.minus(Duration.ofDays(700)));
		List<String> archived = new java.util.ArrayList<>();
		for (int i = 0; i < 3; i++) {
			archived.add(analyticsEvent("u-" + this.prefix + "-old" + i, "play", 10 + i, old));
		}
		String young = analyticsEvent("u-" + this.prefix + "-hot", "play", 7, hot);
		this.jdbc.update("UPDATE analytics_watermark SET last_seq = (SELECT max(seq) FROM analytics_events)");
		String uncounted = analyticsEvent("u-" + this.prefix + "-late", "play", 5, old);
		Map<String, String> before = DatabaseDump.tables(this.dataSource);
		// the second batch's file cannot be recorded (a trigger made by the owner refuses it): the sweep fails there
		long third = this.jdbc.queryForObject("SELECT seq FROM analytics_events WHERE event_id = ?", Long.class,
				archived.get(2));
		org.springframework.jdbc.core.JdbcTemplate owner = com.treasurybatch.shared.testing.TestPostgres
			.ownerJdbc(this.dataSource);
		owner.execute("""
				CREATE FUNCTION test_block_archive() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'analytics archive % cannot be recorded', NEW.path; END $$""");
		owner.execute("CREATE TRIGGER test_block_archive BEFORE INSERT ON analytics_event_archives FOR EACH ROW"
				+ " WHEN (NEW.first_seq = " + third + ") EXECUTE FUNCTION test_block_archive()");

		JobExecution failed = run(false);

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription()).contains("analytics archive analytics-events-" + third
				+ "-" + third + ".jsonl.gz cannot be recorded");
		assertThat(this.jdbc.queryForList("SELECT event_id FROM analytics_events WHERE event_id LIKE ? ORDER BY seq",
				String.class, this.prefix + "%"))
			.as("the first batch is archived and committed, the failed one rolled back")
			.containsExactly(archived.get(2), young, uncounted);
		owner.execute("DROP TRIGGER test_block_archive ON analytics_event_archives");
		owner.execute("DROP FUNCTION test_block_archive()");
		JobExecution execution = this.jobOperator.restart(failed);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
		assertThat(this.jdbc.queryForList("SELECT event_id FROM analytics_events WHERE event_id LIKE ? ORDER BY seq",
				String.class, this.prefix + "%"))
			.as("the hot event and the one not yet counted in the rollups stay")
			.containsExactly(young, uncounted);
		List<Map<String, Object>> files = this.jdbc.queryForList("SELECT path, rows, sha256 FROM"
				+ " analytics_event_archives WHERE deleted_at IS NULL ORDER BY id");
		assertThat(files).as("batches of 2 rows").hasSize(2);
		StringBuilder lines = new StringBuilder();
		for (Map<String, Object> file : files) {
			byte[] bytes;
			try (java.io.InputStream in = this.analyticsArchive.open((String) file.get("sha256"))) {
				bytes = in.readAllBytes();
			}
			assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
				.isEqualTo(file.get("sha256"));
			lines.append(gunzip(bytes));
		}
		assertThat(lines.toString().lines()).hasSize(3).allSatisfy((line) -> assertThat(line).contains("\"play\""));
		for (String event : archived) {
			assertThat(lines.toString()).contains("\"event_id\": \"" + event + "\"");
		}
		assertThat(lines.toString()).as("archives hold no user id").doesNotContain("u-" + this.prefix, "user_id");
		Map<String, String> after = DatabaseDump.tables(this.dataSource);
		for (String rollup : List.of("public.analytics_hourly", "public.analytics_daily",
				"public.analytics_leaderboards")) {
			assertThat(after.get(rollup)).as(rollup).isEqualTo(before.get(rollup));
		}
		assertThat(run(false).getStepExecutions().stream().skip(1).findFirst().orElseThrow().getExitStatus()
			.getExitDescription()).as("nothing archived twice").contains("0 analytics events archived");

		// 12 months later the archive window has ended for them
		this.clock.set(NOW.plus(Duration.ofDays(366)));
		assertThat(run(false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (Map<String, Object> file : files) {
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM stored_contents WHERE sha256 = ?", Long.class,
					file.get("sha256"))).as("archive file %s deleted from storage", file.get("path")).isZero();
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM analytics_event_archives WHERE deleted_at IS NULL"
				+ " AND path = ANY(?::text[])", Long.class,
				(Object) files.stream().map((file) -> (String) file.get("path")).toArray(String[]::new)))
			.as("the archive rows stay, marked deleted")
			.isZero();
		assertThat(this.jdbc.queryForList("SELECT event_id FROM analytics_events WHERE event_id LIKE ? ORDER BY seq",
				String.class, this.prefix + "%"))
			.as("the hot event has aged into an archive of its own meanwhile")
			.containsExactly(uncounted);
	}

	@Test
	void the_rollups_of_a_day_whose_raw_events_are_archived_are_not_rebuilt_from_what_is_left() throws Exception {
		this.jdbc.update("INSERT INTO analytics_event_archives (path, first_seq, last_seq, last_occurred_at, rows, sha256,"
				+ " created_at) VALUES (?, 1, 1, '2023-02-10T08:00:00Z', 1, ?, now())",
				"analytics-events-" + this.prefix + ".jsonl.gz", "0".repeat(64));
		this.jdbc.update("INSERT INTO analytics_daily (day, type, artist_id, show_id, city, genre, events, value_total)"
				+ " VALUES ('2023-02-09', 'play', ?, '', '', '', 4, 40)", this.prefix);

		JobExecution rebuild = this.jobOperator.start(new AsGivenJob(this.rollupsJob),
				new JobParametersBuilder().addString("mode", "rebuild")
					.addLocalDate("from", java.time.LocalDate.parse("2023-02-09"))
					.addLocalDate("to", java.time.LocalDate.parse("2023-02-11"))
					.toJobParameters());

		assertThat(rebuild.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(rebuild.getExitStatus().getExitDescription()).contains("Cannot rebuild 2023-02-09",
				"are archived");
		assertThat(this.jdbc.queryForObject("SELECT events || '/' || value_total FROM analytics_daily WHERE"
				+ " artist_id = ?", String.class, this.prefix)).isEqualTo("4/40");
	}

	private void contact(String id, Person person, Timestamp at) {
		this.jdbc.update("INSERT INTO contacts (id, email, name, country, created_at, updated_at)"
				+ " VALUES (?, ?, ?, 'FR', ?, ?)", id, person.email(), person.name(), at, at);
	}

	/** @return the retention task's id; its outbox row says how the email went */
	private long retentionEmail(String contact, String draft, int step, String status, String reply, Timestamp at) {
		long task = this.jdbc.queryForObject("INSERT INTO retention_tasks (kind, subject, contact_id, step, due_at,"
				+ " action_url, status, created_at, updated_at) VALUES ('abandoned_checkout', ?, ?, ?, ?, ?, ?, ?, ?)"
				+ " RETURNING id", Long.class, draft, contact, step, at, "https://tickets.example/r/" + draft, status,
				at, at);
		this.jdbc.update("INSERT INTO email_outbox (task_id, step, outbox_key, contact_id, status, smtp_reply,"
				+ " claimed_at, sent_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", task, step,
				"abandoned_checkout:" + draft + ":" + step, contact, status, reply, at,
				"SENT".equals(status) ? at : null, at);
		return task;
	}

	/** @return the event id of a raw analytics event */
	private String analyticsEvent(String user, String type, long value, Timestamp at) {
		String id = this.prefix + "-ev" + (++this.analyticsEvents);
		this.jdbc.update("INSERT INTO analytics_events (event_id, type, occurred_at, user_id, artist_id, show_id, value,"
				+ " schema_version, received_at) VALUES (?, ?, ?, ?, 'artist-1', 'show-1', ?, '1', ?)", id, type, at,
				user, value, at);
		return id;
	}

	private static String gunzip(byte[] bytes) throws IOException {
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private JobExecution run(boolean dryRun) {
		try {
			JobParameters parameters = new JobParametersBuilder()
				.addString(GdprPurgeJobConfiguration.DRY_RUN, String.valueOf(dryRun))
				.addLong("run.id", System.nanoTime())
				.toJobParameters();
			return this.jobOperator.start(new AsGivenJob(this.job), parameters);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<String> statuses(List<Long> ids) {
		return ids.stream().map((id) -> this.requests.find(id).orElseThrow().status()).toList();
	}

	/** @return per holder, "erased=N kept=M [DUTY until INSTANT]" from the request's erasure log row */
	private Map<String, String> erasureLog(long requestId) {
		Map<String, String> holdings = new java.util.LinkedHashMap<>();
		this.jdbc.query("SELECT h->>'holder', h->>'erased', h->>'kept', h->>'duty', h->>'keptUntil'"
				+ " FROM erasure_log, jsonb_array_elements(holdings) h WHERE request_id = ?", (rs) -> {
					String kept = (rs.getString(4) != null) ? " " + rs.getString(4) + " until " + rs.getString(5) : "";
					holdings.put(rs.getString(1), "erased=" + rs.getString(2) + " kept=" + rs.getString(3) + kept);
				}, requestId);
		return holdings;
	}

	private long postingsOf(String account) {
		return this.jdbc.queryForObject("SELECT count(*) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id"
				+ " WHERE a.code = ?", Long.class, LedgerAccounts.payable(account));
	}

	private void sale(String payee, long cents, Instant at) {
		String source = "cs_test_" + payee + "_" + at.truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
		this.transaction.executeWithoutResult((status) -> this.ledger
			.post(JournalEntry.of("sale", source, "sale " + source, at,
					List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, "usd"),
							JournalLine.credit(LedgerAccounts.payable(payee), cents, "usd"))))
			.orElseThrow());
	}

	/**
	 * A personal data holder as another module would add one, which can be armed to fail a chunk holding a given
	 * request after the other holders erased: the crash in the middle of a purge.
	 */
	static final class CrashSwitch implements PersonalDataHolder {

		private final AtomicLong armedFor = new AtomicLong(-1);

		void armFor(long requestId) {
			this.armedFor.set(requestId);
		}

		void disarm() {
			this.armedFor.set(-1);
		}

		@Override
		public String name() {
			return "test_crash_switch";
		}

		@Override
		public Map<Long, Holding> assess(List<ErasureSubject> subjects) {
			return Map.of();
		}

		@Override
		public Map<Long, Holding> erase(List<ErasureSubject> subjects, Instant now) {
			for (ErasureSubject subject : subjects) {
				if (subject.requestId() == this.armedFor.get()) {
					throw new IllegalStateException("simulated crash while erasing request " + subject.requestId());
				}
			}
			return Map.of();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CrashSwitchConfiguration {

		@Bean
		CrashSwitch crashSwitch() {
			return new CrashSwitch();
		}

	}

}
