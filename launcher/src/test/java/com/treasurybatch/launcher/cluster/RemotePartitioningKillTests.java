package com.treasurybatch.launcher.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.shared.accounts.ConnectedAccount;
import com.treasurybatch.shared.accounts.ConnectedAccounts;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Remote partitioning across three server JVMs on one database, as a cluster runs it: {@code nightly-payouts} over
 * {@value #PAYEES} payees in {@value #PARTITIONS} partitions, fired through the Quartz cluster by a schedule trigger;
 * mid-run, the worker node running most partitions is killed with SIGKILL. Its partitions go back to the
 * PostgreSQL queue with its sessions and are run again by the other two; the execution completes; Stripe (the
 * simulator, in this JVM) made exactly one transfer per payee, and the schedule fired once across the cluster.
 *
 * <p>The node that runs the waiting (manager) step is left alive: a manager's death is the existing recovery's case
 * (its execution is marked FAILED and restarted), not a worker's.
 */
class RemotePartitioningKillTests {

	static final int PAYEES = 2_000;

	static final int PARTITIONS = 24;

	static final String READY = "ReadinessState changed to ACCEPTING_TRAFFIC";

	static final Pattern RUNS_ON = Pattern
		.compile("\\(step execution (\\d+)\\) of job execution (\\d+) (?:runs on|taken over by) \\S+ pid (\\d+)");

	@TempDir
	Path homes;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void a_worker_killed_mid_run_has_its_partitions_run_by_the_others_and_every_payee_is_paid_once() throws Exception {
		String url = TestPostgres.newDatabase("remote_partitions");
		JdbcTemplate owner = new JdbcTemplate(new DriverManagerDataSource(url, TestPostgres.OWNER, TestPostgres.OWNER));
		LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
		List<Process> nodes = new ArrayList<>();
		List<Path> logs = new ArrayList<>();
		List<Integer> ports = new ArrayList<>();
		try (StripeSimulator stripe = StripeSimulator.start()) {
			stripe.seedBalance("usd", 1_000_000_000L, 0);
			for (int i = 0; i < 3; i++) {
				Path home = Files.createDirectories(this.homes.resolve("node" + i));
				logs.add(this.homes.resolve("node" + i + ".log"));
				ports.add(freePort());
				nodes.add(start(url, home, "node" + i, ports.get(i), stripe, logs.get(i)));
			}
			awaitReady(nodes, logs);
			Map<String, Long> owed = seed(url, stripe, yesterday);
			stripe.faults().latency(Duration.ofMillis(20));

			HttpResponse<String> trigger = this.http.send(HttpRequest.newBuilder(
					URI.create("http://localhost:" + ports.get(0) + "/api/schedules/nightly-payouts/trigger"))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString("ops:ops-password".getBytes(StandardCharsets.UTF_8)))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(trigger.statusCode()).as(trigger.body()).isBetween(200, 299);

			long execution = awaitExecution(owner);
			long managerPid = owner.queryForObject(
					"SELECT pid FROM batch_execution_owners WHERE job_execution_id = ?", Long.class, execution);
			int victim = awaitVictim(owner, execution, nodes, logs, managerPid);
			Set<Long> victimPartitions = runningOn(owner, execution, logs.get(victim), nodes.get(victim).pid());
			nodes.get(victim).destroyForcibly(); // SIGKILL: no shutdown hook, its transactions die with its sessions
			assertThat(nodes.get(victim).waitFor(10, TimeUnit.SECONDS)).isTrue();

			String status = awaitEnd(owner, execution, nodes, logs);

			assertThat(status).as("the execution completes on the other nodes").isEqualTo("COMPLETED");
			assertThat(owner.queryForObject("""
					SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
					WHERE i.job_name = 'nightly-payouts'""", Long.class)).as("one execution").isOne();
			for (Map.Entry<String, Long> payee : owed.entrySet()) {
				assertThat(stripe.transfersTo(payee.getKey())).as("transfers to " + payee.getKey()).isOne();
			}
			assertThat(stripe.transferCount()).isEqualTo(PAYEES);
			assertThat(owner.queryForObject("""
					SELECT sum(amount) FROM payouts WHERE business_date = ? AND status = 'TRANSFERRED'""", Long.class,
					yesterday)).isEqualTo(owed.values().stream().mapToLong(Long::longValue).sum());
			assertThat(owner.queryForObject("SELECT count(*) FROM journals WHERE kind = 'payout'", Long.class))
				.isEqualTo(PAYEES);
			Set<Long> rerun = new HashSet<>();
			for (int i = 0; i < 3; i++) {
				if (i != victim) {
					rerun.addAll(takenOver(logs.get(i), nodes.get(victim).pid()));
				}
			}
			assertThat(rerun).as("the killed worker's unfinished partitions were taken over by the others")
				.containsAll(victimPartitions);
			assertThat(owner.queryForObject("""
					SELECT count(*) FROM batch_step_execution
					WHERE job_execution_id = ? AND step_name LIKE 'payPayeesStep:%' AND status = 'COMPLETED'""",
					Long.class, execution)).isEqualTo(PARTITIONS);
			assertThat(owner.queryForObject("SELECT count(*) FROM int_channel_message", Long.class))
				.as("no request left in the queue").isZero();
			assertThat(owner.queryForObject("""
					SELECT count(*) FROM audit_log WHERE action = 'job.start' AND actor = 'scheduler'
					AND target = 'nightly-payouts'""", Long.class)).as("the trigger fired once in the cluster").isOne();
			assertThat(owner.queryForList("""
					SELECT target, date_trunc('minute', occurred_at) FROM audit_log
					WHERE action = 'job.start' AND actor = 'scheduler'
					GROUP BY 1, 2 HAVING count(*) > 1""")).as("no schedule fired twice for one instant").isEmpty();
			assertThat(new Ledger(owner, new DataSourceTransactionManager(owner.getDataSource())).trialBalance())
				.allMatch(TrialBalanceLine::balanced);
		}
		finally {
			for (Process node : nodes) {
				node.destroy();
			}
			for (Process node : nodes) {
				if (!node.waitFor(30, TimeUnit.SECONDS)) {
					node.destroyForcibly();
				}
			}
		}
	}

	/** Connected accounts and one sale each, 60 days before the date; returns what each payee is owed, in cents. */
	private static Map<String, Long> seed(String url, StripeSimulator stripe, LocalDate date) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, TestPostgres.OWNER, TestPostgres.OWNER);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
		Ledger ledger = new Ledger(jdbc, transactions);
		ConnectedAccounts accounts = new ConnectedAccounts(jdbc);
		Instant accountEvent = date.minusDays(120).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant saleAt = date.minusDays(60).atStartOfDay().toInstant(ZoneOffset.UTC);
		Map<String, Long> owed = new HashMap<>();
		new TransactionTemplate(transactions).executeWithoutResult((status) -> {
			for (int i = 0; i < PAYEES; i++) {
				String payee = "acct_Kill" + i;
				long cents = 1_000 + (i * 37L) % 9_000; // 10.00 to 99.99 dollars
				owed.put(payee, cents);
				stripe.seedAccount(SimulatedAccount.active(payee, accountEvent));
				accounts.saveIfNewer(new ConnectedAccount(payee, true, true, true, List.of(), null, "evt_" + payee,
						accountEvent, accountEvent));
				ledger.post(JournalEntry.of("sale", "cs_kill_" + payee, "sale", saleAt,
						List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, "usd"),
								JournalLine.credit(LedgerAccounts.payable(payee), cents, "usd"))));
			}
		});
		return owed;
	}

	private static long awaitExecution(JdbcTemplate owner) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			List<Long> found = owner.queryForList("""
					SELECT e.job_execution_id FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
					JOIN batch_execution_owners o ON o.job_execution_id = e.job_execution_id
					WHERE i.job_name = 'nightly-payouts'""", Long.class);
			if (!found.isEmpty()) {
				return found.get(0);
			}
			Thread.sleep(100);
		}
		return fail("nightly-payouts did not start within 60 s of the trigger");
	}

	/**
	 * Waits until a worker other than the manager runs partitions that have committed progress, then returns the
	 * index of the worker running most of them.
	 */
	private static int awaitVictim(JdbcTemplate owner, long execution, List<Process> nodes, List<Path> logs,
			long managerPid) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			int best = -1;
			int most = 0;
			for (int i = 0; i < nodes.size(); i++) {
				if (nodes.get(i).pid() == managerPid) {
					continue;
				}
				int running = runningOn(owner, execution, logs.get(i), nodes.get(i).pid()).size();
				if (running > most) {
					most = running;
					best = i;
				}
			}
			Long written = owner.queryForObject("""
					SELECT coalesce(sum(write_count), 0) FROM batch_step_execution
					WHERE job_execution_id = ? AND step_name LIKE 'payPayeesStep:%'""", Long.class, execution);
			if (best >= 0 && most >= 2 && written >= 100 && written < PAYEES / 2) {
				return best;
			}
			Thread.sleep(100);
		}
		return fail("no worker ran two partitions before the run got half-way");
	}

	/** The partitions of the execution this node's log says it runs and that are still STARTED. */
	private static Set<Long> runningOn(JdbcTemplate owner, long execution, Path log, long pid) throws IOException {
		Set<Long> mine = new HashSet<>();
		Matcher matcher = RUNS_ON.matcher(Files.readString(log, StandardCharsets.UTF_8));
		while (matcher.find()) {
			if (Long.parseLong(matcher.group(2)) == execution && Long.parseLong(matcher.group(3)) == pid) {
				mine.add(Long.parseLong(matcher.group(1)));
			}
		}
		Set<Long> running = new HashSet<>(owner.queryForList("""
				SELECT step_execution_id FROM batch_step_execution
				WHERE job_execution_id = ? AND status = 'STARTED'""", Long.class, execution));
		mine.retainAll(running);
		return mine;
	}

	/** The partitions this node's log says it took over from the given process. */
	private static Set<Long> takenOver(Path log, long fromPid) throws IOException {
		Set<Long> found = new HashSet<>();
		Matcher matcher = Pattern.compile("\\(step execution (\\d+)\\) of job execution \\d+ taken over by .* from \\S+ pid "
				+ fromPid + "\\b").matcher(Files.readString(log, StandardCharsets.UTF_8));
		while (matcher.find()) {
			found.add(Long.parseLong(matcher.group(1)));
		}
		return found;
	}

	private static String awaitEnd(JdbcTemplate owner, long execution, List<Process> nodes, List<Path> logs)
			throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (System.nanoTime() < deadline) {
			String status = owner.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
					String.class, execution);
			if (!List.of("STARTING", "STARTED", "STOPPING").contains(status)) {
				return status;
			}
			Thread.sleep(200);
		}
		StringBuilder tails = new StringBuilder();
		for (int i = 0; i < nodes.size(); i++) {
			tails.append("node").append(i).append(":\n").append(ConcurrentStartTests.tail(logs.get(i))).append('\n');
		}
		return fail("the execution did not end within 4 minutes of the kill\n" + tails);
	}

	private static void awaitReady(List<Process> nodes, List<Path> logs) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		for (int i = 0; i < nodes.size(); i++) {
			while (!Files.readString(logs.get(i), StandardCharsets.UTF_8).contains(READY)) {
				if (!nodes.get(i).isAlive()) {
					fail("node" + i + " did not start:\n" + ConcurrentStartTests.tail(logs.get(i)));
				}
				if (System.nanoTime() > deadline) {
					fail("node" + i + " not ready after 3 minutes:\n" + ConcurrentStartTests.tail(logs.get(i)));
				}
				Thread.sleep(200);
			}
		}
	}

	private static Process start(String url, Path home, String instance, int port, StripeSimulator stripe, Path log)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				TreasuryBatchApplication.class.getName(), "serve"));
		TestPostgres.properties(url).forEach((key, value) -> command.add("--" + key + "=" + value));
		command.addAll(List.of("--treasury.home=" + home, "--server.port=" + port,
				"--spring.quartz.scheduler-name=remote-partitions",
				"--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instance,
				"--treasury.security.users-file=target/test-classes/test-users.properties",
				"--treasury.reports.link-secret=" + SharedStateTests.LINK_KEY,
				"--treasury.mail.unsubscribe-secret=" + SharedStateTests.UNSUBSCRIBE_KEY,
				"--treasury.webhooks.passport.secret=" + SharedStateTests.PASSPORT_SECRET,
				"--treasury.stripe.api-key=" + StripeSimulator.API_KEY, "--treasury.stripe.api-base=" + stripe.apiBase(),
				"--treasury.stripe.operations-per-second=2000", "--treasury.partitioning.mode=remote",
				"--treasury.partitioning.worker-threads=4", "--treasury.partitioning.poll-interval=200ms",
				"--treasury.payouts.partitions=" + PARTITIONS, "--treasury.payouts.chunk-size=10",
				"--management.health.mail.enabled=false",
				"--logging.level.org.springframework.boot.availability=debug"));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
