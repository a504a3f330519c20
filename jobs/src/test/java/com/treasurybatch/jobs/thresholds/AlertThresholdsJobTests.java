package com.treasurybatch.jobs.thresholds;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * alert-thresholds then alert-delivery on a real PostgreSQL, on the tests' clock, with PagerDuty's Events API v2
 * played by a JDK {@link HttpServer} on loopback (answering 202 like PagerDuty). Its own context and database: the
 * inbox holds only what these tests put there.
 */
@SpringBootTest(properties = { "treasury.alerts.pagerduty.routing-key=R0UT1NGKEY0000000000000000000000",
		"treasury.alerts.pagerduty.source=treasury-test" })
@PostgresTest
class AlertThresholdsJobTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> pagerDutyEvents = new CopyOnWriteArrayList<>();

	static final HttpServer pagerDuty = pagerDutyServer();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("treasury.alerts.pagerduty.url",
				() -> "http://127.0.0.1:" + pagerDuty.getAddress().getPort() + "/v2/enqueue");
	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(AlertThresholdsJobConfiguration.JOB_NAME)
	Job thresholdsJob;

	@Autowired
	@Qualifier("alert-delivery")
	Job deliveryJob;

	@Autowired
	Alerts alerts;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	private static long runs;

	private static int events;

	@BeforeEach
	void quiet() throws Exception {
		this.clock.set(Instant.parse("2026-11-20T12:00:00Z"));
		this.jdbc.update("DELETE FROM webhook_inbox");
		thresholds();
		deliver();
		pagerDutyEvents.clear();
	}

	@AfterAll
	static void stopPagerDuty() {
		pagerDuty.stop(0);
	}

	@Test
	void anInboxBacklogFiresOncePerBreachAndClearsAndPagerDutyGetsOneTriggerAndOneResolve() throws Exception {
		Instant start = this.clock.instant();
		receive(1001, "RECEIVED", start);

		thresholds(); // 1001 waiting, but not yet for 5 minutes
		assertThat(backlogAlerts()).isEmpty();

		this.clock.advance(Duration.ofMinutes(4));
		thresholds();
		assertThat(backlogAlerts()).isEmpty();

		this.clock.advance(Duration.ofMinutes(1)); // 5 minutes above both limits (100 and 1000)
		thresholds();
		assertThat(backlogAlerts()).extracting(Alert::severity)
			.containsExactlyInAnyOrder(Severity.WARNING, Severity.CRITICAL);
		Alert critical = backlogAlerts().stream().filter((a) -> a.severity() == Severity.CRITICAL).findFirst().get();
		assertThat(critical.message()).isEqualTo("1001 inbox events waiting, above 1000 (since " + start + ")");
		deliver();

		this.clock.advance(Duration.ofMinutes(1)); // still breached: nothing new
		thresholds();
		deliver();
		assertThat(backlogAlerts()).hasSize(2);
		assertThat(pagerDutyEvents).hasSize(1);

		this.jdbc.update("UPDATE webhook_inbox SET status = 'PROCESSED', processed_at = ?",
				Timestamp.from(this.clock.instant()));
		thresholds(); // the condition ended: both alerts resolve themselves
		assertThat(backlogAlerts()).allSatisfy((alert) -> {
			assertThat(alert.resolvedBy()).isEqualTo("alert-thresholds");
			assertThat(alert.resolutionNote()).startsWith("Cleared at 2026-11-20T12:06:00Z");
		});
		assertThat(this.alerts.latest(true, 100)).extracting(Alert::kind).doesNotContain("inbox_backlog");
		deliver();
		thresholds();
		deliver();

		assertThat(pagerDutyEvents).hasSize(2);
		JsonNode trigger = JSON.readTree(pagerDutyEvents.get(0));
		JsonNode resolve = JSON.readTree(pagerDutyEvents.get(1));
		assertThat(trigger.path("event_action").asString()).isEqualTo("trigger");
		assertThat(trigger.path("routing_key").asString()).isEqualTo("R0UT1NGKEY0000000000000000000000");
		assertThat(trigger.path("dedup_key").asString()).isEqualTo("treasury-alert-" + critical.id());
		assertThat(trigger.path("payload").path("severity").asString()).isEqualTo("critical");
		assertThat(trigger.path("payload").path("source").asString()).isEqualTo("treasury-test");
		assertThat(trigger.path("payload").path("summary").asString())
			.isEqualTo("[CRITICAL] inbox_backlog: webhook_inbox: 1001 inbox events waiting, above 1000 (since "
					+ start + ")");
		assertThat(resolve.path("event_action").asString()).isEqualTo("resolve");
		assertThat(resolve.path("dedup_key").asString()).isEqualTo("treasury-alert-" + critical.id());

		// a later breach is a new breach: a new alert, paged again
		receive(1001, "RECEIVED", this.clock.instant());
		thresholds();
		this.clock.advance(Duration.ofMinutes(5));
		thresholds();
		deliver();
		assertThat(backlogAlerts()).hasSize(4);
		assertThat(pagerDutyEvents).hasSize(3);
	}

	@Test
	void aFailedShareAboveTwoPercentInTenMinutesWarnsAtOnceAndClearsWhenTheFailuresAreRetried() throws Exception {
		Instant now = this.clock.instant();
		receive(98, "PROCESSED", now.minus(Duration.ofMinutes(3)));
		receive(2, "FAILED", now.minus(Duration.ofMinutes(2)));
		thresholds(); // 2 of 100 = 2 %: not above 2 %
		assertThat(alertsOfKind("failed_share")).isEmpty();

		receive(1, "FAILED", now.minus(Duration.ofMinutes(1)));
		thresholds(); // 3 of 101 = 2.97 %
		assertThat(alertsOfKind("failed_share")).singleElement().satisfies((alert) -> {
			assertThat(alert.severity()).isEqualTo(Severity.WARNING);
			assertThat(alert.message()).startsWith("3 of 101 inbox events failed in the last 10 min (2.9703 %), above 2 %");
		});
		deliver();
		assertThat(pagerDutyEvents).as("WARNING does not page").isEmpty();

		this.clock.advance(Duration.ofMinutes(10)); // the window moved past them
		thresholds();
		assertThat(alertsOfKind("failed_share")).singleElement()
			.satisfies((alert) -> assertThat(alert.resolved()).isTrue());
	}

	private void receive(int count, String status, Instant at) {
		for (int i = 0; i < count; i++) {
			String id = "evt_threshold" + (++events);
			this.jdbc.update("""
					INSERT INTO webhook_inbox (event_id, type, created, payload, received_at, status, next_attempt_at)
					VALUES (?, 'charge.succeeded', ?, '{}'::jsonb, ?, ?, CASE WHEN ? = 'FAILED' THEN ?::timestamptz END)""",
					id, Timestamp.from(at), Timestamp.from(at), status, status, Timestamp.from(at.plusSeconds(60)));
		}
	}

	private List<Alert> backlogAlerts() {
		return alertsOfKind("inbox_backlog");
	}

	private List<Alert> alertsOfKind(String kind) {
		return this.alerts.latest(false, 1000).stream().filter((alert) -> alert.kind().equals(kind)).toList();
	}

	private void thresholds() throws Exception {
		assertThat(this.jobOperator
			.start(this.thresholdsJob, new JobParametersBuilder().addLong("run.id", ++runs).toJobParameters())
			.getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	private void deliver() throws Exception {
		assertThat(this.jobOperator
			.start(this.deliveryJob, new JobParametersBuilder().addLong("run.id", ++runs).toJobParameters())
			.getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	private static HttpServer pagerDutyServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
			server.createContext("/v2/enqueue", (exchange) -> {
				try (InputStream in = exchange.getRequestBody()) {
					pagerDutyEvents.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
				byte[] answer = "{\"status\":\"success\",\"message\":\"Event processed\"}"
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(202, answer.length);
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
