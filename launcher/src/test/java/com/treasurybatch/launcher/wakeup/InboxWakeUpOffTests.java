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
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.inbox.WebhookInbox;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeSignatures;

import static com.treasurybatch.launcher.wakeup.InboxWakeUpTests.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code treasury.inbox.wake-up.enabled=false}: nothing listens on {@code webhook_inbox_staged}, a staged event
 * waits RECEIVED until the job is started (here by an operator; in production by the every-minute schedule), which
 * then books it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=inbox-wake-up-off-tests",
				"treasury.inbox.wake-up.enabled=false" })
@PostgresTest
class InboxWakeUpOffTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JobOperations operations;

	@Test
	void with_the_wake_up_off_an_event_waits_until_the_job_is_started() {
		assertThat(this.context.getBeansOfType(JobWakeUp.class).values()).extracting(JobWakeUp::jobName)
			.doesNotContain(WakeUpConfiguration.INBOX_JOB);
		assertThat(this.context.getBean(StagedNotificationListener.class).channels())
			.doesNotContain(WebhookInbox.STAGED_CHANNEL);
		SignedSales sales = new SignedSales(this.port, "Off");
		long executionsBefore = executions();

		assertThat(sales.post(0)).isEqualTo(200);
		// with the wake-up on this is booked within a second (InboxWakeUpTests); here, 3 s later, still nothing
		long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (System.nanoTime() < until) {
			assertThat(journals(sales.paymentIntent(0))).isZero();
			assertThat(executions()).isEqualTo(executionsBefore);
			sleep(50);
		}
		assertThat(this.jdbc.queryForObject("SELECT status FROM webhook_inbox WHERE event_id = ?", String.class,
				"evt_1TBWakeOff0000000000")).isEqualTo("RECEIVED");

		this.operations.start(WakeUpConfiguration.INBOX_JOB, Map.of(), new Actor("dana", AuditChannel.CLI));
		awaitTrue("journaled once the job runs", Duration.ofSeconds(20), () -> journals(sales.paymentIntent(0)) == 1);
	}

	private long journals(String paymentIntent) {
		return this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE source_id = ? AND kind = 'sale'",
				Long.class, paymentIntent);
	}

	private long executions() {
		return this.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
