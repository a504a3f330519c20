package com.treasurybatch.jobs.holds;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.inventory.HoldProperties;
import com.treasurybatch.shared.inventory.TicketHolds;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hold-release over {@value #HOLDS_DEFAULT} expired holds (1,000 ticket types) against one raw SQL UPDATE doing
 * the same release (holds RELEASED, quantities returned), each on its own freshly seeded set in the same run.
 * While the job runs, a checkout thread converts random holds of the set (expired ones, as a buyer paying at the
 * last second) one transaction at a time; the p99 of how long a conversion took is printed, target at most
 * 100 ms. Target ratio job/baseline at most 2.
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=HoldReleaseBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.holds=N} for another size, {@code -Dbench.spread=interleaved} for the worst case).
 */
@Tag("benchmark")
@SpringBootTest
@PostgresTest
class HoldReleaseBenchmark {

	static final int HOLDS_DEFAULT = 1_000_000;

	private static final int HOLDS = Integer.getInteger("bench.holds", HOLDS_DEFAULT);

	private static final int TYPES = 1_000;

	/**
	 * {@code clustered} (default): holds of one ticket type expire together, as after an onsale, so a batch touches
	 * a few types; {@code interleaved}: consecutive expiries cycle through all 1,000 types, the worst case, where
	 * every batch updates every ticket type.
	 */
	private static final String SPREAD = System.getProperty("bench.spread", "clustered");

	private static final String BASELINE_SQL = """
			WITH released AS (
			    UPDATE ticket_holds SET status = 'RELEASED', released_at = ?
			    WHERE status = 'HELD' AND expires_at <= ?
			    RETURNING ticket_type_id, quantity
			), per_type AS (
			    SELECT ticket_type_id, sum(quantity) AS quantity FROM released GROUP BY ticket_type_id
			)
			UPDATE ticket_types t SET quantity_held = t.quantity_held - per_type.quantity
			FROM per_type WHERE t.id = per_type.ticket_type_id
			""";

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(HoldReleaseJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	TicketHolds holds;

	@Autowired
	HoldProperties properties;

	@Autowired
	MutableClock clock;

	@Test
	void releasesExpiredHoldsWithinTwiceOneRawUpdateWithoutBlockingCheckouts() throws Exception {
		Instant now = this.clock.instant();
		seed("base", now);
		long baselineStart = System.nanoTime();
		int baselineTypes = this.jdbc.update(BASELINE_SQL, Timestamp.from(now), Timestamp.from(now));
		Duration baseline = Duration.ofNanos(System.nanoTime() - baselineStart);
		assertThat(baselineTypes).isEqualTo(TYPES);
		assertThat(held("base")).isZero();

		seed("job", now);
		List<Long> ids = this.jdbc.queryForList(
				"SELECT id FROM ticket_holds WHERE ticket_type_id LIKE 'job-%' AND status = 'HELD' ORDER BY random() LIMIT 20000",
				Long.class);
		AtomicBoolean running = new AtomicBoolean(true);
		List<Long> conversionNanos = Collections.synchronizedList(new ArrayList<>());
		Thread checkout = new Thread(() -> {
			int i = 0;
			while (running.get() && i < ids.size()) {
				long id = ids.get(i++);
				long start = System.nanoTime();
				this.transaction.executeWithoutResult((status) -> this.holds.convert(id, "cs_bench_" + id));
				conversionNanos.add(System.nanoTime() - start);
				sleepMillis(ThreadLocalRandom.current().nextInt(2, 8));
			}
		}, "checkout");
		long jobStart = System.nanoTime();
		checkout.start();
		JobExecution execution = this.jobOperator.startNextInstance(this.job);
		Duration jobTime = Duration.ofNanos(System.nanoTime() - jobStart);
		running.set(false);
		checkout.join();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(held("job")).isZero();
		long released = execution.getStepExecutions().iterator().next().getWriteCount();
		long converted = this.jdbc.queryForObject(
				"SELECT count(*) FROM ticket_holds WHERE ticket_type_id LIKE 'job-%' AND status = 'CONVERTED'",
				Long.class);
		assertThat(released + this.jdbc.queryForObject(
				"SELECT count(*) FROM ticket_holds WHERE ticket_type_id LIKE 'job-%' AND status = 'CONVERTED' AND released_at IS NULL",
				Long.class)).isEqualTo(HOLDS);
		List<Long> sorted = new ArrayList<>(conversionNanos);
		Collections.sort(sorted);
		long p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1_000_000;
		long p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) / 1_000;
		long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1_000_000;

		System.out.printf("%nhold-release benchmark, %d expired holds over %d ticket types, %s (batch size %d)%n",
				HOLDS, TYPES, SPREAD, this.properties.releaseBatchSize());
		System.out.printf("  job:      %6d ms  %8d holds/s (%d released, %d converted meanwhile)%n", jobTime.toMillis(),
				released * 1000 / Math.max(1, jobTime.toMillis()), released, converted);
		System.out.printf("  baseline: %6d ms  %8d holds/s (one raw UPDATE ... RETURNING, quantities in the same statement)%n",
				baseline.toMillis(), HOLDS * 1000L / Math.max(1, baseline.toMillis()));
		System.out.printf("  ratio job/baseline time: %.2f (target <= 2)%n", (double) jobTime.toNanos() / baseline.toNanos());
		System.out.printf("  concurrent checkout conversions: %d, p50 %d ms, p99 %d.%03d ms, max %d ms (target p99 <= 100 ms)%n%n",
				sorted.size(), p50, p99 / 1000, p99 % 1000, max);
		assertThat(sorted).isNotEmpty();
	}

	private void seed(String prefix, Instant now) {
		this.jdbc.update("INSERT INTO ticketed_events (id, title, starts_at) VALUES (?, 'Benchmark festival', ?)",
				prefix + "-festival", Timestamp.from(now.plus(Duration.ofDays(60))));
		this.jdbc.update("""
				INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, quantity_held, sale_starts_at,
				    sale_ends_at)
				SELECT ? || '-' || g, ? || '-festival', 'Tier ' || g, 4500, 'eur', ? * 2, ?, ?, ?
				FROM generate_series(1, ?) g
				""", prefix, prefix, HOLDS / TYPES, HOLDS / TYPES, Timestamp.from(now.minus(Duration.ofDays(30))),
				Timestamp.from(now.plus(Duration.ofDays(59))), TYPES);
		this.jdbc.update("""
				INSERT INTO ticket_holds (ticket_type_id, buyer_id, quantity, status, created_at, expires_at)
				SELECT ? || '-' || (CASE WHEN ? THEN g % ? ELSE (g - 1) / (? / ?) END + 1), 'ct_bench' || g, 1, 'HELD',
				    ?::timestamptz - interval '20 minutes',
				    ?::timestamptz - interval '10 minutes' + g * interval '1 millisecond' * 0.5
				FROM generate_series(1, ?) g
				""", prefix, "interleaved".equals(SPREAD), TYPES, HOLDS, TYPES, Timestamp.from(now), Timestamp.from(now),
				HOLDS);
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("VACUUM ANALYZE ticket_holds");
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("VACUUM ANALYZE ticket_types");
	}

	private long held(String prefix) {
		return this.jdbc.queryForObject("SELECT sum(quantity_held) FROM ticket_types WHERE id LIKE ? || '-%'",
				Long.class, prefix);
	}

	private static void sleepMillis(int millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
