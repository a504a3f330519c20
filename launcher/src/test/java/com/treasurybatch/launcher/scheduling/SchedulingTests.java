package com.treasurybatch.launcher.scheduling;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.cli.TreasuryCli;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@OperationsTest
class SchedulingTests {

	static final Actor OPERATOR = new Actor("carol", AuditChannel.CLI);

	@Autowired
	Scheduler scheduler;

	@Autowired
	Schedules schedules;

	@Autowired
	JobRegistry jobs;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@AfterEach
	void removeSchedules() throws Exception {
		this.scheduler.standby();
		// a fired one-off trigger is removed by Quartz once its run returns: wait for that before deleting the job
		await().atMost(Duration.ofSeconds(30)).until(() -> this.scheduler.getCurrentlyExecutingJobs().isEmpty()
				&& this.scheduler.getTriggersOfJob(org.quartz.JobKey.jobKey(TestJobs.CHUNKS, ScheduleSynchronizer.GROUP))
					.stream()
					.allMatch((trigger) -> trigger.getKey().getGroup().equals(ScheduleSynchronizer.GROUP)));
		SchedulingConfiguration.sync(this.scheduler, List.of(), this.jobs);
	}

	@Test
	void syncAddsChangesDisablesAndRemovesTriggersAndKeepsAnOperatorsPause() throws Exception {
		ScheduleDefinition nightly = definition("0 0 3 * * ?", true, Map.of("date", "{yesterday}"));
		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(nightly), this.jobs))
			.containsExactly("added test-chunks (0 0 3 * * ? Europe/Paris, misfire do-nothing, parameters {date={yesterday}})");
		Schedules.ScheduleView view = only();
		assertThat(view.state()).isEqualTo("NORMAL");
		assertThat(ZonedDateTime.ofInstant(view.nextFire(), ZoneId.of("Europe/Paris")).getHour()).isEqualTo(3);

		this.schedules.pause(TestJobs.CHUNKS, OPERATOR);
		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(nightly), this.jobs)).isEmpty();
		assertThat(only().state()).isEqualTo("PAUSED");
		assertThat(this.jdbc.queryForList(
				"SELECT actor || ' ' || channel || ' ' || outcome FROM audit_log WHERE action = 'schedule.pause'",
				String.class)).containsExactly("carol cli ok");

		ScheduleDefinition earlier = definition("0 30 1 * * ?", true, Map.of("date", "{yesterday}"));
		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(earlier), this.jobs)).singleElement()
			.asString()
			.startsWith("changed test-chunks (0 30 1 * * ?");
		assertThat(only().cron()).isEqualTo("0 30 1 * * ?");

		ScheduleDefinition disabled = definition("0 30 1 * * ?", false, Map.of());
		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(disabled), this.jobs))
			.containsExactly("disabled test-chunks");
		assertThat(only().state()).isEqualTo("DISABLED");

		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(), this.jobs))
			.containsExactly("removed test-chunks");
		assertThat(this.schedules.list()).isEmpty();
	}

	@Test
	void aScheduleForAJobThatDoesNotExistIsRefusedNamingTheFile() {
		ScheduleDefinition typo = new ScheduleDefinition("inbox-procesing", "0 * * * * ?", null, null, true, Map.of(),
				"inbox-procesing.yaml");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SchedulingConfiguration.sync(this.scheduler, List.of(typo), this.jobs))
			.withMessageContaining("inbox-procesing.yaml")
			.withMessageContaining("no job named inbox-procesing");
	}

	@Test
	void aFiredScheduleRunsItsJobThroughTheOperationsServiceAsTheScheduler() throws Exception {
		ScheduleDefinition fixedDate = definition("0 0 3 1 1 ? 2099", true, Map.of("date", "2031-01-15"));
		SchedulingConfiguration.sync(this.scheduler, List.of(fixedDate), this.jobs);
		this.scheduler.start();

		this.schedules.trigger(TestJobs.CHUNKS, OPERATOR);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.jdbc.queryForList("""
				SELECT e.status FROM batch_job_execution e
				JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE i.job_name = ? AND p.parameter_name = 'triggered.channel' AND p.parameter_value = 'schedule'
				""", String.class, TestJobs.CHUNKS)).containsExactly("COMPLETED"));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM test_written WHERE tag = '2031-01-15'", Long.class))
			.isEqualTo(TestJobs.ITEMS);
		assertThat(this.jdbc.queryForList(
				"SELECT actor || ' ' || channel || ' ' || action || ' ' || outcome FROM audit_log WHERE target = ?",
				String.class, TestJobs.CHUNKS))
			.contains("scheduler schedule job.start ok");
	}

	@Test
	void operatorsPauseAndResumeFromTheCliAndAnUnknownScheduleIsRefusedOnRecord() throws Exception {
		SchedulingConfiguration.sync(this.scheduler,
				List.of(definition("0 0 3 * * ?", true, Map.of("date", "{yesterday}"))), this.jobs);

		assertThat(cli("schedules", "pause", TestJobs.CHUNKS)).isZero();
		assertThat(only().state()).isEqualTo("PAUSED");
		StringWriter listed = new StringWriter();
		TreasuryCli.execute(this.context, new String[] { "schedules", "list" }, new PrintWriter(listed, true),
				new PrintWriter(new StringWriter(), true));
		assertThat(listed.toString()).containsPattern("test-chunks\\s+0 0 3 \\* \\* \\?\\s+Europe/Paris\\s+PAUSED");
		assertThat(cli("schedules", "resume", TestJobs.CHUNKS)).isZero();
		assertThat(only().state()).isEqualTo("NORMAL");

		assertThat(cli("schedules", "pause", "no-such-job")).isEqualTo(2);
		assertThat(this.jdbc.queryForList(
				"SELECT action || ' ' || target || ' ' || outcome FROM audit_log WHERE actor = 'alice' ORDER BY id",
				String.class))
			.containsSubsequence("schedule.pause test-chunks ok", "schedule.resume test-chunks ok",
					"schedule.pause no-such-job refused");
	}

	private int cli(String... args) {
		return TreasuryCli.execute(this.context, args, new PrintWriter(new StringWriter(), true),
				new PrintWriter(new StringWriter(), true));
	}

	private Schedules.ScheduleView only() throws Exception {
		List<Schedules.ScheduleView> all = this.schedules.list();
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	private static ScheduleDefinition definition(String cron, boolean enabled, Map<String, String> parameters) {
		return new ScheduleDefinition(TestJobs.CHUNKS, cron, ZoneId.of("Europe/Paris"),
				ScheduleDefinition.Misfire.DO_NOTHING, enabled, parameters, "test-chunks.yaml");
	}

}
