package com.treasurybatch.launcher.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.scheduling.ScheduleSynchronizer;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Three server JVMs started at the same instant on an empty database, as {@code docker compose up} starts its nodes:
 * Flyway migrates once, the schedule sync of each node runs alone (an advisory lock), and every node comes up.
 */
class ConcurrentStartTests {

	static final String READY = "ReadinessState changed to ACCEPTING_TRAFFIC";

	@TempDir
	Path homes;

	@Test
	void three_nodes_started_at_the_same_instant_on_an_empty_database_all_start_and_each_schedule_exists_once()
			throws Exception {
		String url = TestPostgres.newDatabase("concurrent_start");
		List<Process> nodes = new ArrayList<>();
		List<Path> logs = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				Path home = Files.createDirectories(this.homes.resolve("node" + i));
				Path log = this.homes.resolve("node" + i + ".log");
				logs.add(log);
				nodes.add(start(url, home, "node" + i, log));
			}
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			for (int i = 0; i < nodes.size(); i++) {
				while (!Files.readString(logs.get(i), StandardCharsets.UTF_8).contains(READY)) {
					if (!nodes.get(i).isAlive()) {
						fail("node" + i + " did not start:\n" + tail(logs.get(i)));
					}
					if (System.nanoTime() > deadline) {
						fail("node" + i + " not ready after 3 minutes:\n" + tail(logs.get(i)));
					}
					Thread.sleep(200);
				}
			}

			JdbcTemplate owner = new JdbcTemplate(new DriverManagerDataSource(url, TestPostgres.OWNER, TestPostgres.OWNER));
			int files = new PathMatchingResourcePatternResolver().getResources("classpath*:schedules/*.yaml").length;
			assertThat(files).isPositive();
			List<Map<String, Object>> triggers = owner.queryForList("""
					SELECT trigger_name, count(*) AS n FROM qrtz_triggers WHERE trigger_group = ?
					GROUP BY trigger_name""", ScheduleSynchronizer.GROUP);
			assertThat(triggers).as("one trigger per schedule file").hasSize(files)
				.allSatisfy((row) -> assertThat(((Number) row.get("n")).longValue()).isOne());
			assertThat(owner.queryForObject("SELECT count(*) FROM qrtz_job_details WHERE job_group = ?", Long.class,
					ScheduleSynchronizer.GROUP)).isEqualTo(files);
			assertThat(owner.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE NOT success",
					Long.class)).isZero();
			assertThat(owner.queryForObject("SELECT count(*) - count(DISTINCT version) FROM flyway_schema_history"
					+ " WHERE version IS NOT NULL", Long.class)).as("each migration applied once").isZero();
			assertThat(owner.queryForObject("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = ?",
					Long.class, "concurrent-start")).as("three members of one Quartz cluster").isEqualTo(3);
			for (int i = 0; i < nodes.size(); i++) {
				assertThat(nodes.get(i).isAlive()).as("node" + i + " still running").isTrue();
			}
		}
		finally {
			for (Process node : nodes) {
				node.destroy();
			}
			for (Process node : nodes) {
				if (!node.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
					node.destroyForcibly();
				}
			}
		}
	}

	private static Process start(String url, Path home, String instance, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx320m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				TreasuryBatchApplication.class.getName(), "serve"));
		TestPostgres.properties(url).forEach((key, value) -> command.add("--" + key + "=" + value));
		command.addAll(List.of("--treasury.home=" + home, "--server.port=0",
				"--spring.quartz.scheduler-name=concurrent-start",
				"--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instance,
				"--treasury.security.users-file=target/test-classes/test-users.properties",
				"--treasury.reports.link-secret=" + SharedStateTests.LINK_KEY,
				"--treasury.mail.unsubscribe-secret=" + SharedStateTests.UNSUBSCRIBE_KEY,
				"--treasury.webhooks.passport.secret=" + SharedStateTests.PASSPORT_SECRET,
				"--logging.level.org.springframework.boot.availability=debug"));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

}
