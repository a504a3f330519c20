package com.treasurybatch.launcher.webhooks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.inbox.EventEnvelope;
import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InboxSource;
import com.treasurybatch.shared.inbox.WebhookInbox;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.StripeFixtures;
import com.treasurybatch.shared.testing.StripeSignatures;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput and latency of the receiver on loopback: {@link #CONNECTIONS} threads, each with its own persistent
 * connection ({@link LoopbackHttpConnection}), post {@link #EVENTS} signed, distinct events (after
 * {@link #WARMUP_EVENTS} for warm-up, as the JIT needs them on two cores), against a baseline in the same run:
 * the same rows inserted with the same single-row SQL ({@link WebhookInbox#STAGE_SQL}) over plain JDBC from
 * {@link #CONNECTIONS} threads, each on its own connection. The receiver writes concurrent deliveries together
 * ({@link GroupCommitStager}). Targets: receiver rate at least 0.6 of the baseline's, p99 latency at most 50 ms.
 * Also prints the CPU time per event of the load threads, of the rest of the JVM (the server) and of PostgreSQL,
 * as the machine is shared. Run with
 * {@code ./mvnw -Pbench -pl launcher -am verify -Dtest=ReceiverBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -DargLine="-Dbench.events=N -Dbench.warmup-events=M"} changes the counts.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "treasury.webhooks.stripe.secret=" + StripeSignatures.TEST_SECRET,
				"spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=receiver-benchmark",
				"logging.level.com.treasurybatch.launcher.webhooks=error" })
@PostgresTest
class ReceiverBenchmark {

	static final int CONNECTIONS = 64;

	static final int WARMUP_EVENTS = Integer.getInteger("bench.warmup-events", 40_000);

	static final int EVENTS = Integer.getInteger("bench.events", 20_000);

	static final Duration PHASE_LIMIT = Duration.ofMinutes(3);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	final EventEnvelopeParser parser = new EventEnvelopeParser();

	final java.lang.management.ThreadMXBean threadCpu = java.lang.management.ManagementFactory.getThreadMXBean();

	@Test
	void receiver_against_plain_jdbc_inserts() throws Exception {
		byte[] template = StripeFixtures.bytes("checkout.session.completed");
		System.out.printf(Locale.ROOT, "%nReceiverBenchmark: %d events of %d bytes, %d connections, %d cores%n",
				EVENTS, template.length, CONNECTIONS, Runtime.getRuntime().availableProcessors());

		receiver(events(template, "W", WARMUP_EVENTS));
		baseline(events(template, "V", WARMUP_EVENTS));
		truncate();

		Result jdbcResult = baseline(events(template, "B", EVENTS));
		truncate();
		Result receiverResult = receiver(events(template, "R", EVENTS));

		double ratio = receiverResult.eventsPerSecond() / jdbcResult.eventsPerSecond();
		System.out.printf(Locale.ROOT, "plain JDBC baseline : %8.0f events/s (%d rows in %d ms; %s)%n",
				jdbcResult.eventsPerSecond(), EVENTS, jdbcResult.elapsedMillis(), jdbcResult.cpuPerEvent());
		System.out.printf(Locale.ROOT, "receiver over HTTP  : %8.0f events/s (%d events in %d ms; %s)%n",
				receiverResult.eventsPerSecond(), EVENTS, receiverResult.elapsedMillis(), receiverResult.cpuPerEvent());
		System.out.printf(Locale.ROOT, "ratio receiver/jdbc : %8.2f (target >= 0.60: %s)%n", ratio,
				(ratio >= 0.6) ? "met" : "NOT met");
		double p99 = receiverResult.percentileMillis(99);
		System.out.printf(Locale.ROOT,
				"receiver latency    : p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= 50 ms: %s)%n%n",
				receiverResult.percentileMillis(50), receiverResult.percentileMillis(90), p99,
				receiverResult.percentileMillis(100), (p99 <= 50) ? "met" : "NOT met");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox", Integer.class)).isEqualTo(EVENTS);
	}

	private Result receiver(List<Event> events) throws Exception {
		long[] latencyNanos = new long[events.size()];
		List<LoopbackHttpConnection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
		try {
			return run(events.size(), latencyNanos, () -> {
				LoopbackHttpConnection connection = new LoopbackHttpConnection(this.port, StripeWebhookController.PATH);
				connections.add(connection);
				return (index) -> {
					Event event = events.get(index);
					long started = System.nanoTime();
					LoopbackHttpConnection.Response response = connection.post(event.signature(), event.body());
					latencyNanos[index] = System.nanoTime() - started;
					if (response.status() != 200 || !response.body().contains("\"stored\"")) {
						throw new IllegalStateException(response.status() + " " + response.body());
					}
				};
			});
		}
		finally {
			for (LoopbackHttpConnection connection : connections) {
				connection.close();
			}
		}
	}

	private Result baseline(List<Event> events) throws Exception {
		Clock clock = Clock.systemUTC();
		List<Connection> connections = new ArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			connections.add(DriverManager.getConnection(this.databaseUrl, "postgres", "postgres"));
		}
		AtomicInteger next = new AtomicInteger();
		try {
			return run(events.size(), null, () -> {
				PreparedStatement insert = connections.get(next.getAndIncrement()).prepareStatement(WebhookInbox.STAGE_SQL);
				return (index) -> {
					Event event = events.get(index);
					EventEnvelope envelope = event.envelope();
					insert.setString(1, envelope.eventId());
					insert.setString(2, envelope.type());
					insert.setString(3, envelope.apiVersion());
					insert.setString(4, envelope.account());
					insert.setBoolean(5, envelope.livemode());
					insert.setObject(6, OffsetDateTime.ofInstant(envelope.created(), ZoneOffset.UTC));
					insert.setString(7, new String(event.body(), StandardCharsets.UTF_8));
					insert.setString(8, InboxSource.WEBHOOK.name());
					insert.setObject(9, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
					if (insert.executeUpdate() != 1) {
						throw new IllegalStateException("not inserted: " + envelope.eventId());
					}
				};
			});
		}
		finally {
			for (Connection connection : connections) {
				connection.close();
			}
		}
	}

	/** Runs {@code count} operations on {@link #CONNECTIONS} threads, each taking the next index, within the limit. */
	private Result run(int count, long[] latencyNanos, WorkerFactory workers) throws Exception {
		// the events were just built: move them out of the young generation now, not in a pause during the run
		System.gc();
		CpuTime cpuBefore = CpuTime.now();
		java.util.concurrent.atomic.AtomicLong loadThreadsCpuNanos = new java.util.concurrent.atomic.AtomicLong();
		AtomicInteger next = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS);
		long deadlineNanos = System.nanoTime() + PHASE_LIMIT.toNanos();
		try {
			List<Future<?>> done = new ArrayList<>();
			long started = System.nanoTime();
			for (int t = 0; t < CONNECTIONS; t++) {
				done.add(threads.submit(() -> {
					long cpuStartNanos = threadCpu.getCurrentThreadCpuTime();
					try {
						Operation operation = workers.create();
						int index;
						while ((index = next.getAndIncrement()) < count) {
							if (System.nanoTime() > deadlineNanos) {
								throw new IllegalStateException("phase exceeded " + PHASE_LIMIT);
							}
							operation.run(index);
						}
						return null;
					}
					finally {
						loadThreadsCpuNanos.addAndGet(threadCpu.getCurrentThreadCpuTime() - cpuStartNanos);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(PHASE_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
			}
			CpuTime used = CpuTime.now().minus(cpuBefore);
			return new Result(count, System.nanoTime() - started, latencyNanos, used, loadThreadsCpuNanos.get());
		}
		finally {
			threads.shutdownNow();
		}
	}

	private List<Event> events(byte[] template, String series, int count) {
		String text = new String(template, StandardCharsets.UTF_8);
		String templateId = this.parser.parse(template).eventId();
		Instant now = Instant.now();
		List<Event> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String id = String.format(Locale.ROOT, "evt_1TBBench%s%015d", series, i);
			byte[] body = text.replace(templateId, id).getBytes(StandardCharsets.UTF_8);
			events.add(new Event(body, StripeSignatures.header(body, now, StripeSignatures.TEST_SECRET),
					this.parser.parse(body)));
		}
		return events;
	}

	private void truncate() {
		owner().execute("TRUNCATE webhook_inbox");
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("VACUUM ANALYZE webhook_inbox");
	}

	/** A prepared delivery: kept small, as 20,000 of them live through a phase. */
	record Event(byte[] body, String signature, EventEnvelope envelope) {

	}

	record Result(int count, long elapsedNanos, long[] latencyNanos, CpuTime cpu, long loadThreadsCpuNanos) {

		String cpuPerEvent() {
			return String.format(Locale.ROOT, "CPU per event: load threads %.0f us, rest of the JVM %.0f us, PostgreSQL %.0f us",
					this.loadThreadsCpuNanos / 1e3 / this.count,
					(this.cpu.jvmNanos() - this.loadThreadsCpuNanos) / 1e3 / this.count,
					this.cpu.postgresNanos() / 1e3 / this.count);
		}

		double eventsPerSecond() {
			return this.count / (this.elapsedNanos / 1e9);
		}

		long elapsedMillis() {
			return TimeUnit.NANOSECONDS.toMillis(this.elapsedNanos);
		}

		double percentileMillis(int percentile) {
			long[] sorted = this.latencyNanos.clone();
			Arrays.sort(sorted);
			int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
			return sorted[Math.max(0, index)] / 1e6;
		}

	}

	/** CPU time used by this JVM (all threads: load generator and server) and by the PostgreSQL processes (Linux /proc). */
	record CpuTime(long jvmNanos, long postgresNanos) {

		static CpuTime now() {
			long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
				.getOperatingSystemMXBean()).getProcessCpuTime();
			long postgresTicks = ProcessHandle.allProcesses()
				.filter((process) -> process.info().command().map((command) -> command.endsWith("/postgres")).orElse(false))
				.mapToLong(CpuTime::ticks)
				.sum();
			return new CpuTime(jvm, postgresTicks * 10_000_000L);
		}

		private static long ticks(ProcessHandle process) {
			try {
				String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + process.pid() + "/stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
			catch (java.io.IOException | RuntimeException ex) {
				return 0;
			}
		}

		CpuTime minus(CpuTime earlier) {
			return new CpuTime(this.jvmNanos - earlier.jvmNanos, this.postgresNanos - earlier.postgresNanos);
		}

	}

	@FunctionalInterface
	interface WorkerFactory {

		Operation create() throws Exception;

	}

	@FunctionalInterface
	interface Operation {

		void run(int index) throws Exception;

	}

	/** The database's owner: creating functions and triggers, TRUNCATE (the application role may not). */
	private JdbcTemplate owner() {
		return TestPostgres.ownerJdbc(this.jdbc.getDataSource());
	}

}
