package com.treasurybatch.jobs.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
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
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.sales.InlineSplit;
import com.treasurybatch.shared.sales.PaidSale;
import com.treasurybatch.shared.sales.Share;
import com.treasurybatch.shared.sales.SplitRule;
import com.treasurybatch.shared.sales.SplitRules;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of inbox-processing against two floors, each on a fresh database: {@value #SALES_DEFAULT} realistic
 * sales staged in the inbox and processed by the job (default chunk size), versus
 * <ul>
 * <li>the same journals and postings batch-inserted with plain JDBC in the same SQL shape (journal and its postings
 * in one statement): the baseline, a part of the job's work;</li>
 * <li>the same work done by hand with plain JDBC ({@link InboxSameWorkBaseline}): claim and mark the inbox rows,
 * parse the payloads, insert journals with postings, orders, buyers and draft orders.</li>
 * </ul>
 * Each baseline runs before and after the job and the faster run counts, so that a busy machine does not flatter
 * the ratios. Every database first gets a ledger history ({@value #HISTORY_TRANSACTIONS} committed transactions of
 * {@value #HISTORY_JOURNALS_PER_TRANSACTION} journals) and is analyzed, as autovacuum analyzes a production ledger:
 * the planner then chooses the plans production runs, not those of empty tables without statistics.
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=InboxProcessingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.sales=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest
@PostgresTest
@SpringBatchTest
class InboxProcessingBenchmark {

	static final int SALES_DEFAULT = 100_000;

	private static final int SALES = Integer.getInteger("bench.sales", SALES_DEFAULT);

	private static final int PAYEES = 2_000;

	private static final int RULES = 20;

	private static final int STAGING_BATCH = 1_000;

	private static final int BASELINE_BATCH = 1_000;

	private static final int HISTORY_TRANSACTIONS = 100;

	private static final int HISTORY_JOURNALS_PER_TRANSACTION = 500;

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
	SplitRules splitRules;

	@Autowired
	Ledger ledger;

	@Autowired
	InboxProcessingProperties properties;

	@Autowired
	ObjectMapper mapper;

	@Test
	void inbox_processing_against_plain_jdbc_inserts_of_the_same_journals() throws Exception {
		List<BenchSale> sales = realisticSales(new Random(20261120L));
		stage(sales);
		history(this.jdbc);
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("ANALYZE");
		Duration baselineBefore = baseline(sales);
		Duration sameWorkBefore = sameWorkBaseline(sales);

		long jobStart = System.nanoTime();
		JobExecution execution = this.jobs.getJobOperator().startNextInstance(this.job);
		Duration jobTime = Duration.ofNanos(System.nanoTime() - jobStart);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'sale'", Long.class))
			.isEqualTo(SALES);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox WHERE status = 'PROCESSED'",
				Long.class))
			.isEqualTo(SALES);
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);

		Duration baselineAfter = baseline(sales);
		Duration baselineTime = (baselineBefore.compareTo(baselineAfter) < 0) ? baselineBefore : baselineAfter;
		Duration sameWorkAfter = sameWorkBaseline(sales);
		Duration sameWorkTime = (sameWorkBefore.compareTo(sameWorkAfter) < 0) ? sameWorkBefore : sameWorkAfter;

		long jobRate = ratePerSecond(SALES, jobTime);
		long baselineRate = ratePerSecond(SALES, baselineTime);
		System.out.printf("%ninbox-processing benchmark, %d sales (chunk size %d)%n", SALES,
				this.properties.chunkSize());
		System.out.printf("  job:      %6d ms  %6d events/s%n", jobTime.toMillis(), jobRate);
		System.out.printf("  baseline: %6d ms  %6d events/s (plain JDBC batches of %d journals with postings; "
				+ "best of a run before the job, %d ms, and one after, %d ms)%n", baselineTime.toMillis(), baselineRate,
				BASELINE_BATCH, baselineBefore.toMillis(), baselineAfter.toMillis());
		long sameWorkRate = ratePerSecond(SALES, sameWorkTime);
		System.out.printf("  same work by hand: %6d ms  %6d events/s (plain JDBC batches of %d: claim and mark the rows, "
				+ "parse, journal with postings, order, buyer, draft order; best of %d ms before the job and %d ms "
				+ "after)%n", sameWorkTime.toMillis(), sameWorkRate, BASELINE_BATCH, sameWorkBefore.toMillis(),
				sameWorkAfter.toMillis());
		System.out.printf("  ratio job/baseline: %s (target 0.70)%n", ratio(jobRate, baselineRate));
		System.out.printf("  ratio job/same work by hand: %s%n%n", ratio(jobRate, sameWorkRate));
	}

	/** The same journals, posted by plain JDBC batches into a fresh database; returns the time of the inserts. */
	private Duration baseline(List<BenchSale> sales) throws Exception {
		DataSource dataSource = migratedDatabase("bench_baseline");
		List<JournalEntry> journals = sales.stream().map(BenchSale::journal).toList();
		Map<String, Long> accountIds = createAccounts(dataSource, journals);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		history(jdbc);
		jdbc.execute("ANALYZE"); // connected as the database's owner
		long start = System.nanoTime();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(InboxSameWorkBaseline.JOURNAL_SQL)) {
			connection.setAutoCommit(false);
			int batched = 0;
			for (JournalEntry journal : journals) {
				InboxSameWorkBaseline.addJournal(connection, statement, journal, accountIds);
				if (++batched == BASELINE_BATCH) {
					statement.executeBatch();
					connection.commit();
					batched = 0;
				}
			}
			statement.executeBatch();
			connection.commit();
		}
		Duration time = Duration.ofNanos(System.nanoTime() - start);
		Long count = jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'sale'", Long.class);
		assertThat(count).isEqualTo(sales.size());
		return time;
	}

	private static DataSource migratedDatabase(String name) {
		String url = TestPostgres.newDatabase(name);
		DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, "postgres", "postgres");
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.placeholders(Map.of("application-role", TestPostgres.APPLICATION_ROLE))
			.load()
			.migrate();
		return dataSource;
	}

	private static Map<String, Long> createAccounts(DataSource dataSource, List<JournalEntry> journals) {
		Set<String> codes = new LinkedHashSet<>();
		journals.forEach((journal) -> journal.lines().forEach((line) -> codes.add(line.accountCode())));
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Map<String, Long> ids = new HashMap<>();
		for (String code : codes) {
			jdbc.update("INSERT INTO ledger_accounts (code, type) VALUES (?, ?) ON CONFLICT (code) DO NOTHING", code,
					LedgerAccounts.typeOf(code).name());
			ids.put(code, jdbc.queryForObject("SELECT id FROM ledger_accounts WHERE code = ?", Long.class, code));
		}
		return ids;
	}

	/**
	 * A mix like production's: 3 currencies, amounts from 5 to 250 units, 2000 payees; 60% inline three-way
	 * splits, 25% a single payee, 15% one of 20 split rules (some with their own fee); half carry Stripe's fee.
	 */
	private List<BenchSale> realisticSales(Random random) {
		StripeIds ids = new StripeIds(random.nextLong());
		List<String> payees = new ArrayList<>(PAYEES);
		for (int i = 0; i < PAYEES; i++) {
			payees.add(ids.account());
		}
		List<SplitRule> rules = new ArrayList<>(RULES);
		for (int i = 0; i < RULES; i++) {
			OptionalInt fee = (i % 3 == 0) ? OptionalInt.of(1500) : OptionalInt.empty();
			rules.add(new SplitRule("bench-rule-" + i, "Benchmark rule " + i, fee,
					List.of(new Share(payees.get(i * 3), 6000), new Share(payees.get(i * 3 + 1), 4000))));
		}
		this.transaction.executeWithoutResult((status) -> rules.forEach(this.splitRules::create));
		String[] currencies = { "usd", "usd", "usd", "usd", "usd", "usd", "usd", "eur", "eur", "gbp" };
		Instant created = Instant.parse("2026-11-19T00:00:00Z");
		List<BenchSale> sales = new ArrayList<>(SALES);
		for (int i = 0; i < SALES; i++) {
			long amount = 500 + random.nextInt(24_501);
			CheckoutSessionEvent event = CheckoutSessionEvent.paid(ids, amount, currencies[random.nextInt(10)])
				.meta("tb_item_type", "ticket")
				.meta("tb_item_id", "tkt_" + i)
				.at(created.plusMillis(i * 500L));
			List<Share> shares;
			int feeBps = 1000;
			int kind = random.nextInt(100);
			if (kind < 60) {
				shares = List.of(new Share(payees.get(random.nextInt(PAYEES)), 5000),
						new Share(payees.get(random.nextInt(PAYEES)), 3000),
						new Share(payees.get(random.nextInt(PAYEES)), 2000));
				if (shares.stream().map(Share::payeeAccount).distinct().count() < 3) {
					shares = List.of(new Share(shares.get(0).payeeAccount(), 10_000));
				}
				event.meta("tb_split", InlineSplit.format(shares));
			}
			else if (kind < 85) {
				shares = List.of(new Share(payees.get(random.nextInt(PAYEES)), 10_000));
				event.meta("tb_payee", shares.get(0).payeeAccount());
			}
			else {
				SplitRule rule = rules.get(random.nextInt(RULES));
				shares = rule.shares();
				feeBps = rule.platformFeeBps().orElse(1000);
				event.meta("tb_split_rule", rule.id());
			}
			sales.add(new BenchSale(event, PaidSale.untaxed(event.paymentIntentId, event.created, event.currency, amount,
					feeBps, shares)));
		}
		return sales;
	}

	private void stage(List<BenchSale> sales) {
		stage(this.jdbc, sales);
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("VACUUM ANALYZE webhook_inbox");
	}

	private static void stage(JdbcTemplate jdbc, List<BenchSale> sales) {
		for (int from = 0; from < sales.size(); from += STAGING_BATCH) {
			List<BenchSale> batch = sales.subList(from, Math.min(from + STAGING_BATCH, sales.size()));
			jdbc.batchUpdate("""
					INSERT INTO webhook_inbox (event_id, type, api_version, livemode, created, payload)
					VALUES (?, ?, '2026-04-22.dahlia', false, ?, ?::jsonb)
					""", batch, batch.size(), (statement, sale) -> {
						statement.setString(1, sale.event().eventId);
						statement.setString(2, sale.event().type);
						statement.setTimestamp(3, Timestamp.from(sale.event().created));
						statement.setString(4, sale.event().json());
					});
		}
	}

	/**
	 * A ledger's past: {@value #HISTORY_TRANSACTIONS} committed transactions of
	 * {@value #HISTORY_JOURNALS_PER_TRANSACTION} journals (kind {@code history}, 10.00 USD from cash to fee revenue),
	 * so that journals has many transactions' rows when it is analyzed, as a production ledger has.
	 */
	private static void history(JdbcTemplate jdbc) {
		for (String code : List.of(LedgerAccounts.PLATFORM_CASH, LedgerAccounts.PLATFORM_FEE_REVENUE)) {
			jdbc.update("INSERT INTO ledger_accounts (code, type) VALUES (?, ?) ON CONFLICT (code) DO NOTHING", code,
					LedgerAccounts.typeOf(code).name());
		}
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
		for (int t = 0; t < HISTORY_TRANSACTIONS; t++) {
			int first = t * HISTORY_JOURNALS_PER_TRANSACTION;
			transaction.executeWithoutResult((status) -> jdbc.update("""
					WITH journal AS (
					    INSERT INTO journals (kind, source_id, description, effective_at)
					    SELECT 'history', 'history_' || n, 'ledger history', timestamptz '2026-01-01' + n * interval '1 minute'
					    FROM generate_series(?::int, ?::int) AS n
					    RETURNING id)
					INSERT INTO postings (journal_id, account_id, side, amount, currency)
					SELECT journal.id, a.id, line.side, 1000, 'usd'
					FROM journal
					CROSS JOIN (VALUES (?, 'D'), (?, 'C')) AS line (code, side)
					JOIN ledger_accounts a ON a.code = line.code
					""", first, first + HISTORY_JOURNALS_PER_TRANSACTION - 1, LedgerAccounts.PLATFORM_CASH,
					LedgerAccounts.PLATFORM_FEE_REVENUE));
		}
	}

	private static String ratio(long rate, long baselineRate) {
		return (rate * 100 / baselineRate / 100) + "." + String.format("%02d", rate * 100 / baselineRate % 100);
	}

	/**
	 * The job's work on the same staged sales done by hand ({@link InboxSameWorkBaseline}) on a fresh database;
	 * checks that it wrote what the job writes (one order and one completed draft order per sale, every row
	 * PROCESSED) and returns its time.
	 */
	private Duration sameWorkBaseline(List<BenchSale> sales) throws Exception {
		DataSource dataSource = migratedDatabase("bench_same_work");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		stage(jdbc, sales);
		Map<String, JournalEntry> journals = new HashMap<>();
		sales.forEach((sale) -> journals.put(sale.event().eventId, sale.journal()));
		Map<String, Long> accountIds = createAccounts(dataSource, List.copyOf(journals.values()));
		history(jdbc);
		jdbc.execute("VACUUM ANALYZE"); // connected as the database's owner
		Duration time = InboxSameWorkBaseline.run(dataSource, journals, accountIds, this.mapper, BASELINE_BATCH);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM journals WHERE kind = 'sale'", Long.class))
			.isEqualTo(sales.size());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE journal_id IS NOT NULL", Long.class))
			.isEqualTo(sales.size());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM draft_orders WHERE status = 'COMPLETED'", Long.class))
			.isEqualTo(sales.size());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_inbox WHERE status = 'PROCESSED'", Long.class))
			.isEqualTo(sales.size());
		return time;
	}

	private static long ratePerSecond(long events, Duration time) {
		return events * 1_000_000_000L / Math.max(1, time.toNanos());
	}

	/** One staged sale and how it must be booked. */
	private record BenchSale(CheckoutSessionEvent event, PaidSale sale) {

		JournalEntry journal() {
			return this.sale.journal();
		}

	}

}
