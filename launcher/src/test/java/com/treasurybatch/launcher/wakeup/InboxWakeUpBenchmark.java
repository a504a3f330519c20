package com.treasurybatch.launcher.wakeup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.shared.testing.StripeSignatures;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Books within a second: a sustained {@link #RATE} signed Stripe sales a second for {@link #SECONDS} s posted to
 * the receiver over loopback HTTP ({@link #SENDERS} threads, each delivery at its scheduled instant), and the
 * latency from each delivery's 200 to its {@code sale} journal being visible (committed), with the wake-up on and
 * then off, each on a fresh server and database, side by side. The scheduler runs in both (every-minute
 * {@code inbox-processing} schedule): off, it is what books. A watcher reads new journals every
 * {@value #WATCH_MILLIS} ms, so a latency is at most that much late. Target: p99 under 1 s with the wake-up on.
 * Run with
 * {@code ./mvnw -Pbench -pl launcher -am verify -Dtest=InboxWakeUpBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -DargLine="-Dbench.rate=N -Dbench.seconds=S"} changes the load.
 */
@Tag("benchmark")
class InboxWakeUpBenchmark {

	static final int RATE = Integer.getInteger("bench.rate", 500);

	static final int SECONDS = Integer.getInteger("bench.seconds", 60);

	static final int SENDERS = 48;

	static final long WATCH_MILLIS = 5;

	@Test
	void latency_from_the_receivers_200_to_the_journal_with_the_wake_up_on_and_off() throws Exception {
		int events = RATE * SECONDS;
		System.out.printf(Locale.ROOT, "%nInboxWakeUpBenchmark: %d signed sales at %d/s for %d s, %d cores%n", events,
				RATE, SECONDS, Runtime.getRuntime().availableProcessors());
		Result on = run("on", true, events);
		Result off = run("off", false, events);
		System.out.printf(Locale.ROOT, "%-9s %10s %10s %10s %10s %12s %11s%n", "wake-up", "p50 ms", "p99 ms", "max ms",
				"sent/s", "executions", "p99 < 1 s");
		for (Result result : List.of(on, off)) {
			System.out.printf(Locale.ROOT, "%-9s %10.0f %10.0f %10.0f %10.0f %12d %11s%n", result.name(),
					result.percentileMillis(50), result.percentileMillis(99), result.percentileMillis(100),
					result.sentPerSecond(), result.executions(), (result.percentileMillis(99) < 1000) ? "met" : "NOT met");
		}
		System.out.println();
	}

	private Result run(String name, boolean wakeUp, int events) throws Exception {
		String url = TestPostgres.newDatabase("wake_" + name);
		Path home = Files.createDirectories(Path.of("target", "bench-wake-up", name));
		try (ConfigurableApplicationContext server = server(url, name, home, wakeUp)) {
			int port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
			JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
			SignedSales sales = new SignedSales(port, "Bench" + name);
			// warm-up, not measured: the JIT, the pool, the first run's handlers
			SignedSales warmUp = new SignedSales(port, "Warm" + name);
			for (int n = 0; n < 200; n++) {
				assertThat(warmUp.post(n)).isEqualTo(200);
			}
			String[] intents = new String[events];
			for (int n = 0; n < events; n++) {
				intents[n] = sales.paymentIntent(n);
			}
			long[] answered = new long[events];
			long[] visible = new long[events];
			Watcher watcher = new Watcher(jdbc, intents, visible);
			Thread watching = new Thread(watcher, "journal-watcher");
			watching.start();
			long executionsBefore = executions(jdbc);
			long started = System.nanoTime();
			long sendingNanos = send(sales, events, answered);
			// off: the next fire of the every-minute schedule books the rest; on: a second or so
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
			while (watcher.seen() < events && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			watcher.stop();
			watching.join();
			assertThat(watcher.seen()).as("sales journaled").isEqualTo(events);
			long[] latency = new long[events];
			for (int n = 0; n < events; n++) {
				latency[n] = Math.max(0, visible[n] - answered[n]);
			}
			awaitIdle(jdbc);
			long executions = executions(jdbc) - executionsBefore;
			System.out.printf(Locale.ROOT, "wake-up %s: sent in %d ms, all journaled %d ms after the first%n", name,
					TimeUnit.NANOSECONDS.toMillis(sendingNanos),
					TimeUnit.NANOSECONDS.toMillis(Arrays.stream(visible).max().orElseThrow() - started));
			return new Result(name, latency, events / (sendingNanos / 1e9), executions);
		}
	}

	/** Posts sale n at {@code n / RATE} s after the start, from {@link #SENDERS} threads; keeps each 200's instant. */
	private static long send(SignedSales sales, int events, long[] answered) throws Exception {
		AtomicInteger next = new AtomicInteger();
		long intervalNanos = 1_000_000_000L / RATE;
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < SENDERS; t++) {
				done.add(senders.submit(() -> {
					int n;
					while ((n = next.getAndIncrement()) < events) {
						long due = start + n * intervalNanos;
						long wait = due - System.nanoTime();
						if (wait > 0) {
							LockSupport.parkNanos(wait);
						}
						int status = sales.post(n);
						answered[n] = System.nanoTime();
						if (status != 200) {
							throw new IllegalStateException("sale " + n + ": HTTP " + status);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(SECONDS + 120, TimeUnit.SECONDS);
			}
			return System.nanoTime() - start;
		}
		finally {
			senders.shutdownNow();
		}
	}

	private static long executions(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i "
				+ "ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'inbox-processing'", Long.class);
	}

	private static void awaitIdle(JdbcTemplate jdbc) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (jdbc.queryForObject("SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED')",
				Long.class) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	private static ConfigurableApplicationContext server(String url, String name, Path home, boolean wakeUp) {
		List<String> args = new ArrayList<>();
		TestPostgres.properties(url).forEach((key, value) -> args.add("--" + key + "=" + value));
		args.add("--treasury.home=" + home.toAbsolutePath());
		args.add("--server.port=0");
		args.add("--spring.quartz.scheduler-name=inbox-wake-up-benchmark-" + name);
		args.add("--treasury.security.users-file=target/test-classes/test-users.properties");
		args.add("--treasury.webhooks.stripe.secret=" + StripeSignatures.TEST_SECRET);
		args.add("--treasury.inbox.wake-up.enabled=" + wakeUp);
		args.add("--logging.level.com.treasurybatch=warn");
		args.add("--logging.level.org.springframework.batch=warn");
		return new SpringApplicationBuilder(TreasuryBatchApplication.class).web(WebApplicationType.SERVLET)
			.run(args.toArray(String[]::new));
	}

	/** Notes when each sale's journal becomes visible: new journals by id, every {@link #WATCH_MILLIS} ms. */
	private static final class Watcher implements Runnable {

		private final JdbcTemplate jdbc;

		private final java.util.Map<String, Integer> index = new java.util.HashMap<>();

		private final long[] visible;

		private volatile boolean stopped;

		private volatile int seen;

		Watcher(JdbcTemplate jdbc, String[] intents, long[] visible) {
			this.jdbc = jdbc;
			this.visible = visible;
			for (int n = 0; n < intents.length; n++) {
				this.index.put(intents[n], n);
			}
		}

		int seen() {
			return this.seen;
		}

		void stop() {
			this.stopped = true;
		}

		@Override
		public void run() {
			// sale journals are written by one inbox-processing run at a time, chunk after chunk: their ids become
			// visible in order (a margin of 100 ids to spare)
			long after = this.jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM journals", Long.class);
			boolean[] found = new boolean[this.visible.length];
			while (!this.stopped) {
				List<Object[]> rows = this.jdbc.query(
						"SELECT id, source_id FROM journals WHERE kind = 'sale' AND id > ? ORDER BY id",
						(row, n) -> new Object[] { row.getLong(1), row.getString(2) }, Math.max(0, after - 100));
				// when the answer came: late by the query's time at most, never early
				long now = System.nanoTime();
				for (Object[] row : rows) {
					Integer n = this.index.get((String) row[1]);
					if (n != null && !found[n]) {
						found[n] = true;
						this.visible[n] = now;
						this.seen++;
					}
					after = Math.max(after, (Long) row[0]);
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WATCH_MILLIS));
			}
		}

	}

	record Result(String name, long[] latencyNanos, double sentPerSecond, long executions) {

		double percentileMillis(int percentile) {
			long[] sorted = this.latencyNanos.clone();
			Arrays.sort(sorted);
			int at = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
			return sorted[Math.max(0, at)] / 1e6;
		}

	}

}
