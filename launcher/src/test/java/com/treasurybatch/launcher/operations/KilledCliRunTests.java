package com.treasurybatch.launcher.operations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import com.treasurybatch.launcher.testing.TestCliMain;
import com.treasurybatch.launcher.testing.Gate;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CLI process killed with {@code kill -9} mid-run, as an operator would meet it: a real child JVM runs
 * {@code jobs start test-gate} (it runs until its in-memory gate opens, which never happens in the child), is
 * killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) while its heartbeat is still fresh, and this
 * process, another node on the same host, restarts the run at once.
 */
@OperationsTest
class KilledCliRunTests {

	private static final Actor ALICE = new Actor("alice", AuditChannel.CLI);

	private static final Pattern STARTED = Pattern.compile("started execution (\\d+) of job");

	@Autowired
	JobOperations operations;

	@Autowired
	ExecutionHistory history;

	@Autowired
	AuditLog auditLog;

	@Autowired
	Gate gate;

	@Autowired
	Environment environment;

	@TempDir
	Path home;

	private Process child;

	@AfterEach
	void noChildLeft() {
		if (this.child != null) {
			this.child.destroyForcibly();
		}
	}

	@Test
	void aRunWhoseProcessWasKilledIsRecoveredAtOnceAndRestartsWithoutWaitingForItsHeartbeatToAge()
			throws Exception {
		this.gate.close();
		long id = startInChildJvm(TestJobs.GATE, "attempt=killed-" + System.nanoTime());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "STARTED".equals(this.history.execution(id).orElseThrow().summary().status()));

		this.child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean leave, the heartbeat row stays fresh
		assertThat(this.child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		long killedAt = System.nanoTime();
		ExecutionOwner owner = this.history.execution(id).orElseThrow().owner();
		// the heartbeat (every 1 s in the child) is younger than the 5 s dead-after of these tests: only the pid
		// tells that the node is gone
		assertThat(owner.processGone()).isTrue();
		assertThat(owner.alive()).isFalse();
		assertThat(owner.describe()).contains("pid " + this.child.pid() + " (process gone, last heartbeat");

		this.gate.open();
		ExecutionSummary restarted = this.operations.restart(id, ALICE);
		assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.history.execution(restarted.id()).orElseThrow().summary().running());

		assertThat(this.history.execution(restarted.id()).orElseThrow().summary().status()).isEqualTo("COMPLETED");
		ExecutionDetail killed = this.history.execution(id).orElseThrow();
		assertThat(killed.summary().status()).isEqualTo("FAILED");
		assertThat(killed.exitMessage()).contains("pid " + this.child.pid() + " no longer exists");
		List<AuditEntry> recoveries = this.auditLog.page(new AuditQuery(null, "job.recover", String.valueOf(id), 5));
		assertThat(recoveries).extracting(AuditEntry::actor).containsExactly(Actor.SYSTEM.name());
	}

	@Test
	void stoppingARunWhoseProcessWasKilledRecoversItInsteadOfLeavingItStoppingForGood() throws Exception {
		this.gate.close();
		long id = startInChildJvm(TestJobs.GATE, "attempt=stopped-" + System.nanoTime());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "STARTED".equals(this.history.execution(id).orElseThrow().summary().status()));
		this.child.destroyForcibly();
		assertThat(this.child.waitFor(30, TimeUnit.SECONDS)).isTrue();

		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(OperationRefusedException.class)
			.isThrownBy(() -> this.operations.stop(id, ALICE))
			.withMessageContaining("(process gone, last heartbeat")
			.withMessageContaining("recovered now as FAILED: restart it with 'jobs restart " + id + "'");
		assertThat(this.history.execution(id).orElseThrow().summary().status()).isEqualTo("FAILED");
	}

	/**
	 * Runs {@code jobs start} in a child JVM on this test's class path and database (the CLI path of the jar:
	 * {@link TestCliMain}: the CLI with the test jobs), and returns the execution id it prints.
	 */
	private long startInChildJvm(String job, String parameter) throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path")));
		// the same logins as this node and as production: the pool as the application role, Flyway as the owner
		TestPostgres.properties(this.environment.getProperty("spring.datasource.url"))
			.forEach((key, value) -> command.add("-D" + key + "=" + value));
		command.addAll(List.of("-Dtreasury.home=" + this.home, "-Dtreasury.actor=killed-cli",
				"-Dtreasury.security.users-file=target/test-classes/test-users.properties",
				"-Dtreasury.operations.heartbeat-interval-seconds=1", "-Dspring.quartz.scheduler-name=killed-cli",
				TestCliMain.class.getName(), "jobs", "start", job, parameter));
		Files.createDirectories(this.home);
		shareKeysWithThisNode();
		this.child = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.start();
		CompletableFuture<Long> started = new CompletableFuture<>();
		StringBuilder seen = new StringBuilder();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.child.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					synchronized (seen) {
						seen.append(line).append('\n');
					}
					Matcher matcher = STARTED.matcher(line);
					if (matcher.find()) {
						started.complete(Long.parseLong(matcher.group(1)));
					}
				}
			}
			catch (IOException ex) {
				// the child was killed
			}
			started.completeExceptionally(new IllegalStateException("the child printed no execution id"));
		}, "killed-cli-output");
		reader.setDaemon(true);
		reader.start();
		try {
			return started.get(120, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			synchronized (seen) {
				throw new IllegalStateException("child CLI did not start the job; its output:\n" + seen, ex);
			}
		}
	}

	/**
	 * The child is a CLI on this node's host: it signs with the keys this node generated, as the database recorded
	 * them (a node with other keys refuses to start). Copies the generated key files, and nothing else (no server
	 * endpoint: the child must run the job in its own process), from this node's TREASURY_HOME into the child's.
	 */
	private void shareKeysWithThisNode() throws IOException {
		String ownHome = this.environment.getProperty("treasury.home");
		if (ownHome == null) {
			return;
		}
		Path own = Path.of(ownHome);
		String ownStorage = this.environment.getProperty("treasury.reports.storage");
		List<Path[]> keys = List.of(
				new Path[] { own.resolve("mail-unsubscribe-secret"), this.home.resolve("mail-unsubscribe-secret") },
				new Path[] { own.resolve("passport-webhook-secret"), this.home.resolve("passport-webhook-secret") },
				new Path[] { ((ownStorage != null) ? Path.of(ownStorage) : own.resolve("reports")).resolve(".link-secret"),
						this.home.resolve("reports").resolve(".link-secret") });
		for (Path[] key : keys) {
			if (Files.exists(key[0])) {
				Files.createDirectories(key[1].getParent());
				Files.copy(key[0], key[1], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

}
