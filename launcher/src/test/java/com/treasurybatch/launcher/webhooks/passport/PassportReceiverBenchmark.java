package com.treasurybatch.launcher.webhooks.passport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeSignatures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passport receiver throughput, batches of 1,000 events: {@value #SENDERS} threads post signed batches over
 * loopback (JDK HttpClient, one client each), against a baseline in the same run: the same rows inserted by
 * {@value #SENDERS} threads with a plain JDBC batch ({@code addBatch} of a single-row
 * {@code INSERT ... ON CONFLICT (event_id) DO NOTHING}, {@code executeBatch}, commit) per 1,000. Prints events/s of
 * both and the ratio. Run with
 * {@code ./mvnw -Pbench -pl launcher -am verify -Dtest=PassportReceiverBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.passport.batches=N} for another count; default {@value #BATCHES_DEFAULT}).
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.passport.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=passport-receiver-benchmark",
				"logging.level.com.treasurybatch.launcher.webhooks=error" })
@PostgresTest
class PassportReceiverBenchmark {

	static final int SENDERS = 4;

	static final int BATCH_EVENTS = 1_000;

	static final int BATCHES_DEFAULT = 200;

	static final int BATCHES = Integer.getInteger("bench.passport.batches", BATCHES_DEFAULT);

	static final int WARMUP_BATCHES = 20;

	private static final String BASELINE_SQL = """
			INSERT INTO analytics_events (event_id, type, occurred_at, user_id, artist_id, show_id, city, genre, value,
			                              metadata, schema_version, flag, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, NULL, ?)
			ON CONFLICT (event_id) DO NOTHING""";

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void receiver_events_per_second_against_a_plain_jdbc_batch_insert() throws Exception {
		post("warmup", WARMUP_BATCHES);
		double receiver = post("recv", BATCHES);
		double baseline = insert("base", BATCHES);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM analytics_events", Long.class))
			.isEqualTo((long) (WARMUP_BATCHES + 2 * BATCHES) * BATCH_EVENTS);
		System.out.printf("passport bench: receiver %,.0f events/s (%d senders, %,d batches of %,d)%n", receiver,
				SENDERS, BATCHES, BATCH_EVENTS);
		System.out.printf("passport bench: plain JDBC batch insert %,.0f events/s (%d threads)%n", baseline, SENDERS);
		System.out.printf("passport bench: ratio receiver / JDBC = %.2f%n", receiver / baseline);
	}

	private double post(String prefix, int batches) throws Exception {
		AtomicInteger next = new AtomicInteger();
		return timed(() -> {
			HttpClient client = HttpClient.newHttpClient();
			int batch;
			while ((batch = next.getAndIncrement()) < batches) {
				byte[] body = body(prefix, batch).getBytes(StandardCharsets.UTF_8);
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/webhooks/passport"))
					.header("Content-Type", "application/json")
					.header("Passport-Signature", StripeSignatures.header(body, Instant.now(), StripeSignatures.TEST_SECRET))
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build();
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					throw new IllegalStateException(response.statusCode() + " " + response.body());
				}
			}
			return null;
		}, batches);
	}

	private double insert(String prefix, int batches) throws Exception {
		AtomicInteger next = new AtomicInteger();
		return timed(() -> {
			try (Connection connection = this.dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(BASELINE_SQL)) {
				connection.setAutoCommit(false);
				int batch;
				while ((batch = next.getAndIncrement()) < batches) {
					Timestamp now = Timestamp.from(Instant.now());
					for (int i = 0; i < BATCH_EVENTS; i++) {
						int n = batch * BATCH_EVENTS + i;
						statement.setString(1, prefix + "-" + n);
						statement.setString(2, "play");
						statement.setTimestamp(3, Timestamp.from(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(n)));
						statement.setString(4, "user-" + (n % 1000));
						statement.setString(5, "artist-" + (n % 200));
						statement.setString(6, "show-" + (n % 500));
						statement.setString(7, "city-" + (n % 20));
						statement.setString(8, "genre-" + (n % 10));
						statement.setLong(9, 1);
						statement.setString(10, "{\"device\":\"ios\"}");
						statement.setString(11, "1");
						statement.setTimestamp(12, now);
						statement.addBatch();
					}
					statement.executeBatch();
					connection.commit();
				}
			}
			return null;
		}, batches);
	}

	private static String body(String prefix, int batch) {
		StringBuilder json = new StringBuilder(BATCH_EVENTS * 260).append('[');
		for (int i = 0; i < BATCH_EVENTS; i++) {
			int n = batch * BATCH_EVENTS + i;
			if (i > 0) {
				json.append(',');
			}
			json.append("{\"event_id\":\"").append(prefix).append('-').append(n)
				.append("\",\"type\":\"play\",\"timestamp\":\"").append(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(n))
				.append("\",\"user_id\":\"user-").append(n % 1000)
				.append("\",\"artist_id\":\"artist-").append(n % 200)
				.append("\",\"show_id\":\"show-").append(n % 500)
				.append("\",\"city\":\"city-").append(n % 20)
				.append("\",\"genre\":\"genre-").append(n % 10)
				.append("\",\"value\":1,\"metadata\":{\"device\":\"ios\"},\"schema_version\":\"1\"}");
		}
		return json.append(']').toString();
	}

	/** Runs the work on {@value #SENDERS} threads; returns events per second. */
	private static double timed(java.util.concurrent.Callable<Void> work, int batches) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(SENDERS);
		try {
			long started = System.nanoTime();
			List<Future<Void>> running = new ArrayList<>();
			for (int i = 0; i < SENDERS; i++) {
				running.add(threads.submit(work));
			}
			for (Future<Void> future : running) {
				future.get();
			}
			return (double) batches * BATCH_EVENTS / ((System.nanoTime() - started) / 1e9);
		}
		finally {
			threads.shutdownNow();
		}
	}

}
