package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as {@code main} runs it: its own non-web Spring context (started only for verbs
 * that need it), on a database of its own, with the test jobs added as a source
 * (component scans skip test configurations).
 */
class TreasuryCliTests {

	/** A database nobody listens on: a verb that started Spring would fail on it. */
	private static final Map<String, Object> NO_DATABASE = Map.of("spring.datasource.url",
			"jdbc:postgresql://127.0.0.1:1/nothing", "spring.datasource.hikari.connection-timeout", "250");

	@Test
	void helpAndUsageErrorsNeedNoSpringContext() {
		Run help = run(NO_DATABASE, "--help");
		Run jobsHelp = run(NO_DATABASE, "jobs", "--help");
		Run missing = run(NO_DATABASE, "jobs");
		Run unknown = run(NO_DATABASE, "nonsense");

		assertThat(help.exitCode()).as(help.toString()).isEqualTo(ExitCodes.OK);
		assertThat(help.out()).contains("jobs")
			.contains("executions")
			.contains("execution")
			.contains("audit")
			.contains("Exit codes");
		assertThat(jobsHelp.exitCode()).isEqualTo(ExitCodes.OK);
		assertThat(jobsHelp.out()).contains("start").contains("restart").contains("abandon");
		assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void aJobRunsInTheCliProcessOnANonWebContextWithoutTheScheduler() throws Exception {
		String url = TestPostgres.newDatabase("cli");
		Map<String, Object> database = new HashMap<>(TestPostgres.properties(url));
		database.putAll(Map.of("spring.quartz.scheduler-name", "treasury-batch-cli-tests", "treasury.actor", "bob",
				"spring.main.sources", TestJobs.class.getName()));

		Run start = run(database, "jobs", "start", TestJobs.CHUNKS, "date=2026-12-24");
		Run again = run(database, "jobs", "start", TestJobs.CHUNKS, "date=2026-12-24");
		Run audit = run(database, "audit");

		assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
		assertThat(start.out()).contains("COMPLETED");
		assertThat(start.out()).doesNotContain(" INFO ");
		assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(again.err()).contains("already COMPLETED in execution");
		assertThat(audit.out()).contains("bob").contains("cli").contains("job.start");
		try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
				Statement statement = connection.createStatement()) {
			assertThat(count(statement, "SELECT count(*) FROM batch_nodes")).as("CLI nodes leave on exit").isZero();
			assertThat(count(statement, "SELECT count(*) FROM batch_execution_owners")).isEqualTo(1);
			assertThat(count(statement, "SELECT count(*) FROM qrtz_scheduler_state")).as("Quartz never started")
				.isZero();
		}
	}

	private static long count(Statement statement, String sql) throws Exception {
		try (ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static Run run(Map<String, Object> properties, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = TreasuryCli.run(args, properties, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Run(exitCode, out.toString(), err.toString());
	}

	record Run(int exitCode, String out, String err) {

	}

}
