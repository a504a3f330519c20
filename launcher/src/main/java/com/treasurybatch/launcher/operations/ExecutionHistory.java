package com.treasurybatch.launcher.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Read-only history of job executions, for the CLI, the API and history pages: lists
 * filtered by job and status (plain SQL over the BATCH_* tables, always bounded) and the
 * full detail of one execution.
 */
@Service
public class ExecutionHistory {

	/** The parameter {@code RunIdIncrementer} counts with. */
	public static final String RUN_ID = "run.id";

	private static final String SUMMARY_SELECT = """
			SELECT e.job_execution_id, i.job_name, i.job_instance_id, e.status, e.exit_code, e.exit_message,
			       e.start_time, e.end_time,
			       (SELECT p.parameter_value FROM batch_job_execution_params p
			        WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = '%s' LIMIT 1) AS triggered_by,
			       (SELECT p.parameter_value FROM batch_job_execution_params p
			        WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = '%s' LIMIT 1) AS triggered_channel
			FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
			WHERE true"""
		.formatted(JobOperations.TRIGGERED_BY, JobOperations.TRIGGERED_CHANNEL);

	private final JdbcClient jdbc;

	private final JobRepository repository;

	private final ExecutionOwnership ownership;

	private final Duration deadAfter;

	private final Clock clock;

	ExecutionHistory(JdbcClient jdbc, JobRepository repository, ExecutionOwnership ownership,
			OperationsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.repository = repository;
		this.ownership = ownership;
		this.deadAfter = Duration.ofSeconds(properties.nodeDeadAfterSeconds());
		this.clock = clock;
	}

	/**
	 * The highest {@code run.id} (Spring Batch's {@code RunIdIncrementer} key) among the
	 * job's instances still in the job repository.
	 * @param jobName the kebab-case job name
	 * @return the highest run id, or empty when no instance of the job carries one
	 */
	public OptionalLong lastRunId(String jobName) {
		Long last = this.jdbc.sql("""
				SELECT max(p.parameter_value::bigint)
				FROM batch_job_execution_params p
				JOIN batch_job_execution e ON e.job_execution_id = p.job_execution_id
				JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				WHERE i.job_name = ? AND p.parameter_name = ? AND p.identifying = 'Y'
				  AND p.parameter_value ~ '^[0-9]{1,18}$'""")
			.params(jobName, RUN_ID)
			.query(Long.class)
			.optional()
			.orElse(null);
		return (last != null) ? OptionalLong.of(last) : OptionalLong.empty();
	}

	/**
	 * Lists executions, newest first.
	 * @param query filters and limit (at most {@link ExecutionQuery#LIMIT_MAX})
	 * @return up to {@code query.limit()} executions, ids descending
	 */
	public List<ExecutionSummary> executions(ExecutionQuery query) {
		StringBuilder sql = new StringBuilder(SUMMARY_SELECT);
		List<Object> params = new ArrayList<>();
		if (query.jobName() != null) {
			sql.append(" AND i.job_name = ?");
			params.add(query.jobName());
		}
		if (query.status() != null) {
			sql.append(" AND e.status = ?");
			params.add(query.status());
		}
		if (query.beforeId() != null) {
			sql.append(" AND e.job_execution_id < ?");
			params.add(query.beforeId());
		}
		sql.append(" ORDER BY e.job_execution_id DESC LIMIT ?");
		params.add(query.limit());
		Instant now = this.clock.instant();
		return this.jdbc.sql(sql.toString()).params(params).query((rs, row) -> summary(rs, now)).list();
	}

	/**
	 * Lists executions for the console, newest first, with every filter it offers. The job filter goes through
	 * the job's instances, who and how through the indexed {@code triggered.by} / {@code triggered.channel}
	 * parameters, the date range through {@code create_time}.
	 * @param search filters, page start and size
	 * @return up to {@code search.limit()} executions, ids descending
	 */
	public List<ExecutionSummary> search(ExecutionSearch search) {
		StringBuilder sql = new StringBuilder();
		List<Object> params = new ArrayList<>();
		boolean dated = search.from() != null || search.to() != null;
		if (dated) {
			// the range's lowest and highest ids bound the id scan (exact: the time condition stays), so that the
			// planner walks the ids of the range instead of every newer execution. The bounds are aggregated over
			// the range's rows read through (create_time, job_execution_id): "OFFSET 0" keeps PostgreSQL from
			// planning min()/max() as a walk of the primary key from one end filtered on create_time, which reads
			// every execution older (or newer) than the range; the CTE reads the range once for both bounds.
			sql.append("WITH range_bounds AS MATERIALIZED (SELECT min(r.job_execution_id) AS low,"
					+ " max(r.job_execution_id) AS high FROM (SELECT job_execution_id FROM batch_job_execution"
					+ " WHERE true")
				.append(createdBetween("batch_job_execution", search, params))
				.append(" OFFSET 0) r) ");
		}
		sql.append(SUMMARY_SELECT);
		if (search.jobName() != null) {
			sql.append(" AND e.job_instance_id IN (SELECT ji.job_instance_id FROM batch_job_instance ji"
					+ " WHERE ji.job_name = ?)");
			params.add(search.jobName());
		}
		if (search.status() != null) {
			sql.append(" AND e.status = ?");
			params.add(search.status());
		}
		if (dated) {
			sql.append(" AND e.job_execution_id >= (SELECT low FROM range_bounds)"
					+ " AND e.job_execution_id <= (SELECT high FROM range_bounds)");
			sql.append(createdBetween("e", search, params));
		}
		parameterFilter(sql, params, JobOperations.TRIGGERED_BY, search.triggeredBy());
		parameterFilter(sql, params, JobOperations.TRIGGERED_CHANNEL, search.channel());
		if (search.beforeId() != null) {
			sql.append(" AND e.job_execution_id < ?");
			params.add(search.beforeId());
		}
		sql.append(" ORDER BY e.job_execution_id DESC LIMIT ?");
		params.add(search.limit());
		Instant now = this.clock.instant();
		return this.jdbc.sql(sql.toString()).params(params).query((rs, row) -> summary(rs, now)).list();
	}

	private static String createdBetween(String alias, ExecutionSearch search, List<Object> params) {
		StringBuilder condition = new StringBuilder();
		if (search.from() != null) {
			condition.append(" AND ").append(alias).append(".create_time >= ?");
			params.add(LocalDateTime.ofInstant(search.from(), java.time.ZoneOffset.UTC));
		}
		if (search.to() != null) {
			condition.append(" AND ").append(alias).append(".create_time < ?");
			params.add(LocalDateTime.ofInstant(search.to(), java.time.ZoneOffset.UTC));
		}
		return condition.toString();
	}

	private static void parameterFilter(StringBuilder sql, List<Object> params, String name, String value) {
		if (value != null) {
			sql.append(" AND e.job_execution_id IN (SELECT fp.job_execution_id FROM batch_job_execution_params fp"
					+ " WHERE fp.parameter_name = ? AND fp.parameter_value = ?)");
			params.add(name);
			params.add(value);
		}
	}

	/**
	 * Step counters of the running executions (STARTING, STARTED, STOPPING), for live progress: two queries,
	 * the executions and then all their steps, whatever their number (not a job repository read of each
	 * execution with its parameters and execution contexts).
	 * @param limit most executions
	 * @return each running execution's summary with its steps in the order they started, newest first
	 */
	public List<RunningExecution> running(int limit) {
		Instant now = this.clock.instant();
		List<ExecutionSummary> summaries = this.jdbc
			.sql(SUMMARY_SELECT + " AND e.status IN ('STARTING', 'STARTED', 'STOPPING')"
					+ " ORDER BY e.job_execution_id DESC LIMIT :limit")
			.param("limit", limit)
			.query((rs, row) -> summary(rs, now))
			.list();
		if (summaries.isEmpty()) {
			return List.of();
		}
		Map<Long, List<StepSummary>> steps = new LinkedHashMap<>();
		summaries.forEach((summary) -> steps.put(summary.id(), new ArrayList<>()));
		this.jdbc.sql("""
				SELECT job_execution_id, step_execution_id, step_name, status, read_count, write_count, filter_count,
				       read_skip_count, process_skip_count, write_skip_count, commit_count, rollback_count, exit_code,
				       exit_message, start_time, end_time
				FROM batch_step_execution WHERE job_execution_id IN (:ids) ORDER BY step_execution_id""")
			.param("ids", List.copyOf(steps.keySet()))
			.query((rs) -> {
				steps.get(rs.getLong("job_execution_id")).add(step(rs, now));
			});
		return summaries.stream().map((summary) -> new RunningExecution(summary, steps.get(summary.id()))).toList();
	}

	/**
	 * Everything about one execution.
	 * @return the detail, or empty if there is no execution with that id
	 */
	public Optional<ExecutionDetail> execution(long executionId) {
		Optional<JobExecution> found = JobExecutions.find(this.repository, executionId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		JobExecution execution = found.get();
		Instant now = this.clock.instant();
		List<ParameterView> parameters = execution.getJobParameters()
			.parameters()
			.stream()
			.sorted(Comparator.comparing((JobParameter<?> p) -> !p.identifying()).thenComparing(JobParameter::name))
			.map((p) -> new ParameterView(p.name(), String.valueOf(p.value()), p.type().getSimpleName(),
					p.identifying()))
			.toList();
		List<StepSummary> steps = execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparing(StepExecution::getId))
			.map((step) -> step(step, now))
			.toList();
		return Optional.of(new ExecutionDetail(summary(execution, now),
				nullToEmpty(execution.getExitStatus().getExitDescription()), parameters, steps,
				this.ownership.find(executionId, this.deadAfter).orElse(null)));
	}

	/** The most recent execution of a job, if it ever ran. */
	Optional<ExecutionSummary> last(String jobName) {
		List<ExecutionSummary> last = executions(new ExecutionQuery(jobName, null, null, 1));
		return last.stream().findFirst();
	}

	/** The summary of an execution object, e.g. the one a launch returns. */
	ExecutionSummary summary(JobExecution execution, Instant now) {
		Instant start = BatchTimes.toInstant(execution.getStartTime());
		Instant end = BatchTimes.toInstant(execution.getEndTime());
		return new ExecutionSummary(execution.getId(), execution.getJobInstance().getJobName(),
				execution.getJobInstanceId(), execution.getStatus().name(), execution.getExitStatus().getExitCode(),
				ExecutionSummary.shortMessage(execution.getExitStatus().getExitDescription()), start, end,
				BatchTimes.durationMillis(start, end, now),
				text(execution.getJobParameters().getParameter(JobOperations.TRIGGERED_BY)),
				text(execution.getJobParameters().getParameter(JobOperations.TRIGGERED_CHANNEL)));
	}

	private static ExecutionSummary summary(ResultSet rs, Instant now) throws SQLException {
		Instant start = BatchTimes.toInstant(rs.getObject("start_time", LocalDateTime.class));
		Instant end = BatchTimes.toInstant(rs.getObject("end_time", LocalDateTime.class));
		return new ExecutionSummary(rs.getLong("job_execution_id"), rs.getString("job_name"),
				rs.getLong("job_instance_id"), rs.getString("status"), rs.getString("exit_code"),
				ExecutionSummary.shortMessage(rs.getString("exit_message")), start, end,
				BatchTimes.durationMillis(start, end, now), rs.getString("triggered_by"),
				rs.getString("triggered_channel"));
	}

	private static StepSummary step(ResultSet rs, Instant now) throws SQLException {
		Instant start = BatchTimes.toInstant(rs.getObject("start_time", LocalDateTime.class));
		Instant end = BatchTimes.toInstant(rs.getObject("end_time", LocalDateTime.class));
		long readSkips = rs.getLong("read_skip_count");
		long processSkips = rs.getLong("process_skip_count");
		long writeSkips = rs.getLong("write_skip_count");
		return new StepSummary(rs.getLong("step_execution_id"), rs.getString("step_name"), rs.getString("status"),
				rs.getLong("read_count"), rs.getLong("write_count"), rs.getLong("filter_count"),
				readSkips + processSkips + writeSkips, readSkips, processSkips, writeSkips, rs.getLong("commit_count"),
				rs.getLong("rollback_count"), rs.getString("exit_code"), nullToEmpty(rs.getString("exit_message")),
				start, end, BatchTimes.durationMillis(start, end, now));
	}

	private static StepSummary step(StepExecution step, Instant now) {
		Instant start = BatchTimes.toInstant(step.getStartTime());
		Instant end = BatchTimes.toInstant(step.getEndTime());
		return new StepSummary(step.getId(), step.getStepName(), step.getStatus().name(), step.getReadCount(),
				step.getWriteCount(), step.getFilterCount(), step.getSkipCount(), step.getReadSkipCount(),
				step.getProcessSkipCount(), step.getWriteSkipCount(), step.getCommitCount(), step.getRollbackCount(),
				step.getExitStatus().getExitCode(), nullToEmpty(step.getExitStatus().getExitDescription()), start, end,
				BatchTimes.durationMillis(start, end, now));
	}

	private static String text(JobParameter<?> parameter) {
		return (parameter != null) ? String.valueOf(parameter.value()) : null;
	}

	private static String nullToEmpty(String text) {
		return (text != null) ? text : "";
	}

}
