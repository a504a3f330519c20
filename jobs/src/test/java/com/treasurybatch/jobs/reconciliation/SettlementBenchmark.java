package com.treasurybatch.jobs.reconciliation;

import java.sql.Connection;
import java.sql.Date;
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
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settlement step's fee booking at scale: {@value #TRANSACTIONS_DEFAULT} staged charge balance transactions,
 * each with a fee, booked as {@code stripe_fee} journals (Dr stripe_fees / Cr cash) by the step as the job runs it
 * ({@code chunk-size} rows per transaction, one multi-row insert of journals and postings per chunk, the position
 * in the step's execution context). Baseline, the simplest fast way: the same number of staged rows read in chunks
 * of the same size over plain JDBC, the same journals and postings inserted with two JDBC batches per chunk
 * (journals with their generated ids, then postings), one commit per chunk. Same database, same run, each on its
 * own staged day (the journals' sources differ); both warmed up on a small day first, untimed. The database's
 * balance check (a deferred trigger per journal) runs for both.
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=SettlementBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.settlement.transactions=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest
@PostgresTest
class SettlementBenchmark {

	static final int TRANSACTIONS_DEFAULT = 100_000;

	private static final int TRANSACTIONS = Integer.getInteger("bench.settlement.transactions", TRANSACTIONS_DEFAULT);

	private static final int WARM_UP = 5_000;

	private static final int CHUNK = 1_000;

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnStripe extends ClockedStripeConfiguration {

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	@Qualifier("settlementStep")
	Step settlementStep;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void booking_fees_against_plain_jdbc_batches() throws Exception {
		Job settlement = new JobBuilder("settlement-benchmark", this.jobRepository).start(this.settlementStep).build();
		stage(LocalDate.parse("2026-12-01"), "txn_warmOurs", WARM_UP);
		stage(LocalDate.parse("2026-12-02"), "txn_warmBase", WARM_UP);
		stage(LocalDate.parse("2026-12-10"), "txn_benchOurs", TRANSACTIONS);
		stage(LocalDate.parse("2026-12-11"), "txn_benchBase", TRANSACTIONS);
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("ANALYZE reconciliation_stripe_rows");
		settle(settlement, LocalDate.parse("2026-12-01"));
		baseline(LocalDate.parse("2026-12-02"));

		long oursStart = System.nanoTime();
		JobExecution execution = settle(settlement, LocalDate.parse("2026-12-10"));
		Duration ours = Duration.ofNanos(System.nanoTime() - oursStart);
		long baseStart = System.nanoTime();
		int baseJournals = baseline(LocalDate.parse("2026-12-11"));
		Duration base = Duration.ofNanos(System.nanoTime() - baseStart);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getStepExecutions().iterator().next().getWriteCount()).isEqualTo(TRANSACTIONS);
		assertThat(baseJournals).isEqualTo(TRANSACTIONS);
		assertThat(fees("txn_benchOurs%")).isEqualTo(fees("txn_benchBase%"));
		double ratio = (double) base.toNanos() / ours.toNanos();
		System.out.printf(Locale.ROOT,
				"%nsettlement benchmark: %d staged balance transactions, one stripe_fee journal (2 postings) each%n"
						+ "  settlement step (chunks of %d, one multi-row insert per chunk): %d ms, %.0f journals/s%n"
						+ "  baseline (plain JDBC: chunked select, batch insert journals + batch insert postings): %d ms,"
						+ " %.0f journals/s%n"
						+ "  throughput ratio step / baseline: %.2f (target >= 0.5)%n",
				TRANSACTIONS, CHUNK, ours.toMillis(), TRANSACTIONS * 1e9 / ours.toNanos(), base.toMillis(),
				TRANSACTIONS * 1e9 / base.toNanos(), ratio);
	}

	private JobExecution settle(Job settlement, LocalDate date) throws Exception {
		return this.jobOperator.start(settlement,
				new JobParametersBuilder().addLocalDate(StripeReconciliationJobConfiguration.DATE, date).toJobParameters());
	}

	/** Charges spread over the day, fee 30 + 2.9%, as the fetch step stages them. */
	private void stage(LocalDate date, String prefix, int count) {
		Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
		this.jdbc.update("""
				INSERT INTO reconciliation_stripe_rows (business_date, txn_id, type, reporting_category, source_id,
				    payment_intent, amount, fee, currency, created, available_on, net, source_type, source_currency,
				    source_amount)
				SELECT ?, ? || lpad(i::text, 7, '0'), 'charge', 'charge', 'ch_' || ? || i, 'pi_' || ? || i,
				       1000 + i % 9000, 30 + (1000 + i % 9000) * 29 / 1000, 'usd',
				       ?::timestamptz + make_interval(secs => i * 86400.0 / ?), ?::timestamptz + interval '2 days',
				       (1000 + i % 9000) - (30 + (1000 + i % 9000) * 29 / 1000), 'charge', 'usd', 1000 + i % 9000
				  FROM generate_series(0, ? - 1) i""", Date.valueOf(date), prefix, prefix, prefix,
				Timestamp.from(dayStart), count, Timestamp.from(dayStart), count);
	}

	/** The same journals and postings, with plain JDBC batches, one transaction per chunk. */
	private int baseline(LocalDate date) throws Exception {
		long cash;
		long fees;
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			cash = accountId(connection, "platform:cash");
			fees = accountId(connection, "platform:stripe_fees");
			connection.commit();
			int journals = 0;
			String after = "";
			while (true) {
				List<Object[]> rows = new ArrayList<>();
				try (PreparedStatement select = connection.prepareStatement(
						"SELECT txn_id, type, fee, currency, created FROM reconciliation_stripe_rows"
								+ " WHERE business_date = ? AND txn_id > ? ORDER BY txn_id LIMIT ?")) {
					select.setDate(1, Date.valueOf(date));
					select.setString(2, after);
					select.setInt(3, CHUNK);
					try (ResultSet result = select.executeQuery()) {
						while (result.next()) {
							rows.add(new Object[] { result.getString(1), result.getString(2), result.getLong(3),
									result.getString(4), result.getTimestamp(5) });
						}
					}
				}
				if (rows.isEmpty()) {
					connection.commit();
					return journals;
				}
				long[] ids = new long[rows.size()];
				try (PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO journals (kind, source_id, description, effective_at) VALUES ('stripe_fee', ?, ?, ?)",
						new String[] { "id" })) {
					for (Object[] row : rows) {
						insert.setString(1, (String) row[0]);
						insert.setString(2, "Stripe fee of " + row[1] + " " + row[0]);
						insert.setTimestamp(3, (Timestamp) row[4]);
						insert.addBatch();
					}
					insert.executeBatch();
					try (ResultSet keys = insert.getGeneratedKeys()) {
						int i = 0;
						while (keys.next()) {
							ids[i++] = keys.getLong(1);
						}
					}
				}
				try (PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO postings (journal_id, account_id, side, amount, currency) VALUES (?, ?, ?, ?, ?)")) {
					for (int i = 0; i < rows.size(); i++) {
						long fee = (Long) rows.get(i)[2];
						String currency = ((String) rows.get(i)[3]).trim();
						posting(insert, ids[i], fees, "D", fee, currency);
						posting(insert, ids[i], cash, "C", fee, currency);
					}
					insert.executeBatch();
				}
				connection.commit();
				journals += rows.size();
				after = (String) rows.get(rows.size() - 1)[0];
			}
		}
	}

	private static void posting(PreparedStatement insert, long journal, long account, String side, long amount,
			String currency) throws Exception {
		insert.setLong(1, journal);
		insert.setLong(2, account);
		insert.setString(3, side);
		insert.setLong(4, amount);
		insert.setString(5, currency);
		insert.addBatch();
	}

	private static long accountId(Connection connection, String code) throws Exception {
		try (PreparedStatement select = connection.prepareStatement("SELECT id FROM ledger_accounts WHERE code = ?")) {
			select.setString(1, code);
			try (ResultSet result = select.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	private long fees(String pattern) {
		return this.jdbc.queryForObject("""
				SELECT sum(p.amount) FROM journals j JOIN postings p ON p.journal_id = j.id AND p.side = 'D'
				 WHERE j.kind = 'stripe_fee' AND j.source_id LIKE ?""", Long.class, pattern);
	}

}
