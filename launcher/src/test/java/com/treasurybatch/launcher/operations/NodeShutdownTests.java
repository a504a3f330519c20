package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.treasurybatch.launcher.TreasuryBatchApplication;
import com.treasurybatch.launcher.testing.Gate;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A process that shuts down (Ctrl-C, SIGTERM) while one of its jobs runs. */
class NodeShutdownTests {

	@Test
	void shuttingDownStopsTheNodesRunsAtAChunkBoundaryAndLeavesNoNodeBehind() {
		String url = TestPostgres.newDatabase("shutdown");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TreasuryBatchApplication.class,
				TestJobs.class)
			.web(WebApplicationType.NONE)
			.properties(TestPostgres.properties(url))
			.run("--spring.quartz.auto-startup=false", "--spring.quartz.scheduler-name=treasury-batch-shutdown-tests",
					"--treasury.operations.node-kind=cli");
		context.getBean(Gate.class).close();
		JobOperations operations = context.getBean(JobOperations.class);
		ExecutionHistory history = context.getBean(ExecutionHistory.class);
		long id = operations.start(TestJobs.GATE, Map.of(), Actor.SCHEDULER).id();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "STARTED".equals(history.execution(id).orElseThrow().summary().status()));

		context.close();

		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres"));
		assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
				String.class, id))
			.isEqualTo("STOPPED");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_nodes", Integer.class)).isZero();
		assertThat(jdbc.queryForObject(
				"SELECT actor || ' ' || channel || ' ' || outcome FROM audit_log WHERE action = 'job.stop' AND target = ?",
				String.class, String.valueOf(id)))
			.isEqualTo("system system ok");
	}

}
