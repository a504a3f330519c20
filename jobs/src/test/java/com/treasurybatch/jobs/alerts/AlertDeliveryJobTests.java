package com.treasurybatch.jobs.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.treasurybatch.shared.alerts.AlertAcknowledgements;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * alert-delivery on a real PostgreSQL, mailing to GreenMail (in-process SMTP) and posting to a Slack incoming webhook
 * served by a JDK {@link HttpServer}. Email takes every severity, Slack CRITICAL only. Tests share the database and
 * run the job until nothing is due, so each test asserts on its own alerts.
 */
@SpringBootTest(properties = { "treasury.alerts.email-to=ops@example.com",
		"treasury.alerts.email-severities=CRITICAL,WARNING,INFO", "treasury.alerts.slack-severities=CRITICAL",
		"treasury.alerts.attempts-max=3" })
@PostgresTest
class AlertDeliveryJobTests {

	@RegisterExtension
	static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
		.withPerMethodLifecycle(false);

	static final List<String> slackPosts = new CopyOnWriteArrayList<>();

	static final AtomicInteger slackFailuresLeft = new AtomicInteger();

	static final HttpServer slack = slackServer();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
		registry.add("treasury.alerts.slack-webhook-url",
				() -> "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T000/B000/XXXX");
	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(AlertDeliveryJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	Alerts alerts;

	@Autowired
	AlertAcknowledgements acknowledgements;

	@Autowired
	JdbcTemplate jdbc;

	private static long runs;

	@BeforeEach
	void nothingDue() throws Exception {
		run();
		mail.purgeEmailFromAllMailboxes();
		slackPosts.clear();
		slackFailuresLeft.set(0);
	}

	@AfterAll
	static void stopSlack() {
		slack.stop(0);
	}

	@Test
	void alerts_are_routed_by_severity_and_never_sent_twice_even_by_a_later_run() throws Exception {
		this.alerts.raise(Severity.CRITICAL, "ledger_integrity_failed", "2026-10-01", "journals unbalanced",
				"test:critical:1");
		this.alerts.raise(Severity.WARNING, "reconciliation_discrepancies", "2026-10-01", "2 discrepancies",
				"test:warning:1");
		this.alerts.raise(Severity.INFO, "test_info", "x", "for the record", "test:info:1");

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);

		MimeMessage[] received = mail.getReceivedMessages();
		assertThat(received).extracting(MimeMessage::getSubject)
			.containsExactlyInAnyOrder("[CRITICAL] ledger_integrity_failed: 2026-10-01",
					"[WARNING] reconciliation_discrepancies: 2026-10-01", "[INFO] test_info: x");
		assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com");
		assertThat(slackPosts).singleElement()
			.satisfies((post) -> assertThat(post).startsWith("{\"text\":\"*[CRITICAL] ledger_integrity_failed"));

		assertThat(run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(mail.getReceivedMessages()).as("no second email").hasSize(3);
		assertThat(slackPosts).as("no second Slack post").hasSize(1);
	}

	@Test
	void a_failing_slack_webhook_is_retried_by_later_runs_until_it_answers_and_then_never_again() throws Exception {
		this.alerts.raise(Severity.CRITICAL, "backfill_window_exceeded", "events:platform", "cursor too old",
				"test:critical:2");
		slackFailuresLeft.set(1);

		run();
		assertThat(slackPosts).isEmpty();
		assertThat(this.jdbc.queryForObject("""
				SELECT attempts || ' ' || (delivered_at IS NULL) FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
				 WHERE a.dedup_key = 'test:critical:2' AND d.channel = 'slack'""", String.class)).isEqualTo("1 true");
		assertThat(mail.getReceivedMessages()).as("email does not wait for Slack").hasSize(1);

		run();
		run();
		assertThat(slackPosts).hasSize(1);
		assertThat(mail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void an_acknowledged_alert_is_not_sent_and_the_acknowledgement_is_audited() throws Exception {
		this.alerts.raise(Severity.WARNING, "test_warning", "y", "seen already", "test:warning:ack");
		long id = this.alerts.find("test:warning:ack").id();
		Actor alice = new Actor("alice", AuditChannel.CLI);

		assertThat(this.acknowledgements.acknowledge(id, alice)).isEqualTo(AlertAcknowledgements.Outcome.ACKNOWLEDGED);
		assertThat(this.acknowledgements.acknowledge(id, alice))
			.isEqualTo(AlertAcknowledgements.Outcome.ALREADY_ACKNOWLEDGED);
		run();

		assertThat(mail.getReceivedMessages()).isEmpty();
		assertThat(this.alerts.byId(id).acknowledgedBy()).isEqualTo("alice");
		assertThat(this.jdbc.queryForList(
				"SELECT outcome FROM audit_log WHERE action = 'alert.ack' AND target = ? ORDER BY id", String.class,
				"alert:" + id)).containsExactly("ok", "refused");
	}

	private JobExecution run() throws Exception {
		return this.jobOperator.start(this.job, new JobParametersBuilder().addLong("run.id", ++runs).toJobParameters());
	}

	private static HttpServer slackServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
			server.createContext("/services/", (exchange) -> {
				String body;
				try (InputStream in = exchange.getRequestBody()) {
					body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				boolean fail = slackFailuresLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0;
				if (!fail) {
					slackPosts.add(body);
				}
				byte[] answer = (fail ? "internal_error" : "ok").getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
				exchange.getResponseBody().write(answer);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
