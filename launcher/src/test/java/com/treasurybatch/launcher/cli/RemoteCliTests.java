package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.launcher.testing.WrittenItems;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's fast path against a real server on a random port: the server records its endpoint in TREASURY_HOME,
 * and a verb answered by it prints what the same verb prints in the CLI's own process, with the same exit code.
 */
@SpringBootTest(classes = { TreasuryBatchApplication.class, TestJobs.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=remote-cli-tests",
				"treasury.security.users-file=target/test-classes/test-users.properties", "treasury.actor=alice",
				"treasury.home=target/remote-cli-home" })
@PostgresTest
class RemoteCliTests {

	private static final Path HOME = Path.of("target/remote-cli-home").toAbsolutePath().normalize();

	@Autowired
	ApplicationContext context;

	@Autowired
	Environment environment;

	@Autowired
	AuditLog auditLog;

	@Autowired
	WrittenItems written;

	@Test
	void theServerRecordsItsEndpointAndAnOwnerOnlyToken() throws Exception {
		CliEndpoint endpoint = CliEndpoint.read(HOME).orElseThrow();
		assertThat(endpoint.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(endpoint.url().getHost()).isEqualTo("127.0.0.1");
		assertThat(endpoint.token()).hasSize(64);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(HOME.resolve(CliEndpoint.TOKEN_FILE))))
			.isEqualTo("rw-------");
	}

	@Test
	void readVerbsUsageErrorsAndRefusalsPrintTheSameWhicheverPathAnswers() {
		String[][] calls = { { "ledger", "trial-balance" }, { "executions", "--job", "no-such-job" },
				{ "executions", "--limit", "abc" }, { "jobs", "restart", "987654321" }, { "ledger", "--help" },
				{ "inbox", "replay", "evt_not_there" }, { "jobs", "list", "--help" } };
		for (String[] args : calls) {
			Run local = local(args);
			Run remote = remote(args);
			assertThat(remote.exitCode()).as(String.join(" ", args)).isEqualTo(local.exitCode());
			assertThat(remote.out()).as(String.join(" ", args)).isEqualTo(local.out());
			assertThat(remote.err()).as(String.join(" ", args)).isEqualTo(local.err());
		}
		assertThat(remote("executions", "--limit", "abc").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(remote("jobs", "restart", "987654321").exitCode()).isEqualTo(ExitCodes.REFUSED);
	}

	@Test
	void aJobStartedThroughTheServerStreamsItsProgressAndRecordsTheCallersActor() {
		Run run = remote("jobs", "start", TestJobs.CHUNKS, "date=2026-12-21");

		assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
		assertThat(run.out()).contains("step chunkStep").contains("read 20  written 20");
		assertThat(run.out()).containsPattern("execution \\d+ COMPLETED \\(exit code COMPLETED\\)");
		assertThat(this.written.items("2026-12-21")).hasSize(TestJobs.ITEMS);
		assertThat(this.auditLog.page(new AuditQuery(null, "job.start", TestJobs.CHUNKS, 1)))
			.extracting(AuditEntry::actor, AuditEntry::channel)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "cli"));
	}

	@Test
	void verbsWithoutTheDatabaseAWrongTokenOrAnotherDatabaseAreLeftToTheCallersProcess() throws Exception {
		assertThat(remoteCode("completion")).isEmpty();
		// a file named by the operator is the caller's: relative to its directory, owned by its user
		assertThat(remoteCode("reports", "download", "1", "--to", "report.csv")).isEmpty();
		assertThat(RemoteCli.run(new String[] { "ledger", "trial-balance" }, HOME, "jdbc:postgresql://elsewhere/x",
				"bob", writer(), writer()))
			.isEmpty();
		Path stranger = Files.createTempDirectory("remote-cli-stranger");
		CliEndpoint real = CliEndpoint.read(HOME).orElseThrow();
		new CliEndpoint(real.url(), real.pid(), real.version(), real.datasource(), "0".repeat(64)).write(stranger);
		assertThat(RemoteCli.run(new String[] { "ledger", "trial-balance" }, stranger, real.datasource(), "bob",
				writer(), writer()))
			.isEmpty();
	}

	private OptionalInt remoteCode(String... args) {
		return RemoteCli.run(args, HOME, datasource(), "bob", writer(), writer());
	}

	private Run remote(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		OptionalInt code = RemoteCli.run(args, HOME, datasource(), "bob", new PrintWriter(out, true),
				new PrintWriter(err, true));
		assertThat(code).as("the server answered " + String.join(" ", args)).isPresent();
		return new Run(code.getAsInt(), out.toString(), err.toString());
	}

	private Run local(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Run(code, out.toString(), err.toString());
	}

	private String datasource() {
		return this.environment.getProperty("spring.datasource.url");
	}

	private static PrintWriter writer() {
		return new PrintWriter(new StringWriter(), true);
	}

	record Run(int exitCode, String out, String err) {

	}

}
