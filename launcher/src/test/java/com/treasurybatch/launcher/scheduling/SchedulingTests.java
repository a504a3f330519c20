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
import com.treasurybatch.launcher.testing.Gate;
import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.launcher.testing.TestJobs;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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

	@Autowired
	Gate gate;

	@Autowired
	org.springframework.test.web.servlet.MockMvc mvc;

	@AfterEach
	void removeSchedules() throws Exception {
		this.gate.open();
		this.scheduler.standby();
		// a fired one-off trigger is removed by Quartz once its run returns: wait for that before deleting the job
		await().atMost(Duration.ofSeconds(30)).until(() -> this.scheduler.getCurrentlyExecutingJobs().isEmpty()
				&& onlyScheduleTriggers());
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
				"SELECT actor || ' ' || channel || ' ' || outcome FROM audit_log WHERE action = 'schedule.pause' AND actor = 'carol'",
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
	void everyShippedScheduleNamesAKnownJobAndSyncsUnderItsOwnName() throws Exception {
		List<ScheduleDefinition> shipped = new ScheduleFiles("classpath*:schedules/*.yaml", ZoneId.of("UTC")).load();
		assertThat(shipped).extracting(ScheduleDefinition::job).allSatisfy((job) -> assertThat(this.jobs.getJobNames())
			.as("schedules/*.yaml names a job of this application").contains(job));
		assertThat(SchedulingConfiguration.sync(this.scheduler, shipped, this.jobs)).hasSize(shipped.size())
			.allSatisfy((change) -> assertThat(change).startsWith("added "));
		assertThat(this.schedules.list()).extracting(Schedules.ScheduleView::name)
			.containsExactlyElementsOf(shipped.stream().map(ScheduleDefinition::name).toList())
			.contains("analytics-rollups", "analytics-rollups-daily", "report-generation-1099-k");
	}

	@Test
	void aScheduleForAJobThatDoesNotExistIsRefusedNamingTheFile() {
		ScheduleDefinition typo = new ScheduleDefinition("inbox-procesing", "inbox-procesing", "0 * * * * ?", null, null, true, Map.of(),
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
		assertThat(listed.toString()).containsPattern("test-chunks\\s+test-chunks\\s+0 0 3 \\* \\* \\?\\s+Europe/Paris\\s+PAUSED");
		assertThat(cli("schedules", "resume", TestJobs.CHUNKS)).isZero();
		assertThat(only().state()).isEqualTo("NORMAL");

		assertThat(cli("schedules", "pause", "no-such-job")).isEqualTo(2);
		assertThat(this.jdbc.queryForList(
				"SELECT action || ' ' || target || ' ' || outcome FROM audit_log WHERE actor = 'alice' ORDER BY id",
				String.class))
			.containsSubsequence("schedule.pause test-chunks ok", "schedule.resume test-chunks ok",
					"schedule.pause no-such-job refused");
	}

	@Test
	void twoSchedulesOfOneJobAreSyncedSideBySideAndEachFiresTheJobWithItsOwnParameters() throws Exception {
		ScheduleDefinition first = named("chunks-first", TestJobs.CHUNKS, "0 0 3 1 1 ? 2099", Map.of("date", "2031-02-01"));
		ScheduleDefinition second = named("chunks-second", TestJobs.CHUNKS, "0 0 4 1 1 ? 2099", Map.of("date", "2031-02-02"));
		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(first, second), this.jobs))
			.containsExactly("added chunks-first (job test-chunks, 0 0 3 1 1 ? 2099 Europe/Paris, misfire do-nothing, "
					+ "parameters {date=2031-02-01})",
					"added chunks-second (job test-chunks, 0 0 4 1 1 ? 2099 Europe/Paris, misfire do-nothing, "
							+ "parameters {date=2031-02-02})");
		assertThat(this.schedules.list()).extracting(Schedules.ScheduleView::name, Schedules.ScheduleView::job)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("chunks-first", TestJobs.CHUNKS),
					org.assertj.core.groups.Tuple.tuple("chunks-second", TestJobs.CHUNKS));
		this.scheduler.start();

		this.schedules.trigger("chunks-first", OPERATOR);
		awaitWritten("2031-02-01");
		this.schedules.trigger("chunks-second", OPERATOR);
		awaitWritten("2031-02-02");

		assertThat(this.jdbc.queryForList("SELECT tag || ' ' || count(*) FROM test_written "
				+ "WHERE tag IN ('2031-02-01', '2031-02-02') GROUP BY tag ORDER BY tag", String.class))
			.containsExactly("2031-02-01 " + TestJobs.ITEMS, "2031-02-02 " + TestJobs.ITEMS);
		assertThat(this.jdbc.queryForList("SELECT target FROM audit_log WHERE action = 'schedule.trigger' "
				+ "AND target LIKE 'chunks-%' ORDER BY id", String.class)).containsExactly("chunks-first", "chunks-second");
	}

	@Test
	void pausingOneScheduleOfAJobLeavesTheOtherAndARemovedFileRemovesOnlyItsSchedule() throws Exception {
		ScheduleDefinition hourly = named("chunks-hourly", TestJobs.CHUNKS, "0 5 * * * ?", Map.of("date", "{today}"));
		ScheduleDefinition daily = named("chunks-daily", TestJobs.CHUNKS, "0 35 0 * * ?", Map.of("date", "{yesterday}"));
		SchedulingConfiguration.sync(this.scheduler, List.of(hourly, daily), this.jobs);

		assertThat(cli("schedules", "pause", "chunks-daily")).isZero();
		assertThat(states()).containsExactly("chunks-daily PAUSED", "chunks-hourly NORMAL");
		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(hourly, daily), this.jobs))
			.as("an unchanged sync keeps the operator's pause").isEmpty();
		assertThat(states()).containsExactly("chunks-daily PAUSED", "chunks-hourly NORMAL");
		StringWriter listed = new StringWriter();
		TreasuryCli.execute(this.context, new String[] { "schedules", "list" }, new PrintWriter(listed, true),
				new PrintWriter(new StringWriter(), true));
		assertThat(listed.toString()).containsPattern("NAME\\s+JOB\\s+CRON")
			.containsPattern("chunks-daily\\s+test-chunks\\s+0 35 0 \\* \\* \\?\\s+Europe/Paris\\s+PAUSED")
			.containsPattern("chunks-hourly\\s+test-chunks\\s+0 5 \\* \\* \\* \\?\\s+Europe/Paris\\s+NORMAL");

		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(daily), this.jobs))
			.containsExactly("removed chunks-hourly");
		assertThat(states()).containsExactly("chunks-daily PAUSED");
		this.schedules.recordSync(List.of("removed chunks-hourly"));
		assertThat(this.jdbc.queryForList(
				"SELECT action || ' ' || target || ' ' || outcome FROM audit_log WHERE action LIKE 'schedule.%' "
						+ "AND target IN ('chunks-daily', 'chunks-hourly') ORDER BY id", String.class)).containsExactly("schedule.pause chunks-daily ok", "schedule.sync chunks-hourly ok");
	}

	@Test
	void aScheduleNamedAfterItsJobKeepsTheQuartzRowsStoredBeforeSchedulesHadNames() throws Exception {
		// what an earlier release stored: job and trigger keyed by the job name, the same job data
		ScheduleDefinition stored = definition("0 0 3 * * ?", true, Map.of("date", "{yesterday}"));
		SchedulingConfiguration.sync(this.scheduler, List.of(stored), this.jobs);
		this.scheduler.pauseTrigger(org.quartz.TriggerKey.triggerKey(TestJobs.CHUNKS, ScheduleSynchronizer.GROUP));
		java.util.Date next = this.scheduler
			.getTrigger(org.quartz.TriggerKey.triggerKey(TestJobs.CHUNKS, ScheduleSynchronizer.GROUP))
			.getNextFireTime();

		ScheduleDefinition fromFile = new ScheduleFiles("classpath*:test-schedules/named/*.yaml", ZoneId.of("UTC"))
			.load()
			.get(0);
		assertThat(fromFile.name()).isEqualTo(TestJobs.CHUNKS);
		assertThat(SchedulingConfiguration.sync(this.scheduler, List.of(fromFile), this.jobs)).isEmpty();
		assertThat(states()).containsExactly("test-chunks PAUSED");
		assertThat(this.scheduler
			.getTrigger(org.quartz.TriggerKey.triggerKey(TestJobs.CHUNKS, ScheduleSynchronizer.GROUP))
			.getNextFireTime()).isEqualTo(next);
	}

	@Test
	void aFireRefusedBecauseAnotherScheduleOfTheJobIsRunningIsAuditedAndSkipped() throws Exception {
		long auditBefore = this.jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM audit_log", Long.class);
		long executionBefore = this.jdbc.queryForObject(
				"SELECT coalesce(max(job_execution_id), 0) FROM batch_job_execution", Long.class);
		this.gate.close();
		ScheduleDefinition first = named("gate-first", TestJobs.GATE, "0 0 3 1 1 ? 2099", Map.of());
		ScheduleDefinition second = named("gate-second", TestJobs.GATE, "0 0 4 1 1 ? 2099", Map.of());
		SchedulingConfiguration.sync(this.scheduler, List.of(first, second), this.jobs);
		this.scheduler.start();

		this.schedules.trigger("gate-first", OPERATOR);
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.jdbc.queryForList(
				"SELECT e.job_execution_id FROM batch_job_execution e JOIN batch_job_instance i "
						+ "ON i.job_instance_id = e.job_instance_id WHERE i.job_name = ? AND e.status = 'STARTED' "
						+ "AND e.job_execution_id > ?", Long.class, TestJobs.GATE, executionBefore).isEmpty());
		this.schedules.trigger("gate-second", OPERATOR);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.jdbc.queryForList(
				"SELECT actor || ' ' || target || ' ' || outcome || ' ' || detail FROM audit_log "
						+ "WHERE action = 'schedule.fire' AND id > ?", String.class, auditBefore))
			.singleElement()
			.asString()
			.startsWith("scheduler gate-second refused ALREADY_RUNNING: job test-gate"));
		assertThat(this.jdbc.queryForList(
				"SELECT outcome FROM audit_log WHERE action = 'job.start' AND target = ? AND id > ? ORDER BY id",
				String.class, TestJobs.GATE, auditBefore)).containsExactly("ok", "refused");
		this.gate.open();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.jdbc.queryForList(
				"SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i "
						+ "ON i.job_instance_id = e.job_instance_id WHERE i.job_name = ? AND e.job_execution_id > ?",
				String.class, TestJobs.GATE, executionBefore))
			.as("the refused fire started nothing; the running one completes").containsExactly("COMPLETED"));
		assertThat(this.scheduler.getTriggerState(org.quartz.TriggerKey.triggerKey("gate-second",
				ScheduleSynchronizer.GROUP))).as("the refused schedule keeps firing at its times")
			.isEqualTo(org.quartz.Trigger.TriggerState.NORMAL);
	}

	@Test
	void theApiListsNameAndJobAndPausesOneScheduleByName() throws Exception {
		SchedulingConfiguration.sync(this.scheduler,
				List.of(named("api-hourly", TestJobs.CHUNKS, "0 5 * * * ?", Map.of("date", "{today}")),
						named("api-nightly", TestJobs.CHUNKS, "0 35 0 * * ?", Map.of("date", "{yesterday}"))),
				this.jobs);

		this.mvc.perform(post("/api/schedules/{name}/pause", "api-nightly").with(httpBasic("auditor", "auditor-password")))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/schedules/{name}/pause", "api-nightly").with(httpBasic("ops", "ops-password")))
			.andExpect(status().isNoContent());
		this.mvc.perform(post("/api/schedules/{name}/pause", TestJobs.CHUNKS).with(httpBasic("ops", "ops-password")))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/api/schedules").with(httpBasic("auditor", "auditor-password")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].name").value("api-hourly"))
			.andExpect(jsonPath("$[0].job").value(TestJobs.CHUNKS))
			.andExpect(jsonPath("$[0].state").value("NORMAL"))
			.andExpect(jsonPath("$[1].name").value("api-nightly"))
			.andExpect(jsonPath("$[1].job").value(TestJobs.CHUNKS))
			.andExpect(jsonPath("$[1].state").value("PAUSED"));
		assertThat(this.jdbc.queryForList("SELECT actor || ' ' || channel || ' ' || target || ' ' || outcome "
				+ "FROM audit_log WHERE action = 'schedule.pause' AND actor = 'ops' ORDER BY id", String.class))
			.containsExactly("ops api api-nightly ok", "ops api test-chunks refused");
	}

	/** Waits until the scheduled run writing {@code tag} has written every item and its Quartz fire has ended. */
	private void awaitWritten(String tag) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc
			.queryForObject("SELECT count(*) FROM test_written WHERE tag = ?", Long.class, tag) == TestJobs.ITEMS
				&& this.scheduler.getCurrentlyExecutingJobs().isEmpty());
	}

	/** Whether every Quartz job of the schedules has only its cron trigger left (a fired one-off is gone). */
	private boolean onlyScheduleTriggers() throws Exception {
		for (org.quartz.JobKey key : this.scheduler
			.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(ScheduleSynchronizer.GROUP))) {
			for (org.quartz.Trigger trigger : this.scheduler.getTriggersOfJob(key)) {
				if (!trigger.getKey().getGroup().equals(ScheduleSynchronizer.GROUP)) {
					return false;
				}
			}
		}
		return true;
	}

	private List<String> states() throws Exception {
		return this.schedules.list().stream().map((view) -> view.name() + " " + view.state()).toList();
	}

	private static ScheduleDefinition named(String name, String job, String cron, Map<String, String> parameters) {
		return new ScheduleDefinition(name, job, cron, ZoneId.of("Europe/Paris"), ScheduleDefinition.Misfire.DO_NOTHING,
				true, parameters, name + ".yaml");
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
		return new ScheduleDefinition(TestJobs.CHUNKS, TestJobs.CHUNKS, cron, ZoneId.of("Europe/Paris"),
				ScheduleDefinition.Misfire.DO_NOTHING, enabled, parameters, "test-chunks.yaml");
	}

}
