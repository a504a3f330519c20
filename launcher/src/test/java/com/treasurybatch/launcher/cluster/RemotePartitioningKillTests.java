package com.treasurybatch.launcher.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.simulator.StripeSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Remote partitioning across three server JVMs on one database, as a cluster runs it: {@code nightly-payouts} over
 * {@value #PAYEES} payees in {@value #PARTITIONS} partitions, fired through the Quartz cluster by a schedule trigger;
 * mid-run, the worker node running most partitions is killed with SIGKILL: its partitions go back to the
 * PostgreSQL queue with its sessions and are run again by the other two. Then the other worker is stopped cleanly
 * (SIGTERM) while it runs partitions: it hands them back and the last node runs them. The execution completes;
 * Stripe (the simulator, in this JVM) made exactly one transfer per payee, and the schedule fired once across the
 * cluster.
 *
 * <p>The node that runs the waiting (manager) step is left alive: a manager's death is the existing recovery's case
 * (its execution is marked FAILED and restarted), not a worker's.
 */
class RemotePartitioningKillTests {

	static final int PAYEES = 2_000;

	static final int PARTITIONS = 24;

	static final Pattern RUNS_ON = Pattern
		.compile("\\(step execution (\\d+)\\) of job execution (\\d+) (?:runs on|taken over by) \\S+ pid (\\d+)");

	@TempDir
	Path homes;

	@Test
	void a_worker_killed_mid_run_has_its_partitions_run_by_the_others_and_every_payee_is_paid_once() throws Exception {
		String url = TestPostgres.newDatabase("remote_partitions");
		LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
		try (StripeSimulator stripe = StripeSimulator.start();
				ClusterNodes nodes = new ClusterNodes(url, this.homes, "remote-partitions", List.of(
						"--treasury.stripe.api-key=" + StripeSimulator.API_KEY,
						"--treasury.stripe.api-base=" + stripe.apiBase(),
						"--treasury.stripe.operations-per-second=2000", "--treasury.partitioning.mode=remote",
						"--treasury.partitioning.worker-threads=4", "--treasury.partitioning.poll-interval=200ms",
						"--treasury.payouts.partitions=" + PARTITIONS, "--treasury.payouts.chunk-size=10"))) {
			JdbcTemplate owner = nodes.owner();
			stripe.seedBalance("usd", 1_000_000_000L, 0);
			for (int i = 0; i < 3; i++) {
				nodes.start();
			}
			nodes.awaitReady();
			Map<String, Long> owed = nodes.seedPayees(stripe, yesterday, "Kill", PAYEES);
			stripe.faults().latency(Duration.ofMillis(20));

			HttpResponse<String> trigger = nodes.post(0, "/api/schedules/nightly-payouts/trigger", null);
			assertThat(trigger.statusCode()).as(trigger.body()).isBetween(200, 299);

			long execution = awaitExecution(owner);
			long managerPid = owner.queryForObject(
					"SELECT pid FROM batch_execution_owners WHERE job_execution_id = ?", Long.class, execution);
			int victim = awaitVictim(owner, execution, nodes, managerPid);
			Process killed = nodes.process(victim);
			Set<Long> victimPartitions = runningOn(owner, execution, nodes.log(victim), killed.pid());
			long paidBefore = stripe.transferCount();
			long killedAt = System.nanoTime();
			killed.destroyForcibly(); // SIGKILL: no shutdown hook, its transactions die with its sessions
			assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
			// a partition the victim finished between the look above and the kill is not unfinished: keep those
			// still STARTED now that it is dead (a take-over needs a poll and a rerun, far longer than this query)
			victimPartitions.retainAll(startedPartitions(owner, execution));
			assertThat(victimPartitions).as("the victim died with partitions unfinished").isNotEmpty();

			// then the other worker is stopped cleanly (SIGTERM) mid-partition: it hands its partitions back
			int stopped = awaitSecondVictim(owner, execution, nodes, managerPid, victim);
			Process leaving = nodes.process(stopped);
			Set<Long> leavingPartitions = runningOn(owner, execution, nodes.log(stopped), leaving.pid());
			leaving.destroy();
			assertThat(leaving.waitFor(60, TimeUnit.SECONDS)).as("a clean stop within the hand-back wait").isTrue();

			String status = awaitEnd(owner, execution, nodes);
			double afterKill = (System.nanoTime() - killedAt) / 1e9;
			int manager = 3 - victim - stopped; // the third node of 0, 1 and 2
			Set<Long> handedBack = takenOver(nodes.log(manager), leaving.pid());
			System.out.printf("remote partitions: node%d (pid %d) stopped cleanly while running partitions %s;"
					+ " taken over by the manager node: %s%n", stopped, leaving.pid(), leavingPartitions, handedBack);

			Set<Long> rerun = new HashSet<>();
			for (int i = 0; i < nodes.size(); i++) {
				if (i != victim) {
					rerun.addAll(takenOver(nodes.log(i), killed.pid()));
				}
			}
			System.out.printf("remote partitions: node%d (pid %d) killed while running partitions %s, %d of %d payees"
					+ " paid; the execution ended %s %.1f s later; partitions taken over by the others: %s%n", victim,
					killed.pid(), victimPartitions, paidBefore, PAYEES, status, afterKill, rerun);

			assertThat(status).as("the execution completes on the other nodes\n%s", nodes.tails()).isEqualTo("COMPLETED");
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
			assertThat(rerun).as("the killed worker's unfinished partitions were taken over by the others")
				.containsAll(victimPartitions);
			assertThat(handedBack).as("the stopped worker's unfinished partitions were handed back and run again")
				.containsAll(leavingPartitions);
			assertThat(Files.readString(nodes.log(stopped), StandardCharsets.UTF_8))
				.contains("handed back to the queue: this node stopped while running it");
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
	 * Waits until a worker other than the manager runs at least two partitions and some payees are paid, then
	 * returns the index of the worker running most partitions.
	 */
	private static int awaitVictim(JdbcTemplate owner, long execution, ClusterNodes nodes, long managerPid)
			throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			int best = -1;
			int most = 0;
			for (int i = 0; i < nodes.size(); i++) {
				if (nodes.process(i).pid() == managerPid) {
					continue;
				}
				int running = runningOn(owner, execution, nodes.log(i), nodes.process(i).pid()).size();
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

	/**
	 * Waits until the one worker left besides the manager runs a partition with payees still to pay; returns its
	 * index.
	 */
	private static int awaitSecondVictim(JdbcTemplate owner, long execution, ClusterNodes nodes, long managerPid,
			int killed) throws Exception {
		int other = -1;
		for (int i = 0; i < nodes.size(); i++) {
			if (i != killed && nodes.process(i).pid() != managerPid) {
				other = i;
			}
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			Long written = owner.queryForObject("""
					SELECT coalesce(sum(write_count), 0) FROM batch_step_execution
					WHERE job_execution_id = ? AND step_name LIKE 'payPayeesStep:%'""", Long.class, execution);
			if (!runningOn(owner, execution, nodes.log(other), nodes.process(other).pid()).isEmpty()
					&& written < PAYEES * 8 / 10) {
				return other;
			}
			Thread.sleep(100);
		}
		return fail("the last worker ran no partition before the run was four fifths done");
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
		mine.retainAll(startedPartitions(owner, execution));
		return mine;
	}

	private static List<Long> startedPartitions(JdbcTemplate owner, long execution) {
		return owner.queryForList("""
				SELECT step_execution_id FROM batch_step_execution
				WHERE job_execution_id = ? AND status = 'STARTED'""", Long.class, execution);
	}

	/** The partitions this node's log says it took over from the given process. */
	private static Set<Long> takenOver(Path log, long fromPid) throws IOException {
		Set<Long> found = new HashSet<>();
		Matcher matcher = Pattern
			.compile("\\(step execution (\\d+)\\) of job execution \\d+ taken over by .* from \\S+ pid " + fromPid
					+ "\\b")
			.matcher(Files.readString(log, StandardCharsets.UTF_8));
		while (matcher.find()) {
			found.add(Long.parseLong(matcher.group(1)));
		}
		return found;
	}

	private static String awaitEnd(JdbcTemplate owner, long execution, ClusterNodes nodes) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (System.nanoTime() < deadline) {
			String status = owner.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
					String.class, execution);
			if (!List.of("STARTING", "STARTED", "STOPPING").contains(status)) {
				return status;
			}
			Thread.sleep(200);
		}
		return fail("the execution did not end within 4 minutes of the kill\n" + nodes.tails());
	}

}
