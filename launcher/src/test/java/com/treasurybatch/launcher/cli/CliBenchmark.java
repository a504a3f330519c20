package com.treasurybatch.launcher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the CLI's read verbs answer with the server running: each verb as an operator runs it, a new JVM per
 * call ({@code java ... TreasuryBatchApplication <verb>}, on the test class path, or the packaged jar with
 * {@code -Dbench.jar=launcher/target/treasury-batch.jar}), median of {@link #RUNS} after one warm-up, beside the
 * same query over a plain JDBC connection opened and closed per call (what {@code psql -c} does, without its
 * process start), median of {@link #RUNS} after one warm-up. Also the own-process path (no server recorded in
 * TREASURY_HOME: the CLI starts its own Spring context) for {@code ledger trial-balance}, median of
 * {@code bench.local-runs} (default 3). Target: every read verb under 1 s median through the server. Run with
 * {@code ./mvnw -Pbench -pl launcher -am verify -Dtest=CliBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@SpringBootTest(classes = TreasuryBatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=cli-benchmark",
				"treasury.home=target/cli-benchmark-home", "logging.level.root=warn" })
@PostgresTest
class CliBenchmark {

	static final int RUNS = 5;

	private static final Path HOME = Path.of("target/cli-benchmark-home").toAbsolutePath().normalize();

	private static final Pattern STARTED = Pattern.compile("started execution (\\d+) of job");

	@Autowired
	Environment environment;

	@Test
	void readVerbsThroughTheServerBesideTheSameQueryOverPlainJdbc() throws Exception {
		String url = this.environment.getProperty("spring.datasource.url");
		long executionId = seedOneExecution(url);
		List<Verb> verbs = List.of(
				new Verb("executions", List.of("executions"), """
						SELECT e.job_execution_id, i.job_name, e.status, e.exit_code, e.start_time, e.end_time
						FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
						ORDER BY e.job_execution_id DESC LIMIT 20"""),
				new Verb("execution <id>", List.of("execution", Long.toString(executionId)),
						"SELECT * FROM batch_job_execution e JOIN batch_step_execution s ON s.job_execution_id = "
								+ "e.job_execution_id WHERE e.job_execution_id = " + executionId),
				new Verb("ledger trial-balance", List.of("ledger", "trial-balance"),
						"SELECT currency, side, sum(amount) FROM postings GROUP BY currency, side"),
				new Verb("audit", List.of("audit"), "SELECT * FROM audit_log ORDER BY id DESC LIMIT 50"),
				new Verb("alerts list", List.of("alerts", "list"), "SELECT * FROM alerts ORDER BY id DESC LIMIT 50"),
				new Verb("inbox stats", List.of("inbox", "stats"),
						"SELECT status, type, count(*), min(received_at) FROM webhook_inbox GROUP BY status, type"),
				new Verb("schedules list", List.of("schedules", "list"),
						"SELECT * FROM qrtz_triggers ORDER BY trigger_name"),
				new Verb("reports list", List.of("reports", "list"), "SELECT * FROM reports ORDER BY id DESC LIMIT 50"),
				new Verb("jobs list", List.of("jobs", "list"), """
						SELECT i.job_name, max(e.job_execution_id) FROM batch_job_instance i
						JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id GROUP BY i.job_name"""));
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT, "%-22s %12s %12s %8s  %s", "VERB", "CLI (ms)", "JDBC (ms)", "RATIO",
				"exit"));
		for (Verb verb : verbs) {
			Timed cli = cli(HOME, url, verb.args(), RUNS);
			Timed jdbc = jdbc(url, verb.sql());
			lines.add(String.format(Locale.ROOT, "%-22s %12.0f %12.1f %8.0f  %d", verb.name(), cli.medianMillis(),
					jdbc.medianMillis(), cli.medianMillis() / jdbc.medianMillis(), cli.exitCode()));
			assertThat(cli.exitCode()).as(verb.name()).isIn(ExitCodes.OK, ExitCodes.FAILED);
		}
		Path empty = Files.createTempDirectory("cli-benchmark-own-process");
		int localRuns = Integer.getInteger("bench.local-runs", 3);
		Timed own = cli(empty, url, List.of("ledger", "trial-balance"), localRuns);
		lines.add(String.format(Locale.ROOT, "%-22s %12.0f  (own process, no server recorded; median of %d, no warm-up)",
				"ledger trial-balance", own.medianMillis(), localRuns));
		System.out.println("CLI read verbs, median of " + RUNS + " after one warm-up, a new JVM per call"
				+ (System.getProperty("bench.jar") != null ? " (java -jar " + System.getProperty("bench.jar") + ")"
						: " (test class path)")
				+ "; JDBC: connection opened and closed per call");
		lines.forEach(System.out::println);
		System.out.println("load: " + uptime());
	}

	private long seedOneExecution(String url) {
		StringWriter out = new StringWriter();
		OptionalInt code = RemoteCli.run(new String[] { "jobs", "start", "inbox-processing" }, HOME, url, "bench",
				new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
		assertThat(code).as("the server answers CLI runs").isPresent();
		Matcher matcher = STARTED.matcher(out.toString());
		assertThat(matcher.find()).as(out.toString()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private Timed cli(Path home, String url, List<String> args, int runs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Dtreasury.home=" + home, "-Dspring.datasource.url=" + url,
				"-Dspring.datasource.username=" + this.environment.getProperty("spring.datasource.username", ""),
				"-Dspring.datasource.password=" + this.environment.getProperty("spring.datasource.password", "")));
		String jar = System.getProperty("bench.jar");
		if (jar != null) {
			command.addAll(List.of("-jar", Path.of(jar).toAbsolutePath().toString()));
		}
		else {
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), TreasuryBatchApplication.class.getName()));
		}
		command.addAll(args);
		double[] millis = new double[runs];
		int exit = -1;
		for (int run = (runs == RUNS) ? -1 : 0; run < runs; run++) {
			long start = System.nanoTime();
			Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
			exit = process.exitValue();
			if (run >= 0) {
				millis[run] = (System.nanoTime() - start) / 1e6;
			}
		}
		return new Timed(median(millis), exit);
	}

	private Timed jdbc(String url, String sql) throws SQLException {
		String user = this.environment.getProperty("spring.datasource.username", "");
		String password = this.environment.getProperty("spring.datasource.password", "");
		double[] millis = new double[RUNS];
		for (int run = -1; run < RUNS; run++) {
			long start = System.nanoTime();
			try (Connection connection = DriverManager.getConnection(url, user, password);
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery(sql)) {
				while (rows.next()) {
					rows.getObject(1);
				}
			}
			if (run >= 0) {
				millis[run] = (System.nanoTime() - start) / 1e6;
			}
		}
		return new Timed(median(millis), 0);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static String uptime() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	record Verb(String name, List<String> args, String sql) {

	}

	record Timed(double medianMillis, int exitCode) {

	}

}
