package com.treasurybatch.launcher.wakeup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.analytics.AnalyticsReads;
import com.treasurybatch.shared.analytics.KpiQuery;
import com.treasurybatch.shared.analytics.KpiRow;
import com.treasurybatch.shared.analytics.LeaderboardEntry;
import com.treasurybatch.shared.analytics.LeaderboardQuery;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeSignatures;

import static com.treasurybatch.launcher.wakeup.InboxWakeUpTests.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics wake-up on a real server: signed Passport events posted over HTTP to the receiver reach the KPI
 * tiles and the leaderboards (what the dashboards' API reads) through analytics-rollups started from the
 * receiver's commit (NOTIFY analytics_events_staged), with the scheduler not even started, so no hourly fire can
 * be what counted them. Starts are at least the default 5 s apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.passport.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=analytics-wake-up-tests",
				"treasury.inbox.wake-up.enabled=false", "treasury.analytics.wake-up.enabled=true" })
@PostgresTest
class AnalyticsWakeUpTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JobRepository repository;

	@Autowired
	StagedNotificationListener listener;

	@Autowired
	JobWakeUp analyticsWakeUp;

	@Autowired
	AnalyticsReads reads;

	@BeforeEach
	void listeningAndIdle() {
		awaitTrue("the wake-up listens", Duration.ofSeconds(10), this.listener::listening);
		awaitIdle();
	}

	@Test
	void a_passport_event_posted_to_the_receiver_reaches_the_kpi_tiles_and_the_leaderboard_within_30_seconds() {
		assertThat(this.listener.channels()).contains("analytics_events_staged");
		SignedPassportEvents plays = new SignedPassportEvents(this.port, "one");
		long startsBefore = this.analyticsWakeUp.starts();

		assertThat(plays.post(0)).isEqualTo(200);
		long answered = System.nanoTime();
		awaitTrue("on the KPI tiles and the leaderboard within 30 s of the receiver's 200", Duration.ofSeconds(30),
				() -> playsOnTiles(this.reads, plays) == 1 && playsOnLeaderboard(plays).equals(List.of(1L)));
		System.out.printf("AnalyticsWakeUpTests: KPI tiles and leaderboard include the event %d ms after the "
				+ "receiver's 200%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered));
		assertThat(this.analyticsWakeUp.starts()).as("started by the wake-up").isGreaterThan(startsBefore);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM audit_log WHERE actor = 'analytics-wake-up' AND channel = 'system'"
						+ " AND action = 'job.start' AND target = 'analytics-rollups' AND outcome = 'ok'",
				Long.class)).isPositive();
	}

	@Test
	void a_steady_stream_of_events_is_counted_by_few_executions() {
		SignedPassportEvents plays = new SignedPassportEvents(this.port, "stream");
		int events = 160;
		long lastExecution = lastExecutionId();
		long began = System.nanoTime();
		// about 20 events a second for 8 s or more, each its own delivery, commit and notification
		for (int n = 0; n < events; n++) {
			assertThat(plays.post(n)).isEqualTo(200);
			sleep(50);
		}
		long postedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
		awaitTrue("every event of the stream is counted", Duration.ofSeconds(30),
				() -> playsOnTiles(this.reads, plays) == events);
		awaitIdle();

		long executions = this.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
				+ " ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'analytics-rollups'"
				+ " AND e.job_execution_id > ?", Long.class, lastExecution);
		System.out.printf("AnalyticsWakeUpTests: %d events over %d ms, %d executions%n", events, postedMillis,
				executions);
		// starts at least 5 s apart: over about 8 s of events, one at the first event, then one per 5 s, and one
		// for the tail; never one per event
		assertThat(executions).isBetween(1L, postedMillis / 5_000 + 2);
	}

	/** The artist's entries on the day's play leaderboard over every show, city and genre: their events. */
	private List<Long> playsOnLeaderboard(SignedPassportEvents plays) {
		return this.reads
			.leaderboard(new LeaderboardQuery(LeaderboardQuery.Period.DAY, plays.day(), "play", null, null, null,
					KpiQuery.LIMIT_MAX, 0))
			.stream()
			.filter((entry) -> entry.artistId().equals(plays.artist()))
			.map(LeaderboardEntry::events)
			.toList();
	}

	/** The day's play tile of the events' artist, as the dashboards' KPI API reads it. */
	static long playsOnTiles(AnalyticsReads reads, SignedPassportEvents plays) {
		return reads.kpis(new KpiQuery(KpiQuery.Grain.DAY, plays.day(), plays.day(), "play", plays.artist(), null,
				null, null, KpiQuery.LIMIT_MAX, 0)).stream().mapToLong(KpiRow::events).sum();
	}

	private long lastExecutionId() {
		return this.jdbc.queryForObject("SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution", Long.class);
	}

	private void awaitIdle() {
		awaitTrue("no analytics-rollups execution running", Duration.ofSeconds(30),
				() -> this.repository.findRunningJobExecutions(WakeUpConfiguration.ANALYTICS_JOB).isEmpty());
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
