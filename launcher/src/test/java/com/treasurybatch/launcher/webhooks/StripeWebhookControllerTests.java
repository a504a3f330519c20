package com.treasurybatch.launcher.webhooks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeFixtures;
import com.treasurybatch.shared.testing.StripeSignatures;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeWebhookControllerTests.CURRENT_SECRET + ", "
				+ StripeWebhookControllerTests.PREVIOUS_SECRET, "spring.quartz.scheduler-name=webhook-controller-tests" })
@PostgresTest
class StripeWebhookControllerTests {

	static final String CURRENT_SECRET = StripeSignatures.TEST_SECRET;

	static final String PREVIOUS_SECRET = "whsec_tb0previous0secret0still0accepted0during0roll";

	static final String UNKNOWN_SECRET = "whsec_tb0a0secret0this0server0never0heard0of";

	static final int MAX_BODY_BYTES = 1_048_576;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	WebhookClient client;

	@BeforeEach
	void emptyInbox() {
		this.client = new WebhookClient(this.port);
		this.jdbc.update("DELETE FROM webhook_inbox");
	}

	@Test
	void valid_event_is_stored_once_with_its_envelope() {
		byte[] body = StripeFixtures.bytes("checkout.session.completed");
		double storedBefore = deliveries("stored", "none");

		HttpResponse<String> response = this.client.post(body, StripeSignatures.header(body));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JsonNode receipt = WebhookClient.json(response);
		assertThat(receipt.get("eventId").asString()).isEqualTo("evt_1TBJtjANCjFyrlg3hAiu6erB");
		assertThat(receipt.get("status").asString()).isEqualTo("stored");
		Map<String, Object> row = this.jdbc.queryForMap("SELECT event_id, type, api_version, account, livemode, "
				+ "created, source, status, payload = CAST(? AS jsonb) AS same_payload FROM webhook_inbox",
				new String(body, StandardCharsets.UTF_8));
		assertThat(row).containsEntry("event_id", "evt_1TBJtjANCjFyrlg3hAiu6erB")
			.containsEntry("type", "checkout.session.completed")
			.containsEntry("api_version", "2020-03-02")
			.containsEntry("livemode", true)
			.containsEntry("source", "WEBHOOK")
			.containsEntry("status", "RECEIVED")
			.containsEntry("same_payload", true);
		assertThat(row.get("account")).isNull();
		assertThat(((Timestamp) row.get("created")).toInstant()).isEqualTo(Instant.parse("2024-09-24T20:54:33Z"));
		awaitDeliveries("stored", "none", storedBefore + 1);
	}

	@Test
	void connect_event_is_stored_with_its_connected_account() {
		byte[] body = StripeFixtures.bytes("payout.created");

		assertThat(this.client.post(body, StripeSignatures.header(body)).statusCode()).isEqualTo(200);

		Map<String, Object> row = this.jdbc.queryForMap(
				"SELECT event_id, account, api_version, livemode, created FROM webhook_inbox");
		assertThat(row).containsEntry("event_id", "evt_1TBJGvpS6EDqWG00RjYLtb6M")
			.containsEntry("account", "acct_1TB7wa6QCfmtORJN")
			.containsEntry("api_version", "2018-02-28")
			.containsEntry("livemode", true);
		assertThat(((Timestamp) row.get("created")).toInstant()).isEqualTo(Instant.ofEpochSecond(1529199558L));
	}

	@Test
	void every_reference_event_kind_of_every_api_version_is_staged() {
		for (String name : StripeFixtures.ALL) {
			byte[] body = StripeFixtures.bytes(name);
			HttpResponse<String> response = this.client.post(body, StripeSignatures.header(body));
			assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(200);
		}
		List<String> types = this.jdbc.queryForList("SELECT type FROM webhook_inbox ORDER BY type", String.class);
		assertThat(types).containsExactlyElementsOf(StripeFixtures.ALL);
		assertThat(this.jdbc.queryForList("SELECT DISTINCT api_version FROM webhook_inbox ORDER BY 1", String.class))
			.containsExactly("2018-02-28", "2020-03-02", "2020-08-27", "2026-04-22.dahlia");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox WHERE account IS NOT NULL",
				Integer.class)).isEqualTo(4);
	}

	@Test
	void non_ascii_payload_is_verified_and_stored_byte_for_byte() {
		byte[] body = ("{\"id\":\"evt_1TBUnicode0000000000000001\",\"object\":\"event\",\"api_version\":\"2026-04-22.dahlia\","
				+ "\"created\":1795197852,\"data\":{\"object\":{\"object\":\"customer\",\"name\":\"Zoë Ångström 🎟\","
				+ "\"description\":\"Café crème € \\u00e9\"}},\"livemode\":false,\"type\":\"customer.created\"}")
			.getBytes(StandardCharsets.UTF_8);

		assertThat(this.client.post(body, StripeSignatures.header(body)).statusCode()).isEqualTo(200);

		assertThat(this.jdbc.queryForObject("SELECT payload #>> '{data,object,name}' FROM webhook_inbox",
				String.class)).isEqualTo("Zoë Ångström 🎟");
	}

	@Test
	void duplicate_delivery_answers_200_and_says_duplicate() {
		byte[] body = StripeFixtures.bytes("charge.refunded");
		this.client.post(body, StripeSignatures.header(body));

		HttpResponse<String> again = this.client.post(body, StripeSignatures.header(body));

		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(WebhookClient.json(again).get("status").asString()).isEqualTo("duplicate");
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void same_event_delivered_100_times_concurrently_is_stored_once_and_every_answer_is_2xx() throws Exception {
		byte[] body = StripeFixtures.bytes("transfer.reversed");
		String signature = StripeSignatures.header(body);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(100);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < 100; i++) {
				answers.add(threads.submit(() -> {
					start.await();
					return this.client.post(body, signature);
				}));
			}
			start.countDown();
			List<String> statuses = new ArrayList<>();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				statuses.add(WebhookClient.json(response).get("status").asString());
			}
			assertThat(statuses).containsOnlyOnce("stored").containsOnly("stored", "duplicate");
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void wrong_signature_is_400_problem_and_nothing_is_stored() {
		byte[] body = StripeFixtures.bytes("checkout.session.completed");
		double before = deliveries("rejected", "signature_mismatch");

		HttpResponse<String> response = this.client.post(body,
				StripeSignatures.header(body, Instant.now(), UNKNOWN_SECRET));

		assertProblem(response, 400, "signature_mismatch");
		assertThat(rows()).isZero();
		awaitDeliveries("rejected", "signature_mismatch", before + 1);
	}

	@Test
	void body_changed_after_signing_is_rejected() {
		byte[] signed = StripeFixtures.bytes("payout.paid");
		byte[] tampered = new String(signed, StandardCharsets.UTF_8).replace("7311", "9311")
			.getBytes(StandardCharsets.UTF_8);

		assertProblem(this.client.post(tampered, StripeSignatures.header(signed)), 400, "signature_mismatch");
		assertThat(rows()).isZero();
	}

	@Test
	void missing_or_malformed_signature_header_is_400() {
		byte[] body = StripeFixtures.bytes("payout.paid");

		assertProblem(this.client.post(body, null), 400, "signature_missing");
		assertProblem(this.client.post(body, "t=abc,v1=00"), 400, "signature_malformed");
		assertProblem(this.client.post(body, "v1=00"), 400, "signature_malformed");
		assertProblem(this.client.post(body, "t=" + Instant.now().getEpochSecond() + ",v0=00"), 400,
				"signature_malformed");
		assertThat(rows()).isZero();
	}

	@Test
	void stale_timestamp_is_400_even_when_the_signature_matches() {
		byte[] body = StripeFixtures.bytes("payout.paid");
		String stale = StripeSignatures.header(body, Instant.now().minusSeconds(301), CURRENT_SECRET);

		HttpResponse<String> response = this.client.post(body, stale);

		assertProblem(response, 400, "timestamp_outside_tolerance");
		assertThat(WebhookClient.json(response).get("detail").asString()).contains("tolerance of 300 seconds");
		assertThat(rows()).isZero();
	}

	@Test
	void during_a_secret_roll_two_v1_values_are_accepted() {
		byte[] body = StripeFixtures.bytes("account.updated");
		String rolling = StripeSignatures.header(body, Instant.now(), UNKNOWN_SECRET, CURRENT_SECRET);

		assertThat(this.client.post(body, rolling).statusCode()).isEqualTo(200);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void every_configured_secret_is_tried() {
		byte[] body = StripeFixtures.bytes("account.updated");

		assertThat(this.client.post(body, StripeSignatures.header(body, Instant.now(), PREVIOUS_SECRET)).statusCode())
			.isEqualTo(200);
	}

	@Test
	void declared_body_over_1_mib_is_413_without_being_read() {
		byte[] body = oversize();

		HttpResponse<String> response = this.client.post(body, StripeSignatures.header(body));

		assertProblem(response, 413, "too_large");
		assertThat(rows()).isZero();
	}

	@Test
	void chunked_body_growing_past_1_mib_is_413() {
		byte[] body = oversize();
		HttpRequest request = this.client.request(StripeSignatures.header(body))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();

		assertProblem(this.client.send(request), 413, "too_large");
		assertThat(rows()).isZero();
	}

	@Test
	void chunked_body_within_the_limit_is_stored() {
		byte[] body = StripeFixtures.bytes("payout.failed");
		HttpRequest request = this.client.request(StripeSignatures.header(body))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(body)))
			.build();

		assertThat(this.client.send(request).statusCode()).isEqualTo(200);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void body_of_exactly_1_mib_is_accepted_as_a_size() {
		String head = "{\"id\":\"evt_1TBExactlyOneMebibyte000001\",\"object\":\"event\",\"created\":1795197852,"
				+ "\"type\":\"test.large\",\"data\":{\"pad\":\"";
		String tail = "\"}}";
		byte[] body = (head + "x".repeat(MAX_BODY_BYTES - head.length() - tail.length()) + tail)
			.getBytes(StandardCharsets.UTF_8);
		assertThat(body).hasSize(MAX_BODY_BYTES);

		assertThat(this.client.post(body, StripeSignatures.header(body)).statusCode()).isEqualTo(200);
	}

	@Test
	void signed_body_that_is_not_json_is_400() {
		byte[] body = "event=checkout.session.completed&id=evt_1".getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = this.client.post(body, StripeSignatures.header(body));

		assertProblem(response, 400, "not_json");
		assertThat(rows()).isZero();
	}

	@Test
	void signed_json_that_is_not_a_stripe_event_is_400() {
		byte[] charge = "{\"id\":\"ch_1TB\",\"object\":\"charge\",\"amount\":2000,\"created\":1795197852}"
			.getBytes(StandardCharsets.UTF_8);
		byte[] noType = "{\"id\":\"evt_1TB\",\"object\":\"event\",\"created\":1795197852}".getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = this.client.post(charge, StripeSignatures.header(charge));

		assertProblem(response, 400, "not_an_event");
		assertThat(WebhookClient.json(response).get("detail").asString())
			.isEqualTo("\"object\" is \"charge\", expected \"event\"");
		assertProblem(this.client.post(noType, StripeSignatures.header(noType)), 400, "not_an_event");
		assertThat(rows()).isZero();
	}

	@Test
	void receiver_needs_no_credentials_nor_csrf_token_and_sets_no_session() {
		byte[] body = StripeFixtures.bytes("transfer.created");

		HttpResponse<String> response = this.client.post(body, StripeSignatures.header(body));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void deliveries_are_measured_by_the_receiver_meters_not_by_the_generic_request_observation() {
		byte[] body = StripeFixtures.bytes("payout.paid");

		this.client.post(body, StripeSignatures.header(body));

		// recorded once the answer is written, so just after the client has it
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.meters.get(DeliveryMetrics.DELIVERY_TIMER).tag("outcome", "stored").timer().count())
				.isPositive());
		assertThat(this.meters.get("treasury.webhooks.inbox.batch").summary().count()).isPositive();
		assertThat(this.meters.find("http.server.requests").tag("uri", StripeWebhookController.PATH).timer()).isNull();
	}

	private void assertProblem(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = WebhookClient.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("reason").asString()).isEqualTo(reason);
		assertThat(problem.get("detail").asString()).isNotBlank().doesNotContain("\n");
	}

	private int rows() {
		return this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox", Integer.class);
	}

	/** The delivery counter is incremented once the answer is written: just after the client has read it. */
	private void awaitDeliveries(String outcome, String reason, double expected) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(deliveries(outcome, reason)).isEqualTo(expected));
	}

	private double deliveries(String outcome, String reason) {
		return this.meters.get(DeliveryMetrics.DELIVERIES).tag("outcome", outcome).tag("reason", reason).counter().count();
	}

	private static byte[] oversize() {
		byte[] body = new byte[MAX_BODY_BYTES + 1];
		Arrays.fill(body, (byte) ' ');
		body[0] = '{';
		body[body.length - 1] = '}';
		return body;
	}

}
