package com.treasurybatch.launcher.cluster;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeProperties;
import com.treasurybatch.shared.stripe.TransferRequest;
import com.treasurybatch.shared.stripe.internal.HttpStripeGateway;
import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Partitioned {@code nightly-payouts} on 1, 2 and 3 worker JVMs ({@code treasury.partitioning.mode=remote}, each
 * node {@value #WORKER_THREADS} worker threads, {@value #PARTITIONS} partitions), the simulator answering every call
 * after {@value #LATENCY_MILLIS} ms and the client throttle raised out of the way. One node is added per round, each
 * round pays payees of its own ({@code bench.payees}, default {@value #PAYEES_DEFAULT}) for a date of its own.
 * Baseline in the same round: as many plain threads as the cluster's workers making the same number of transfers
 * straight through the Stripe client, with no job, no database and no partitioning: the latency-bound ceiling.
 * Prints transfers/s of both, their ratio, and how many partitions each node ran.
 *
 * <p>{@code ./mvnw -Pbench -pl launcher -am verify -Dtest=RemotePartitioningBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class RemotePartitioningBenchmark {

	static final int PAYEES_DEFAULT = 1_200;

	static final int WORKER_THREADS = 4;

	static final int PARTITIONS = 24;

	static final long LATENCY_MILLIS = 100;

	static final Pattern RUNS_ON = Pattern.compile("of job execution (\\d+) runs on \\S+ pid (\\d+)");

	@TempDir
	Path homes;

	@Test
	void throughput_grows_with_the_worker_nodes() throws Exception {
		int payees = Integer.getInteger("bench.payees", PAYEES_DEFAULT);
		String url = TestPostgres.newDatabase("partition_bench");
		List<String> lines = new ArrayList<>();
		try (StripeSimulator stripe = StripeSimulator.start();
				ClusterNodes nodes = new ClusterNodes(url, this.homes, "partition-bench", List.of(
						"--treasury.stripe.api-key=" + StripeSimulator.API_KEY,
						"--treasury.stripe.api-base=" + stripe.apiBase(),
						"--treasury.stripe.operations-per-second=10000", "--treasury.partitioning.mode=remote",
						"--treasury.partitioning.worker-threads=" + WORKER_THREADS,
						"--treasury.partitioning.poll-interval=200ms", "--treasury.payouts.partitions=" + PARTITIONS,
						"--treasury.payouts.chunk-size=10", "--treasury.inbox.wake-up.enabled=false",
						"--treasury.analytics.wake-up.enabled=false"))) {
			stripe.seedBalance("usd", 1_000_000_000_000L, 0);
			stripe.faults().latency(Duration.ofMillis(LATENCY_MILLIS));
			JdbcTemplate owner = nodes.owner();
			StripeGateway direct = HttpStripeGateway.create(StripeProperties.of(StripeSimulator.API_KEY,
					stripe.apiBase()).withOperationsPerSecond(10_000), new SimpleMeterRegistry());
			for (int n = 1; n <= 3; n++) {
				nodes.start();
				nodes.awaitReady();
				LocalDate date = LocalDate.parse("2026-10-01").plusDays(n);
				// payee ids of every round spread over the whole id space, as Stripe's random ids are: the payee
				// ranges are cut on all payable accounts, those already paid in an earlier round included
				int round = n;
				Map<String, Long> owed = nodes.seedPayees(stripe, date,
						(i) -> String.format("acct_Bench%05dr%d", i, round), payees);

				CpuTicks before = CpuTicks.now(nodes);
				HttpResponse<String> started = nodes.post(0, "/api/jobs/nightly-payouts/executions",
						"{\"parameters\":{\"date\":\"" + date + "\"}}");
				assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
				long execution = latestExecution(owner);
				Duration took = awaitCompleted(owner, execution, nodes);
				CpuTicks after = CpuTicks.now(nodes);
				double jobRate = payees / (took.toNanos() / 1e9);
				for (String payee : owed.keySet()) {
					assertThat(stripe.transfersTo(payee)).as(payee).isOne();
				}

				double baselineRate = baseline(stripe, direct, n * WORKER_THREADS, payees, n);
				String perNode = partitionsPerNode(nodes, execution);
				String line = String.format("%d node(s), %d worker threads: nightly-payouts %d transfers in %.1f s ="
						+ " %.1f transfers/s; baseline (%d plain threads, same calls) %.1f transfers/s; ratio %.2f;"
						+ " ideal %d threads / %d ms = %.0f/s; partitions per node %s", n, n * WORKER_THREADS, payees,
						took.toNanos() / 1e9, jobRate, n * WORKER_THREADS, baselineRate, jobRate / baselineRate,
						n * WORKER_THREADS, LATENCY_MILLIS, n * WORKER_THREADS * 1000.0 / LATENCY_MILLIS, perNode);
				line += "; " + after.since(before, payees);
				lines.add(line);
				System.out.println(line);
			}
		}
		System.out.println("remote partitioning benchmark:");
		lines.forEach(System.out::println);
	}

	/** Transfers of the same count through the Stripe client on plain threads; returns transfers/s. */
	private static double baseline(StripeSimulator stripe, StripeGateway direct, int threads, int count, int round)
			throws Exception {
		Instant created = Instant.parse("2026-01-01T00:00:00Z");
		List<String> destinations = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String account = "acct_Base" + round + "x" + i;
			stripe.seedAccount(SimulatedAccount.active(account, created));
			destinations.add(account);
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long start = System.nanoTime();
			List<Future<?>> calls = new ArrayList<>();
			for (String destination : destinations) {
				calls.add(pool.submit(() -> direct.createTransfer(
						new TransferRequest(1_000, "usd", destination, "base_" + destination, Map.of(), "baseline"),
						IdempotencyKey.of("baseline", destination))));
			}
			for (Future<?> call : calls) {
				call.get();
			}
			return count / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			pool.shutdown();
		}
	}

	/**
	 * CPU time from {@code /proc}: the machine's busy and total clock ticks, and the ticks of the node JVMs and of
	 * the PostgreSQL processes, to tell whether the cores or the latency bound a round.
	 */
	record CpuTicks(long busy, long total, long nodes, long postgres, long wallNanos) {

		static CpuTicks now(ClusterNodes cluster) throws java.io.IOException {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < cpu.length; i++) {
				total += Long.parseLong(cpu[i]);
			}
			long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
			long nodes = 0;
			for (int i = 0; i < cluster.size(); i++) {
				nodes += ticks(cluster.process(i).pid());
			}
			long postgres = 0;
			try (var processes = Files.list(Path.of("/proc"))) {
				for (Path process : processes.filter((p) -> p.getFileName().toString().matches("\\d+")).toList()) {
					try {
						if (Files.readString(process.resolve("comm")).trim().equals("postgres")) {
							postgres += ticks(Long.parseLong(process.getFileName().toString()));
						}
					}
					catch (java.io.IOException ex) {
						// the process ended meanwhile
					}
				}
			}
			return new CpuTicks(total - idle, total, nodes, postgres, System.nanoTime());
		}

		private static long ticks(long pid) throws java.io.IOException {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
		}

		/** Cores busy over the interval and CPU ms per transfer: all processes, the nodes, PostgreSQL. */
		String since(CpuTicks start, int transfers) {
			int cores = Runtime.getRuntime().availableProcessors();
			double seconds = (this.wallNanos - start.wallNanos) / 1e9;
			double busyCores = (double) (this.busy - start.busy) / (this.total - start.total) * cores;
			double tick = 10.0; // ms per clock tick (USER_HZ 100)
			return String.format("CPU busy %.2f of %d cores; CPU per transfer %.1f ms (node JVMs %.1f, PostgreSQL %.1f)",
					busyCores, cores, busyCores * seconds * 1000 / transfers, (this.nodes - start.nodes) * tick / transfers,
					(this.postgres - start.postgres) * tick / transfers);
		}

	}

	private static long latestExecution(JdbcTemplate owner) {
		return owner.queryForObject("""
				SELECT max(e.job_execution_id) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
				WHERE i.job_name = 'nightly-payouts'""", Long.class);
	}

	/** Waits for the execution's end; returns its duration as the job repository recorded it. */
	private static Duration awaitCompleted(JdbcTemplate owner, long execution, ClusterNodes nodes) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			Map<String, Object> row = owner.queryForMap("""
					SELECT status, extract(epoch FROM end_time - start_time) AS seconds
					FROM batch_job_execution WHERE job_execution_id = ?""", execution);
			String status = (String) row.get("status");
			if (!List.of("STARTING", "STARTED", "STOPPING").contains(status)) {
				assertThat(status).as(nodes.tails()).isEqualTo("COMPLETED");
				return Duration.ofNanos((long) (((Number) row.get("seconds")).doubleValue() * 1e9));
			}
			Thread.sleep(100);
		}
		return fail("the execution did not end within 10 minutes\n" + nodes.tails());
	}

	private static String partitionsPerNode(ClusterNodes nodes, long execution) throws Exception {
		List<Integer> counts = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			int mine = 0;
			Matcher matcher = RUNS_ON.matcher(Files.readString(nodes.log(i), StandardCharsets.UTF_8));
			while (matcher.find()) {
				if (Long.parseLong(matcher.group(1)) == execution
						&& Long.parseLong(matcher.group(2)) == nodes.process(i).pid()) {
					mine++;
				}
			}
			counts.add(mine);
		}
		return counts.toString();
	}

}
