package com.treasurybatch.jobs.analytics;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics-rollups job against a hand-written floor, same database, same run:
 * <ol>
 * <li>{@value #EVENTS_DEFAULT} raw events (30 days, ingestion roughly in event time, 1 % arriving 3 hours late)
 * loaded with {@code INSERT ... SELECT generate_series} and vacuumed (not measured);</li>
 * <li>baseline: one {@code INSERT ... SELECT ... GROUP BY} into {@code analytics_hourly} and one into
 * {@code analytics_daily}; then both emptied; run again after the job (the faster run counts, so that a warmer
 * cache or a busy machine does not flatter the ratio), leaving the same rows the job wrote;</li>
 * <li>the job's full run from watermark 0 (all three steps), into the same tables; the rollups must equal the
 * baseline's, row for row;</li>
 * <li>{@value #NEW_EVENTS} new events (the next hour, 1 % late by 3 hours), and the job's incremental run.</li>
 * </ol>
 * Prints both figures and the ratios (targets: full / baseline at most 1.5; incremental / full at most 2 %).
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=AnalyticsRollupsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.analytics.events=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest
@PostgresTest
class AnalyticsRollupsBenchmark {

	static final int EVENTS_DEFAULT = 10_000_000;

	static final int NEW_EVENTS = 10_000;

	private static final int EVENTS = Integer.getInteger("bench.analytics.events", EVENTS_DEFAULT);

	/** Event {@code i} of {@code n} from {@code offset}: 500 shows, 200 artists, 20 cities, 10 genres, 5 types. */
	private static final String LOAD = """
			INSERT INTO analytics_events (event_id, type, occurred_at, user_id, artist_id, show_id, city, genre, value,
			                              metadata, schema_version, flag, received_at)
			SELECT 'bench-' || i, (ARRAY['play', 'vote', 'attendance', 'revenue', 'engagement'])[1 + i % 5],
			       CAST(? AS timestamptz) + make_interval(secs => (i - ?) * ?::float8)
			           - make_interval(secs => (i * 7919) % 600)
			           - CASE WHEN i % 100 = 0 THEN interval '3 hours' ELSE interval '0' END,
			       'user-' || (i % 100000), 'artist-' || ((i * 7) % 500 % 200), 'show-' || ((i * 7) % 500),
			       'city-' || ((i * 7) % 500 % 20), 'genre-' || ((i * 7) % 500 % 200 % 10),
			       CASE WHEN i % 5 = 3 THEN 1000 + i % 5000 ELSE 1 END, NULL, '1', NULL, now()
			  FROM generate_series(?::bigint, ?::bigint) AS i""";

	private static final String BASELINE_HOURLY = """
			INSERT INTO analytics_hourly (bucket_start, type, artist_id, show_id, city, genre, events, value_total)
			SELECT date_trunc('hour', occurred_at, 'UTC'), type, artist_id, show_id, city, genre, count(*), sum(value)
			  FROM analytics_events WHERE flag IS NULL GROUP BY 1, 2, 3, 4, 5, 6""";

	private static final String BASELINE_DAILY = """
			INSERT INTO analytics_daily (day, type, artist_id, show_id, city, genre, events, value_total)
			SELECT (occurred_at AT TIME ZONE 'UTC')::date, type, artist_id, show_id, city, genre, count(*), sum(value)
			  FROM analytics_events WHERE flag IS NULL GROUP BY 1, 2, 3, 4, 5, 6""";

	private static final String ROLLUP_DIGEST = """
			SELECT (SELECT count(*) || ':' || sum(events) || ':' || sum(value_total) || ':'
			               || sum(hashtext(concat_ws(' ', bucket_start, type, artist_id, show_id, city, genre, events,
			                                         value_total))::bigint) FROM analytics_hourly)
			       || ' / ' ||
			       (SELECT count(*) || ':' || sum(events) || ':' || sum(value_total) || ':'
			               || sum(hashtext(concat_ws(' ', day, type, artist_id, show_id, city, genre, events,
			                                         value_total))::bigint) FROM analytics_daily)""";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(AnalyticsRollupsJobConfiguration.JOB_NAME)
	Job job;

	@Test
	void full_rollup_against_a_hand_written_group_by_then_an_incremental_run() throws Exception {
		long loadStarted = System.nanoTime();
		this.jdbc.update(LOAD, "2026-09-01T00:00:00Z", 1, 30 * 86_400.0 / EVENTS, 1, EVENTS);
		this.jdbc.execute("VACUUM (ANALYZE) analytics_events");
		System.out.printf("analytics bench: %,d raw events loaded in %.1f s (setup, not measured)%n", EVENTS,
				seconds(System.nanoTime() - loadStarted));

		long baselineStarted = System.nanoTime();
		this.jdbc.update(BASELINE_HOURLY);
		this.jdbc.update(BASELINE_DAILY);
		double baseline = seconds(System.nanoTime() - baselineStarted);
		String expected = this.jdbc.queryForObject(ROLLUP_DIGEST, String.class);
		owner().execute("TRUNCATE analytics_hourly, analytics_daily, analytics_changed_days");
		this.jdbc.execute("VACUUM (ANALYZE) analytics_hourly, analytics_daily");

		long fullStarted = System.nanoTime();
		JobExecution full = this.jobOperator.startNextInstance(this.job);
		double fullSeconds = seconds(System.nanoTime() - fullStarted);
		assertThat(full.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jdbc.queryForObject(ROLLUP_DIGEST, String.class)).isEqualTo(expected);
		owner().execute("TRUNCATE analytics_hourly, analytics_daily");
		long secondBaselineStarted = System.nanoTime();
		this.jdbc.update(BASELINE_HOURLY);
		this.jdbc.update(BASELINE_DAILY);
		double secondBaseline = seconds(System.nanoTime() - secondBaselineStarted);
		assertThat(this.jdbc.queryForObject(ROLLUP_DIGEST, String.class)).isEqualTo(expected);
		System.out.printf("analytics bench: baseline before the job %.2f s, after it %.2f s: the faster counts%n",
				baseline, secondBaseline);
		baseline = Math.min(baseline, secondBaseline);
		this.jdbc.execute("VACUUM (ANALYZE) analytics_hourly, analytics_daily");

		int next = EVENTS + 1;
		this.jdbc.update(LOAD, "2026-10-01T00:00:00Z", next, 3_600.0 / NEW_EVENTS, next, EVENTS + NEW_EVENTS);
		long incrementalStarted = System.nanoTime();
		JobExecution incremental = this.jobOperator.startNextInstance(this.job);
		double incrementalSeconds = seconds(System.nanoTime() - incrementalStarted);
		assertThat(incremental.getStatus()).isEqualTo(BatchStatus.COMPLETED);

		System.out.printf("analytics bench: baseline INSERT ... SELECT ... GROUP BY (hourly + daily): %.2f s%n",
				baseline);
		System.out.printf("analytics bench: analytics-rollups full run over %,d events: %.2f s (%s)%n", EVENTS,
				fullSeconds, steps(full));
		System.out.printf("analytics bench: ratio full / baseline = %.2f (target <= 1.5)%n", fullSeconds / baseline);
		System.out.printf("analytics bench: incremental run over %,d new events: %.3f s (%s)%n", NEW_EVENTS,
				incrementalSeconds, steps(incremental));
		System.out.printf("analytics bench: ratio incremental / full = %.2f %% (target <= 2 %%)%n",
				100 * incrementalSeconds / fullSeconds);
	}

	private static String steps(JobExecution execution) {
		List<String> steps = execution.getStepExecutions()
			.stream()
			.map((step) -> step.getStepName() + " " + millis(step) + " ms")
			.toList();
		return String.join(", ", steps);
	}

	private static long millis(StepExecution step) {
		return java.time.Duration.between(step.getStartTime(), step.getEndTime()).toMillis();
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	/** The database's owner: creating functions and triggers, TRUNCATE (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
