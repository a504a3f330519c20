package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.treasurybatch.shared.testing.StripeFixtures;
import com.treasurybatch.shared.testing.StripeSignatures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver on a database of its own, which the test stops: deliveries get 503 with Retry-After (Stripe
 * retries), never a 2xx; once the database is back, the retried delivery is stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeSignatures.TEST_SECRET,
				"treasury.webhooks.stripe.retry-after-seconds=7", "spring.quartz.auto-startup=false",
				"spring.quartz.scheduler-name=webhook-unavailable-tests",
				"spring.datasource.hikari.connection-timeout=500", "spring.datasource.hikari.validation-timeout=250",
				"spring.datasource.hikari.maximum-pool-size=4" })
class StripeWebhookUnavailableTests {

	static final Path dataDirectory = temporaryDirectory();

	static final int port = freePort();

	static EmbeddedPostgres postgres = start();

	@LocalServerPort
	int serverPort;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	@AfterAll
	static void stopDatabase() throws IOException {
		postgres.close();
		org.springframework.util.FileSystemUtils.deleteRecursively(dataDirectory);
	}

	@Test
	void database_down_answers_503_with_retry_after_and_the_retry_is_stored_once_it_is_back() throws IOException {
		WebhookClient client = new WebhookClient(this.serverPort);
		byte[] body = StripeFixtures.bytes("charge.dispute.created");
		postgres.close();

		HttpResponse<String> down = client.post(body, StripeSignatures.header(body));

		assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
		assertThat(down.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(WebhookClient.json(down).get("detail").asString()).contains("evt_1TBXYd6Jc396ojVJ0X4QAq7y");

		postgres = start();
		assertThat(rowsOnceTheDatabaseAnswers()).isZero();
		HttpResponse<String> retried = client.post(body, StripeSignatures.header(body));

		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
		assertThat(this.jdbc.queryForList("SELECT event_id FROM webhook_inbox", String.class))
			.containsExactly("evt_1TBXYd6Jc396ojVJ0X4QAq7y");
	}

	/** Each attempt waits for a connection for up to Hikari's connection timeout (500 ms): no sleeping. */
	private int rowsOnceTheDatabaseAnswers() {
		long deadlineNanos = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try {
				return this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox", Integer.class);
			}
			catch (org.springframework.dao.DataAccessException ex) {
				if (System.nanoTime() > deadlineNanos) {
					throw ex;
				}
			}
		}
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(port)
				.setRegisterShutdownHook(false)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL did not start", ex);
		}
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("webhook-unavailable-pg");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
