package com.treasurybatch.launcher.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.TestPostgres;
import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console pages with {@value #EXECUTIONS} job executions (one step each, triggered by and through parameters)
 * and {@value #AUDIT_ROWS} audit rows, seeded with {@code generate_series}, over HTTP with a signed-in session:
 * each page {@value #RUNS} times after {@value #WARMUP} warm-up requests, p50 and p95, printed beside the page's
 * main query run as plain SQL over JDBC the same number of times. Target: every page's p95 under
 * {@value #P95_MAX_MILLIS} ms. Run with
 * {@code ./mvnw -Pbench -pl launcher -am verify -Dtest=ConsoleBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@SpringBootTest(classes = TreasuryBatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.auto-startup=false", "spring.quartz.scheduler-name=console-benchmark",
				"treasury.security.users-file=target/test-classes/test-users.properties",
				"logging.level.org.springframework.batch=warn" })
@PostgresTest
class ConsoleBenchmark {

	static final int EXECUTIONS = 1_000_000;

	static final int AUDIT_ROWS = 1_000_000;

	static final int WARMUP = 10;

	static final int RUNS = 50;

	static final long P95_MAX_MILLIS = 200;

	static final String[] JOBS = { "inbox-processing", "nightly-payouts", "stripe-reconciliation", "hold-release",
			"retention-emails", "analytics-rollups", "report-generation", "gdpr-purge" };

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	record Case(String name, String user, Supplier<String> path, String sql, Supplier<Object[]> sqlArgs) {
	}

	record Figures(double p50, double p95) {
	}

	@Test
	void every_console_page_answers_under_200_ms_at_p95_with_a_million_executions_and_audit_rows() throws Exception {
		long seedStart = System.nanoTime();
		seed();
		System.out.printf(Locale.ROOT, "seeded %,d executions and %,d audit rows in %.1f s%n", EXECUTIONS, AUDIT_ROWS,
				(System.nanoTime() - seedStart) / 1e9);
		LocalDate mid = LocalDate.now(ZoneOffset.UTC).minusDays(180);
		String summary = "SELECT e.job_execution_id, i.job_name, e.status, e.exit_message, e.start_time, e.end_time,"
				+ " (SELECT p.parameter_value FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id"
				+ " AND p.parameter_name = 'triggered.by' LIMIT 1),"
				+ " (SELECT p.parameter_value FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id"
				+ " AND p.parameter_name = 'triggered.channel' LIMIT 1)"
				+ " FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id WHERE true";
		String audit = "SELECT id, occurred_at, actor, channel, action, target, parameters::text, outcome, detail"
				+ " FROM audit_log WHERE true";
		Supplier<Object[]> none = () -> new Object[0];
		List<Case> cases = List.of(
				new Case("overview", "ops", () -> "/console",
						"WITH range_bounds AS MATERIALIZED (SELECT min(r.job_execution_id) AS low, max(r.job_execution_id)"
								+ " AS high FROM (SELECT job_execution_id FROM batch_job_execution"
								+ " WHERE create_time >= now()::timestamp - interval '24 hours' OFFSET 0) r) " + summary
								+ " AND e.status = 'FAILED' AND e.job_execution_id >= (SELECT low FROM range_bounds)"
								+ " AND e.job_execution_id <= (SELECT high FROM range_bounds)"
								+ " AND e.create_time >= now()::timestamp - interval '24 hours'"
								+ " ORDER BY e.job_execution_id DESC LIMIT 50", none),
				new Case("executions", "ops", () -> "/console/executions",
						summary + " ORDER BY e.job_execution_id DESC LIMIT 50", none),
				new Case("executions older page", "ops", () -> "/console/executions?before=" + randomId(),
						summary + " AND e.job_execution_id < ? ORDER BY e.job_execution_id DESC LIMIT 50",
						() -> new Object[] { randomId() }),
				new Case("executions status=FAILED", "ops", () -> "/console/executions?status=FAILED",
						summary + " AND e.status = 'FAILED' ORDER BY e.job_execution_id DESC LIMIT 50", none),
				new Case("executions job", "ops", () -> "/console/executions?job=nightly-payouts",
						summary + " AND i.job_name = 'nightly-payouts' ORDER BY e.job_execution_id DESC LIMIT 50", none),
				new Case("executions by+channel", "ops", () -> "/console/executions?by=bob&channel=api",
						summary + " AND EXISTS (SELECT 1 FROM batch_job_execution_params f WHERE f.job_execution_id ="
								+ " e.job_execution_id AND f.parameter_name = 'triggered.by' AND f.parameter_value = 'bob')"
								+ " ORDER BY e.job_execution_id DESC LIMIT 50", none),
				new Case("executions a week", "ops",
						() -> "/console/executions?from=" + mid + "&to=" + mid.plusDays(6),
						"WITH range_bounds AS MATERIALIZED (SELECT min(r.job_execution_id) AS low, max(r.job_execution_id)"
								+ " AS high FROM (SELECT job_execution_id FROM batch_job_execution WHERE create_time >= ?"
								+ " AND create_time < ? OFFSET 0) r) " + summary
								+ " AND e.job_execution_id >= (SELECT low FROM range_bounds)"
								+ " AND e.job_execution_id <= (SELECT high FROM range_bounds)"
								+ " AND e.create_time >= ? AND e.create_time < ? ORDER BY e.job_execution_id DESC LIMIT 50",
						() -> new Object[] { mid.atStartOfDay(), mid.plusDays(7).atStartOfDay(), mid.atStartOfDay(),
								mid.plusDays(7).atStartOfDay() }),
				new Case("executions.csv", "ops", () -> "/console/executions.csv?status=COMPLETED",
						summary + " AND e.status = 'COMPLETED' ORDER BY e.job_execution_id DESC LIMIT 50", none),
				new Case("execution detail", "ops", () -> "/console/executions/" + randomId(),
						"SELECT * FROM batch_job_execution e JOIN batch_step_execution s ON s.job_execution_id ="
								+ " e.job_execution_id WHERE e.job_execution_id = ?",
						() -> new Object[] { randomId() }),
				new Case("schedules", "ops", () -> "/console/schedules",
						"SELECT * FROM qrtz_triggers", none),
				new Case("inbox", "ops", () -> "/console/inbox",
						"SELECT status, count(*) FROM webhook_inbox GROUP BY status", none),
				new Case("alerts", "ops", () -> "/console/alerts",
						"SELECT * FROM alerts WHERE acknowledged_at IS NULL ORDER BY id DESC LIMIT 200", none),
				new Case("reconciliation", "ops", () -> "/console/reconciliation",
						"SELECT 1", none),
				new Case("audit", "ops", () -> "/console/audit", audit + " ORDER BY id DESC LIMIT 50", none),
				new Case("audit actor", "ops", () -> "/console/audit?actor=finance",
						audit + " AND actor = 'finance' ORDER BY id DESC LIMIT 50", none),
				new Case("audit action", "ops", () -> "/console/audit?action=job.restart",
						audit + " AND action = 'job.restart' ORDER BY id DESC LIMIT 50", none),
				new Case("audit target", "ops", () -> "/console/audit?target=" + randomId(),
						audit + " AND target = ? ORDER BY id DESC LIMIT 50", () -> new Object[] { String.valueOf(randomId()) }),
				new Case("audit a week", "ops", () -> "/console/audit?from=" + mid + "&to=" + mid.plusDays(6),
						"WITH range_bounds AS MATERIALIZED (SELECT min(r.id) AS low, max(r.id) AS high FROM (SELECT id"
								+ " FROM audit_log WHERE occurred_at >= ? AND occurred_at < ? OFFSET 0) r) " + audit
								+ " AND id >= (SELECT low FROM range_bounds) AND id <= (SELECT high FROM range_bounds)"
								+ " AND occurred_at >= ? AND occurred_at < ? ORDER BY id DESC LIMIT 50",
						() -> weekOf(mid)),
				new Case("audit.csv", "auditor", () -> "/console/audit.csv?actor=ops",
						audit + " AND actor = 'ops' ORDER BY id DESC LIMIT 500", none),
				new Case("money", "finance", () -> "/console/money",
						"SELECT currency, sum(amount) FROM postings GROUP BY currency", none));

		System.out.printf(Locale.ROOT, "%-26s %10s %10s %12s %12s%n", "page", "page p50", "page p95", "SQL p50",
				"SQL p95");
		List<String> slow = new ArrayList<>();
		for (Case c : cases) {
			HttpClient client = signIn(c.user());
			Figures page = measure(() -> get(client, c.path().get()));
			Figures sql = measure(() -> this.jdbc.queryForList(c.sql(), c.sqlArgs().get()));
			System.out.printf(Locale.ROOT, "%-26s %8.1f ms %8.1f ms %10.1f ms %10.1f ms%n", c.name(), page.p50(),
					page.p95(), sql.p50(), sql.p95());
			if (page.p95() >= P95_MAX_MILLIS) {
				slow.add(c.name() + " " + page.p95() + " ms");
			}
		}
		assertThat(slow).as("pages with p95 at or over %d ms", P95_MAX_MILLIS).isEmpty();
	}

	private void seed() {
		this.jdbc.execute("""
				INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
				SELECT g, 0, (ARRAY['%s'])[1 + g %% 8], md5(g::text) FROM generate_series(1, %d) g"""
			.formatted(String.join("','", JOBS), EXECUTIONS));
		// one execution every 31 s over the last 359 days, the newest now; 2 % FAILED, 1 % STOPPED
		this.jdbc.execute("""
				INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
				                                 end_time, status, exit_code, exit_message, last_updated)
				SELECT g, 2, g, ts, ts, ts + interval '3 seconds', st, st,
				       CASE WHEN st = 'FAILED' THEN 'java.lang.IllegalStateException: seeded failure' ELSE '' END, ts
				FROM (SELECT g, now()::timestamp - interval '31000000 seconds' + g * interval '31 seconds' AS ts,
				             CASE WHEN g %% 50 = 0 THEN 'FAILED' WHEN g %% 97 = 0 THEN 'STOPPED' ELSE 'COMPLETED' END AS st
				      FROM generate_series(1, %d) g) s""".formatted(EXECUTIONS));
		this.jdbc.execute("""
				INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type, parameter_value,
				                                        identifying)
				SELECT g, 'triggered.by', 'java.lang.String', (ARRAY['scheduler', 'ops', 'alice', 'bob'])[1 + g %% 4], 'N'
				FROM generate_series(1, %d) g
				UNION ALL
				SELECT g, 'triggered.channel', 'java.lang.String',
				       (ARRAY['schedule', 'console', 'cli', 'api'])[1 + g %% 4], 'N'
				FROM generate_series(1, %d) g""".formatted(EXECUTIONS, EXECUTIONS));
		this.jdbc.execute("""
				INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, create_time,
				       start_time, end_time, status, commit_count, read_count, filter_count, write_count, read_skip_count,
				       write_skip_count, process_skip_count, rollback_count, exit_code, exit_message, last_updated)
				SELECT job_execution_id, 3, 'mainStep', job_execution_id, create_time, start_time, end_time, status,
				       10, 1000, 0, 1000, 0, 0, 0, 0, status, '', end_time
				FROM batch_job_execution""");
		this.jdbc.execute("""
				INSERT INTO audit_log (occurred_at, actor, channel, action, target, parameters, outcome, detail)
				SELECT now() - interval '31000000 seconds' + g * interval '31 seconds',
				       (ARRAY['ops', 'alice', 'scheduler', 'system', 'finance'])[1 + g %% 5],
				       (ARRAY['console', 'cli', 'schedule', 'system', 'api'])[1 + g %% 5],
				       (ARRAY['job.start', 'job.restart', 'job.stop', 'schedule.fire', 'report.download'])[1 + (g / 5) %% 5],
				       g::text, '{}'::jsonb, 'ok', 'seeded row'
				FROM generate_series(1, %d) g""".formatted(AUDIT_ROWS));
		this.jdbc.execute("SELECT setval('batch_job_instance_seq', %d), setval('batch_job_execution_seq', %d),"
				.formatted(EXECUTIONS, EXECUTIONS) + " setval('batch_step_execution_seq', %d)".formatted(EXECUTIONS));
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("ANALYZE");
	}

	private Figures measure(ThrowingRunnable action) throws Exception {
		for (int i = 0; i < WARMUP; i++) {
			action.run();
		}
		double[] millis = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			action.run();
			millis[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(millis);
		return new Figures(millis[RUNS / 2], millis[(int) Math.ceil(RUNS * 0.95) - 1]);
	}

	private HttpClient signIn(String user) throws Exception {
		HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String login = get(client, "/console/login");
		String token = login.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
		String form = "username=" + user + "&password=" + URLEncoder.encode(user + "-password", StandardCharsets.UTF_8)
				+ "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
		HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri("/console/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(302);
		assertThat(answer.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/console"));
		return client;
	}

	private String get(HttpClient client, String path) throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static Object[] weekOf(LocalDate monday) {
		Object from = monday.atStartOfDay().atOffset(ZoneOffset.UTC);
		Object to = monday.plusDays(7).atStartOfDay().atOffset(ZoneOffset.UTC);
		return new Object[] { from, to, from, to };
	}

	private static long randomId() {
		return ThreadLocalRandom.current().nextLong(1, EXECUTIONS + 1);
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
