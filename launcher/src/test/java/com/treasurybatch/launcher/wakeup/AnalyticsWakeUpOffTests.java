package com.treasurybatch.launcher.wakeup;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.shared.analytics.AnalyticsEvents;
import com.treasurybatch.shared.analytics.AnalyticsReads;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeSignatures;

import static com.treasurybatch.launcher.wakeup.AnalyticsWakeUpTests.playsOnTiles;
import static com.treasurybatch.launcher.wakeup.AnalyticsWakeUpTests.sleep;
import static com.treasurybatch.launcher.wakeup.InboxWakeUpTests.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code treasury.analytics.wake-up.enabled=false}: nothing listens on {@code analytics_events_staged}, a Passport
 * event stays out of the KPI tiles until analytics-rollups is started (here by an operator; in production by the
 * hourly schedule), which then counts it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.passport.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=analytics-wake-up-off-tests",
				"treasury.analytics.wake-up.enabled=false" })
@PostgresTest
class AnalyticsWakeUpOffTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JobOperations operations;

	@Autowired
	AnalyticsReads reads;

	@Test
	void with_the_wake_up_off_an_event_stays_off_the_tiles_until_the_job_is_started() {
		assertThat(this.context.getBeansOfType(JobWakeUp.class).values()).extracting(JobWakeUp::jobName)
			.doesNotContain(WakeUpConfiguration.ANALYTICS_JOB);
		assertThat(this.context.getBean(StagedNotificationListener.class).channels())
			.doesNotContain(AnalyticsEvents.STAGED_CHANNEL);
		SignedPassportEvents plays = new SignedPassportEvents(this.port, "off");
		long executionsBefore = executions();

		assertThat(plays.post(0)).isEqualTo(200);
		// with the wake-up on this is counted within seconds (AnalyticsWakeUpTests); here, 6 s later, still nothing
		long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
		while (System.nanoTime() < until) {
			assertThat(playsOnTiles(this.reads, plays)).isZero();
			assertThat(executions()).isEqualTo(executionsBefore);
			sleep(100);
		}

		this.operations.start(WakeUpConfiguration.ANALYTICS_JOB, Map.of(), new Actor("dana", AuditChannel.CLI));
		awaitTrue("counted once the job runs", Duration.ofSeconds(30), () -> playsOnTiles(this.reads, plays) == 1);
	}

	private long executions() {
		return this.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
				+ " ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'analytics-rollups'", Long.class);
	}

}
