package com.treasurybatch.jobs.reconciliation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.stripe.BalanceTransactionQuery;
import com.treasurybatch.shared.stripe.StripeBalanceTransaction;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.simulator.StripeSimulator;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * stripe-reconciliation at scale: {@value #TRANSACTIONS_DEFAULT} charges at the Stripe simulator (served over HTTP
 * in pages of 100, expanded sources) against a ledger of as many sales (booked as the handlers book them: cash
 * gross, no fee), one in a thousand one cent short. Our path: the whole job (list through the gateway in 4 time
 * ranges at once, one insert per chunk, the settlement step booking every charge's fee, SQL match, ledger
 * integrity checks); the baseline books no fee, so the settlement step's time is printed apart in the steps.
 * Baseline, the simplest fast way: the same pages over the JDK HTTP client read with Jackson, the rows loaded with
 * one JDBC batch insert and matched with one SQL join. Same database, same run; the insert and join alone are
 * printed too. Both HTTP paths list the day once, untimed, before anything is measured (JIT warm-up).
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=StripeReconciliationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.reconciliation.transactions=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest
@PostgresTest
class StripeReconciliationBenchmark {

	static final int TRANSACTIONS_DEFAULT = 100_000;

	private static final int TRANSACTIONS = Integer.getInteger("bench.reconciliation.transactions",
			TRANSACTIONS_DEFAULT);

	private static final int AMOUNT_OFF_EVERY = 1_000;

	private static final LocalDate DATE = LocalDate.parse("2026-10-20");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		// the JDK server behind the simulator writes headers and body as two segments: with Nagle's algorithm on,
		// the body waits for the client's delayed ACK (about 40 ms per page, for both paths alike); the property is
		// read once, when the JVM's first HTTP server starts
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnStripe extends ClockedStripeConfiguration {

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(StripeReconciliationJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	StripeSimulator stripe;

	@Autowired
	StripeGateway gateway;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	MutableClock clock;

	@Test
	void reconciling_a_day_against_one_batch_insert_and_one_sql_join() throws Exception {
		Instant dayStart = DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
		for (int i = 0; i < TRANSACTIONS; i++) {
			this.clock.set(dayStart.plusSeconds(i * 86_400L / TRANSACTIONS));
			this.stripe.seedCharge("ch_bench" + i, "pi_bench" + i, amount(i), fee(i), "usd");
		}
		seedLedger();
		this.clock.set(Instant.parse("2026-10-21T04:00:00Z"));
		// warm-up, untimed: both HTTP paths and the simulator compiled before either is measured
		assertThat(this.gateway.balanceTransactions(BalanceTransactionQuery.platform(
				DATE.atStartOfDay(ZoneOffset.UTC).toInstant(), DATE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
			.count()).isEqualTo(TRANSACTIONS);
		assertThat(fetchPlain()).hasSize(TRANSACTIONS);

		long jobStart = System.nanoTime();
		JobExecution execution = this.jobOperator.start(this.job,
				new JobParametersBuilder().addLocalDate("date", DATE).toJobParameters());
		Duration jobTime = Duration.ofNanos(System.nanoTime() - jobStart);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long discrepancies = this.jdbc.queryForObject(
				"SELECT count(*) FROM reconciliation_discrepancies WHERE business_date = ?", Long.class,
				java.sql.Date.valueOf(DATE));

		long baselineStart = System.nanoTime();
		List<StripeBalanceTransaction> rows = fetchPlain();
		Duration baselineFetchTime = Duration.ofNanos(System.nanoTime() - baselineStart);
		long loadStart = System.nanoTime();
		long baselineMismatches = baseline(rows);
		Duration loadTime = Duration.ofNanos(System.nanoTime() - loadStart);
		Duration baselineTime = Duration.ofNanos(System.nanoTime() - baselineStart);

		assertThat(rows).hasSize(TRANSACTIONS);
		assertThat(discrepancies).isEqualTo(baselineMismatches).isEqualTo((TRANSACTIONS + AMOUNT_OFF_EVERY - 1) / AMOUNT_OFF_EVERY);
		double ratio = (double) jobTime.toNanos() / baselineTime.toNanos();
		System.out.printf(Locale.ROOT,
				"%nstripe-reconciliation benchmark: %d balance transactions against %d sales%n"
						+ "  job (HTTP pages + batch inserts + SQL match + ledger integrity): %d ms, %d discrepancies%n"
						+ "  baseline (same pages over plain HTTP + Jackson, one batch insert + one SQL join): %d ms"
						+ " (fetch %d ms, insert + join %d ms), %d mismatches%n"
						+ "  ratio job / baseline: %.2f (target <= 2); job / baseline insert + join only: %.2f%n"
						+ "  steps: %s%n",
				TRANSACTIONS, TRANSACTIONS, jobTime.toMillis(), discrepancies, baselineTime.toMillis(),
				baselineFetchTime.toMillis(), loadTime.toMillis(), baselineMismatches, ratio,
				(double) jobTime.toNanos() / loadTime.toNanos(), steps(execution));
	}

	private static long amount(int i) {
		return 1_000 + (i % 9_000);
	}

	private static long fee(int i) {
		return 30 + amount(i) * 29 / 1000;
	}

	private static String steps(JobExecution execution) {
		StringBuilder steps = new StringBuilder();
		execution.getStepExecutions().forEach((step) -> steps.append(step.getStepName())
			.append('=')
			.append(Duration.between(step.getStartTime(), step.getEndTime()).toMillis())
			.append("ms "));
		return steps.toString().trim();
	}

	/**
	 * The ledger side: one order and one balanced sale journal (cash gross, revenue, payable; the fee is the
	 * settlement step's) per charge, one in {@value #AMOUNT_OFF_EVERY} a cent short.
	 */
	private void seedLedger() {
		Timestamp at = Timestamp.from(Instant.parse("2026-10-20T10:00:00Z"));
		this.jdbc.execute("INSERT INTO ledger_accounts (code, type) VALUES ('payable:acct_Bench', 'LIABILITY') "
				+ "ON CONFLICT (code) DO NOTHING");
		this.jdbc.update("""
				WITH g AS (SELECT i, 1000 + (i % 9000) - CASE WHEN i % ? = 0 THEN 1 ELSE 0 END AS amount
				             FROM generate_series(0, ? - 1) i),
				     j AS (INSERT INTO journals (kind, source_id, description, effective_at)
				           SELECT 'sale', 'cs_bench' || i, 'benchmark sale', ? FROM g RETURNING id, source_id),
				     o AS (INSERT INTO orders (sale_key, checkout_session_id, payment_intent, amount_total, currency,
				               payment_status, status, journal_id, created_at, updated_at)
				           SELECT j.source_id, j.source_id, 'pi_bench' || g.i, g.amount, 'usd', 'paid', 'PAID', j.id, ?, ?
				             FROM j JOIN g ON j.source_id = 'cs_bench' || g.i)
				INSERT INTO postings (journal_id, account_id, side, amount, currency)
				SELECT j.id, a.id, line.side, line.amount, 'usd'
				  FROM j JOIN g ON j.source_id = 'cs_bench' || g.i
				 CROSS JOIN LATERAL (VALUES ('platform:cash', 'D', g.amount), ('platform:fee_revenue', 'C', g.amount / 10),
				                            ('payable:acct_Bench', 'C', g.amount - g.amount / 10)) AS line (code, side, amount)
				  JOIN ledger_accounts a ON a.code = line.code""", AMOUNT_OFF_EVERY, TRANSACTIONS, at, at, at);
	}

	/** The day's balance transactions, page by page, over the JDK HTTP client, read with Jackson. */
	private List<StripeBalanceTransaction> fetchPlain() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<StripeBalanceTransaction> rows = new ArrayList<>();
		long from = DATE.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
		long before = DATE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
		String startingAfter = null;
		boolean more = true;
		while (more) {
			String url = this.stripe.apiBase() + "/v1/balance_transactions?limit=100&created%5Bgte%5D=" + from
					+ "&created%5Blt%5D=" + before + "&expand%5B%5D=data.source"
					+ ((startingAfter != null) ? "&starting_after=" + startingAfter : "");
			HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + StripeSimulator.API_KEY)
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			JsonNode page = JSON.readTree(response.body());
			for (JsonNode txn : page.path("data")) {
				rows.add(new StripeBalanceTransaction(txn.path("id").asString(), txn.path("type").asString(),
						txn.path("amount").asLong(), txn.path("fee").asLong(), txn.path("net").asLong(),
						txn.path("currency").asString(), txn.path("source").path("id").asString(),
						txn.path("status").asString(), txn.path("reporting_category").asString(),
						Instant.ofEpochSecond(txn.path("created").asLong()),
						Instant.ofEpochSecond(txn.path("available_on").asLong()),
						txn.path("source").path("payment_intent").asString()));
				startingAfter = txn.path("id").asString();
			}
			more = page.path("has_more").asBoolean(false);
		}
		return rows;
	}

	/** One batch insert of the rows and one SQL join counting the charges whose amount differs from the sale's. */
	private long baseline(List<StripeBalanceTransaction> rows) throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (var statement = connection.createStatement()) {
				statement.execute("CREATE TEMP TABLE baseline_rows (txn_id text, payment_intent text, amount bigint,"
						+ " fee bigint, currency text) ON COMMIT DROP");
			}
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO baseline_rows VALUES (?, ?, ?, ?, ?)")) {
				for (StripeBalanceTransaction row : rows) {
					insert.setString(1, row.id());
					insert.setString(2, row.paymentIntent());
					insert.setLong(3, row.amount());
					insert.setLong(4, row.fee());
					insert.setString(5, row.currency());
					insert.addBatch();
				}
				insert.executeBatch();
			}
			long mismatches;
			try (PreparedStatement join = connection.prepareStatement("""
					SELECT count(*) FROM baseline_rows s
					  LEFT JOIN orders o ON o.payment_intent = s.payment_intent
					 WHERE o.id IS NULL OR o.amount_total <> s.amount""");
					ResultSet result = join.executeQuery()) {
				result.next();
				mismatches = result.getLong(1);
			}
			connection.commit();
			return mismatches;
		}
	}

}
