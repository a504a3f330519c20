package com.treasurybatch.jobs.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.analytics.AnalyticsEvents;
import com.treasurybatch.shared.analytics.AnalyticsReads;
import com.treasurybatch.shared.analytics.KpiQuery;
import com.treasurybatch.shared.analytics.KpiRow;
import com.treasurybatch.shared.analytics.KpiTotal;
import com.treasurybatch.shared.analytics.LeaderboardEntry;
import com.treasurybatch.shared.analytics.LeaderboardQuery;
import com.treasurybatch.shared.analytics.PassportEvent;
import com.treasurybatch.shared.analytics.ShowFinancials;
import com.treasurybatch.shared.analytics.ShowLedger;
import com.treasurybatch.shared.analytics.StagedOutcome;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.sales.ChargeRefunds;
import com.treasurybatch.shared.sales.ItemType;
import com.treasurybatch.shared.sales.Order;
import com.treasurybatch.shared.sales.OrderStatus;
import com.treasurybatch.shared.sales.Orders;
import com.treasurybatch.shared.sales.PaidSale;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.testing.SettledCharges;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The analytics-rollups job on a real PostgreSQL, with tiny chunks (4 events, 3 changed days) so that every run
 * spans several transactions. Tests share one database: each uses its own artists and shows (prefix), and reads
 * only its own rows; the watermark is shared, as in production.
 */
@SpringBootTest(properties = { "treasury.analytics.rollups.events-per-chunk=4",
		"treasury.analytics.rollups.changed-days-per-chunk=3" })
@PostgresTest
class AnalyticsRollupsJobTests {

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(AnalyticsRollupsJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	AnalyticsEvents events;

	@Autowired
	AnalyticsReads reads;

	@Autowired
	ShowLedger showLedger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	Orders orders;

	@Autowired
	ChargeRefunds refunds;

	private String prefix;

	private int sequence;

	@BeforeEach
	void setUp(TestInfo test) {
		this.prefix = "A" + Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
	}

	@Test
	void a_late_event_lands_in_its_own_hour_and_duplicates_or_unknown_events_never_count() throws Exception {
		PassportEvent first = play("artist1", "show1", "2026-11-20T10:15:00Z", 1);
		assertThat(this.events.stageAll(List.of(first, play("artist1", "show1", "2026-11-20T10:45:00Z", 1),
				play("artist2", "show1", "2026-11-20T11:05:00Z", 1))))
			.containsOnly(StagedOutcome.STORED);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		PassportEvent late = play("artist1", "show1", "2026-11-20T10:30:00Z", 1);
		PassportEvent unknownType = event("skip", "artist1", "show1", "2026-11-20T10:31:00Z", 1, "1");
		PassportEvent newerSchema = event("play", "artist1", "show1", "2026-11-20T10:32:00Z", 1, "2");
		assertThat(this.events.stageAll(List.of(late, first, late, unknownType, newerSchema)))
			.containsExactly(StagedOutcome.STORED, StagedOutcome.DUPLICATE, StagedOutcome.DUPLICATE,
					StagedOutcome.STORED, StagedOutcome.STORED);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run().getStatus()).as("a run with nothing new changes nothing").isEqualTo(BatchStatus.COMPLETED);

		assertThat(hourly()).containsExactly(
				row("2026-11-20T10:00:00Z", "play", "artist1", "show1", 3, 3),
				row("2026-11-20T11:00:00Z", "play", "artist2", "show1", 1, 1));
		assertThat(this.reads.showTotals(id("show1"), LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20")))
			.containsExactly(new KpiTotal("play", 4, 4));
		assertThat(this.jdbc.queryForList("SELECT flag FROM analytics_events WHERE artist_id = ? ORDER BY seq",
				String.class, id("artist1")))
			.containsExactly(null, null, null, "unknown_type", "unknown_schema_version");
		assertThat(this.jdbc.queryForList("SELECT message FROM alerts WHERE kind = 'analytics_events_flagged'"
				+ " AND subject = 'passport:skip'", String.class))
			.as("operators hear of events they do not get counted")
			.singleElement()
			.satisfies((message) -> assertThat(message).contains("type 'skip'").contains("unknown_type"));
		assertThat(this.reads.leaderboard(new LeaderboardQuery(LeaderboardQuery.Period.DAY, LocalDate.parse("2026-11-20"),
				"play", id("show1"), null, null, 10, 0)))
			.containsExactly(new LeaderboardEntry(1, id("artist1"), 3, 3), new LeaderboardEntry(2, id("artist2"), 1, 1));
		assertThat(this.reads.leaderboard(new LeaderboardQuery(LeaderboardQuery.Period.WEEK, LocalDate.parse("2026-11-22"),
				"play", id("show1"), "Lisbon", "jazz", 10, 0)))
			.as("the week of Monday 2026-11-16, filtered by city and genre")
			.containsExactly(new LeaderboardEntry(1, id("artist1"), 3, 3), new LeaderboardEntry(2, id("artist2"), 1, 1));
	}

	@Test
	void a_crash_mid_run_and_a_restart_give_the_rollups_of_an_uninterrupted_run() throws Exception {
		List<PassportEvent> batch = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			batch.add(event((i % 2 == 0) ? "play" : "revenue", (i == 13) ? "crash" : "artist" + (i % 3), "show1",
					"2026-11-" + (10 + i % 4) + "T0" + (i % 10) + ":1" + (i % 6) + ":00Z", 100 + i, "1"));
		}
		this.events.stageAll(batch);
		List<String> expected = expectedHourly();
		owner().execute("""
				CREATE FUNCTION analytics_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'disk full while writing %', NEW.artist_id; END $$""");
		owner().execute("CREATE TRIGGER analytics_test_crash BEFORE INSERT OR UPDATE ON analytics_hourly FOR EACH ROW "
				+ "WHEN (NEW.artist_id = '" + id("crash") + "') EXECUTE FUNCTION analytics_test_crash()");
		JobExecution failed;
		try {
			failed = run();
		}
		finally {
			owner().execute("DROP TRIGGER analytics_test_crash ON analytics_hourly");
			owner().execute("DROP FUNCTION analytics_test_crash()");
		}
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getAllFailureExceptions()).anySatisfy((ex) -> assertThat(ex).hasStackTraceContaining("disk full"));
		assertThat(hourly()).as("the chunks before the crash are counted").isNotEmpty().isNotEqualTo(expected);

		JobExecution restarted = this.jobOperator.restart(failed);
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(hourly()).isEqualTo(expected);
		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(hourly()).isEqualTo(expected);
	}

	@Test
	void a_rebuild_of_a_range_equals_the_incremental_runs_row_for_row() throws Exception {
		this.events.stageAll(List.of(play("artist1", "show1", "2026-10-05T09:00:00Z", 2),
				play("artist2", "show2", "2026-10-06T23:59:59Z", 5)));
		run();
		this.events.stageAll(List.of(play("artist1", "show2", "2026-10-05T09:30:00Z", 7),
				event("vote", "artist2", "show1", "2026-10-07T00:00:00Z", 1, "1"),
				play("artist3", "", "2026-10-06T12:00:00Z", 4)));
		run();
		List<String> incremental = everything("2026-10-05", "2026-10-07");
		assertThat(incremental).isNotEmpty();

		this.jdbc.update("UPDATE analytics_daily SET events = 999 WHERE day = '2026-10-06'");
		this.jdbc.update("DELETE FROM analytics_hourly WHERE bucket_start >= '2026-10-05' AND bucket_start < '2026-10-06'");
		JobExecution rebuild = this.jobOperator.start(asGiven(), new JobParametersBuilder().addString("mode", "rebuild")
			.addLocalDate("from", LocalDate.parse("2026-10-05"))
			.addLocalDate("to", LocalDate.parse("2026-10-07"))
			.toJobParameters());

		assertThat(rebuild.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(everything("2026-10-05", "2026-10-07")).isEqualTo(incremental);
		assertThat(rebuild.getStepExecutions()).extracting((step) -> step.getStepName())
			.as("three days in three partitions of one day each (rebuild-partitions 4)")
			.contains("rebuildRollupDaysStep:days0", "rebuildRollupDaysStep:days1", "rebuildRollupDaysStep:days2")
			.doesNotContain("countEventsStep");
	}

	@Test
	void a_rebuild_needs_a_range() {
		assertThatExceptionOfType(InvalidJobParametersException.class)
			.isThrownBy(() -> this.jobOperator.start(asGiven(),
					new JobParametersBuilder().addString("mode", "rebuild").toJobParameters()))
			.withMessageContaining("from=DATE and to=DATE");
	}

	@Test
	void a_shows_financials_come_from_its_sale_and_refund_journals() throws Exception {
		String show = id("show-fin");
		String payee = "acct_" + this.prefix + "payee";
		long sale1 = sale("cs_" + this.prefix + "1", show, 10_000, payee);
		sale("cs_" + this.prefix + "2", show, 5_000, payee);
		// a 4,000 refund of the first sale, split as the sale was: 10 % platform fee, the rest to the payee
		long refundJournal = this.ledger.post(JournalEntry.of("refund", "re_" + this.prefix, "refund of test sale",
				Instant.parse("2026-11-20T12:00:00Z"),
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, 400, "usd"),
						JournalLine.debit(LedgerAccounts.payable(payee), 3_600, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 4_000, "usd"))))
			.getAsLong();
		this.refunds.record("re_" + this.prefix, "ch_" + this.prefix, "pi_" + this.prefix + "1",
				this.orders.find("pi_" + this.prefix + "1").orElseThrow(), 4_000, "usd", refundJournal,
				"evt_" + this.prefix);
		assertThat(sale1).isPositive();

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		ShowFinancials financials = this.reads.showFinancials(show).get(0);
		assertThat(financials.orders()).isEqualTo(2);
		assertThat(financials.grossCents()).isEqualTo(15_000);
		assertThat(financials.refundsCents()).isEqualTo(4_000);
		assertThat(financials.feesCents()).isEqualTo(1_500 - 400);
		assertThat(financials.netPayableCents()).isEqualTo(13_500 - 3_600);
		assertThat(financials.stripeFeesCents()).isEqualTo(600);
		assertThat(financials.disputesCents()).isZero();
	}

	@Test
	void a_ticket_types_sales_are_stored_under_its_show_and_equal_what_event_reports_compute() throws Exception {
		String show = id("show-typed");
		String ticketType = id("show-typed-floor");
		String payee = "acct_" + this.prefix + "payee";
		this.jdbc.update("INSERT INTO ticketed_events (id, title, starts_at) VALUES (?, 'Typed', ?)", show,
				java.sql.Timestamp.from(Instant.parse("2026-11-25T20:00:00Z")));
		this.jdbc.update("""
				INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, sale_starts_at, sale_ends_at)
				VALUES (?, ?, 'Floor', 2500, 'usd', 10, ?, ?)""", ticketType, show,
				java.sql.Timestamp.from(Instant.parse("2026-11-01T00:00:00Z")),
				java.sql.Timestamp.from(Instant.parse("2026-11-25T00:00:00Z")));
		sale("cs_" + this.prefix + "1", ticketType, 2_500, payee);
		sale("cs_" + this.prefix + "2", ticketType, 5_000, payee);

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(this.reads.showFinancials(ticketType)).as("the ticket type is not a show").isEmpty();
		ShowFinancials stored = this.reads.showFinancials(show).get(0);
		assertThat(stored.orders()).isEqualTo(2);
		assertThat(stored.grossCents()).isEqualTo(7_500);
		assertThat(stored).usingRecursiveComparison()
			.ignoringFields("updatedAt")
			.isEqualTo(this.showLedger.financials(show, ShowLedger.ALL_TIME_FROM, ShowLedger.ALL_TIME_TO).get(0));
	}

	private long sale(String sessionId, String show, long gross, String payee) {
		Instant paidAt = Instant.parse("2026-11-19T20:00:00Z");
		String intent = "pi_" + this.prefix + sessionId.substring(sessionId.length() - 1);
		long journal = this.ledger
			.post(PaidSale.untaxed(intent, paidAt, "usd", gross, 1_000, List.of(new Share(payee, 10_000))).journal())
			.getAsLong();
		this.orders.save(new Order(intent, sessionId, intent, null, null, ItemType.TICKET, show, null,
				payee + ":10000", false, gross, 0, "usd", "paid", OrderStatus.PAID, journal, paidAt, paidAt));
		SettledCharges.settle(this.jdbc, this.ledger, intent, gross, 300, "usd", paidAt);
		return journal;
	}

	/** The job without its incrementer, as the launcher starts it when parameters are given. */
	private Job asGiven() {
		Job job = this.job;
		return new Job() {

			@Override
			public String getName() {
				return job.getName();
			}

			@Override
			public JobParametersValidator getJobParametersValidator() {
				return job.getJobParametersValidator();
			}

			@Override
			public void execute(JobExecution execution) throws JobInterruptedException {
				job.execute(execution);
			}

		};
	}

	private JobExecution run() throws Exception {
		return this.jobOperator.startNextInstance(this.job);
	}

	private String id(String name) {
		return name.isEmpty() ? "" : this.prefix + "-" + name;
	}

	private PassportEvent play(String artist, String show, String at, long value) {
		return event("play", artist, show, at, value, "1");
	}

	private PassportEvent event(String type, String artist, String show, String at, long value, String schemaVersion) {
		return new PassportEvent(this.prefix + "-evt-" + (++this.sequence), type, Instant.parse(at), "user-42",
				id(artist), id(show), "Lisbon", "jazz", value, "{\"source\":\"app\"}", schemaVersion, null);
	}

	private static String row(String hour, String type, String artist, String show, long events, long value) {
		return hour + " " + type + " " + artist + " " + show + " " + events + " " + value;
	}

	private List<String> hourly() {
		return this.reads
			.kpis(new KpiQuery(KpiQuery.Grain.HOUR, LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-31"), null,
					null, null, null, null, 1000, 0))
			.stream()
			.filter((row) -> row.artistId().startsWith(this.prefix))
			.map((row) -> row(row.bucketStart().toString(), row.type(), row.artistId().substring(this.prefix.length() + 1),
					row.showId().isEmpty() ? "" : row.showId().substring(this.prefix.length() + 1), row.events(),
					row.valueTotal()))
			.toList();
	}

	/** What one GROUP BY over this test's counted raw events gives. */
	private List<String> expectedHourly() {
		return this.jdbc.query("""
				SELECT date_trunc('hour', occurred_at, 'UTC'), type, artist_id, show_id, count(*), sum(value)
				  FROM analytics_events WHERE artist_id LIKE ? AND flag IS NULL
				 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""",
				(row, n) -> row(row.getTimestamp(1).toInstant().toString(), row.getString(2),
						row.getString(3).substring(this.prefix.length() + 1),
						row.getString(4).substring(this.prefix.length() + 1), row.getLong(5), row.getLong(6)),
				this.prefix + "-%");
	}

	/** Every hourly, daily and leaderboard row of those days, whoever's. */
	private List<String> everything(String from, String to) {
		List<String> rows = new ArrayList<>();
		rows.addAll(this.jdbc.queryForList("""
				SELECT concat_ws(' ', bucket_start, type, artist_id, show_id, city, genre, events, value_total)
				  FROM analytics_hourly WHERE bucket_start >= CAST(? AS date) AND bucket_start < CAST(? AS date) + 1
				 ORDER BY 1""", String.class, from, to));
		rows.addAll(this.jdbc.queryForList("""
				SELECT concat_ws(' ', day, type, artist_id, show_id, city, genre, events, value_total)
				  FROM analytics_daily WHERE day BETWEEN CAST(? AS date) AND CAST(? AS date) ORDER BY 1""",
				String.class, from, to));
		rows.addAll(this.jdbc.queryForList("""
				SELECT concat_ws(' ', period, period_start, type, show_id, city, genre, artist_id, rank, events, value_total)
				  FROM analytics_leaderboards WHERE period_start BETWEEN CAST(? AS date) - 31 AND CAST(? AS date)
				 ORDER BY 1""", String.class, from, to));
		return rows;
	}

	/** The database's owner: creating functions and triggers, TRUNCATE (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
