package com.treasurybatch.launcher.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.treasurybatch.launcher.scheduling.ScheduleSynchronizer;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three server JVMs started at the same instant on an empty database, as {@code docker compose up} starts its nodes:
 * Flyway migrates once, the schedule sync of each node runs alone (an advisory lock), and every node comes up.
 */
class ConcurrentStartTests {

	@TempDir
	Path homes;

	@Test
	void three_nodes_started_at_the_same_instant_on_an_empty_database_all_start_and_each_schedule_exists_once()
			throws Exception {
		String url = TestPostgres.newDatabase("concurrent_start");
		try (ClusterNodes nodes = new ClusterNodes(url, this.homes, "concurrent-start", List.of())) {
			for (int i = 0; i < 3; i++) {
				nodes.start();
			}
			nodes.awaitReady();

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
				assertThat(nodes.process(i).isAlive()).as("node" + i + " still running").isTrue();
			}
		}
	}

}
