package com.treasurybatch.launcher.operations;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * The one way to operate jobs, for the CLI, the API and the scheduler: list, start,
 * restart, stop, abandon and recover, each appending an audit row with its outcome
 * (refusals and errors included).
 *
 * <p>
 * Invariants:
 * <ul>
 * <li>two runs of one job never overlap: a start or restart is refused while the job has
 * a running execution (STARTING, STARTED, STOPPING), checked under a cluster-wide lock
 * per job ({@link JobStartLock});</li>
 * <li>a COMPLETED or ABANDONED instance never runs again; a FAILED or STOPPED one resumes
 * from its last committed chunk;</li>
 * <li>who started a run and through which channel are stored with it as non-identifying
 * parameters {@value #TRIGGERED_BY} and {@value #TRIGGERED_CHANNEL}; they never change
 * the instance;</li>
 * <li>every run started here is owned by this node until it ends, so that another node
 * can tell a dead owner's execution from a live one.</li>
 * </ul>
 * Starts are asynchronous: they return once the execution is committed, and the run goes
 * on on this process's own thread pool ({@link #awaitProgress} waits for it).
 */
@Service
public class JobOperations {

	/**
	 * Non-identifying parameter: who started the run (operator name, {@code scheduler},
	 * {@code system}).
	 */
	public static final String TRIGGERED_BY = "triggered.by";

	/**
	 * Non-identifying parameter: through which channel
	 * ({@code cli, api, schedule, system, console}).
	 */
	public static final String TRIGGERED_CHANNEL = "triggered.channel";

	private static final Logger logger = LoggerFactory.getLogger(JobOperations.class);

	private final KnownJobs jobs;

	private final JobRuns runs;

	private final JobStartLock startLock;

	private final JobRepository repository;

	private final ExecutionHistory history;

	private final ExecutionOwnership ownership;

	private final ExecutionRecovery recovery;

	private final OperationChecks checks;

	private final AuditLog audit;

	private final BatchNode node;

	private final Duration deadAfter;

	private final Clock clock;

	JobOperations(KnownJobs jobs, JobRuns runs, JobStartLock startLock, JobRepository repository,
			ExecutionHistory history, ExecutionOwnership ownership, ExecutionRecovery recovery, OperationChecks checks,
			AuditLog audit, BatchNode node, OperationsProperties properties, Clock clock) {
		this.jobs = jobs;
		this.runs = runs;
		this.startLock = startLock;
		this.repository = repository;
		this.history = history;
		this.ownership = ownership;
		this.recovery = recovery;
		this.checks = checks;
		this.audit = audit;
		this.node = node;
		this.deadAfter = Duration.ofSeconds(properties.nodeDeadAfterSeconds());
		this.clock = clock;
	}

	/**
	 * Every registered job, sorted by name, with its last execution. Not audited (a
	 * read).
	 */
	public List<JobSummary> jobs() {
		return this.jobs.names()
			.stream()
			.map((name) -> this.jobs.find(name)
				.map((job) -> new JobSummary(name, job.isRestartable(), job.getJobParametersIncrementer() != null,
						this.history.last(name).orElse(null))))
			.flatMap(Optional::stream)
			.toList();
	}

	/**
	 * Starts a job: a new instance for new identifying parameters, the resumption of a
	 * FAILED or STOPPED instance for known ones, or, with no parameters and an
	 * incrementer on the job, its next instance (Spring Batch's
	 * {@code startNextInstance}: the incrementer applied to the last instance's
	 * parameters). Audited as {@code job.start}, target the job name.
	 * @param jobName the kebab-case job name
	 * @param parameters identifying parameters as operator text ({@code date=2026-11-20};
	 * typing rules in {@link JobParametersParser}: ISO dates are LocalDate, canonical
	 * integers Long, the rest String, or a {@code name:date|long|string} hint)
	 * @param actor who asks, through which channel (the scheduler passes
	 * {@link Actor#SCHEDULER})
	 * @return the new execution, usually still STARTING or STARTED
	 * @throws OperationRefusedException if the job is unknown, the parameters are
	 * invalid, the job is running, the instance already completed or cannot be restarted,
	 * or this process is shutting down
	 */
	public ExecutionSummary start(String jobName, Map<String, String> parameters, Actor actor) {
		return audited(actor, "job.start", jobName, parameters, () -> {
			Job job = this.jobs.require(jobName);
			JobParameters identifying = JobParametersParser.parse(parameters);
			boolean next = identifying.isEmpty() && job.getJobParametersIncrementer() != null;
			return launch(job, next ? nextInstance(job) : identifying, actor);
		});
	}

	/**
	 * Restarts the instance of a FAILED or STOPPED execution with the same parameters: a
	 * new execution that resumes from the last committed chunk. Audited as
	 * {@code job.restart}, target the execution id.
	 * @param executionId the execution to restart (any execution of the instance)
	 * @param actor who asks
	 * @return the new execution
	 * @throws OperationRefusedException if there is no such execution or job, the job is
	 * running, the instance completed or was abandoned, or it cannot be restarted
	 */
	public ExecutionSummary restart(long executionId, Actor actor) {
		return audited(actor, "job.restart", String.valueOf(executionId), Map.of(), () -> {
			JobExecution previous = this.checks.requireExecution(executionId);
			String jobName = previous.getJobInstance().getJobName();
			Job job = this.jobs.find(jobName)
				.orElseThrow(() -> new OperationRefusedException(Refusal.NO_SUCH_JOB,
						"execution " + executionId + " belongs to job '" + jobName
								+ "', which this application does not have; known jobs: "
								+ String.join(", ", this.jobs.names())));
			return launch(job, withoutTrigger(previous.getJobParameters()), actor);
		});
	}

	/**
	 * Asks a running execution to stop at its next chunk boundary: its status becomes
	 * STOPPING now, and STOPPED (restartable) when the run has actually stopped, wherever
	 * it runs. Audited as {@code job.stop}.
	 * @param executionId the execution to stop
	 * @param actor who asks
	 * @return the execution, now STOPPING
	 * @throws OperationRefusedException if there is no such execution or it is not
	 * STARTING or STARTED
	 */
	public ExecutionSummary stop(long executionId, Actor actor) {
		return audited(actor, "job.stop", String.valueOf(executionId), Map.of(), () -> {
			Optional<ExecutionOwner> before = this.ownership.find(executionId, this.deadAfter);
			if (before.isPresent() && before.get().processGone() && before.get().recoveredAt() == null
					&& this.recovery.recover(executionId, actor).isPresent()) {
				// nobody is left to stop it: stopping would leave it STOPPING for good
				throw new OperationRefusedException(Refusal.NOT_RUNNING, "execution " + executionId + " ran on "
						+ before.get().describe() + ", so nothing can stop it; it was recovered now as FAILED: "
						+ "restart it with 'jobs restart " + executionId + "'");
			}
			JobExecution execution = this.checks.requireExecution(executionId);
			OperationChecks.refuseUnlessStoppable(execution);
			JobExecution stopping = requestStop(executionId);
			Optional<ExecutionOwner> owner = this.ownership.find(executionId, this.deadAfter);
			String where = owner
				.map((o) -> o.alive()
						? " on " + o.describe()
								+ "; it becomes STOPPED at its next chunk boundary, then it can be restarted"
						: " but its node " + o.describe() + " is gone; it will be recovered as FAILED once its "
								+ "heartbeat is " + this.deadAfter.toSeconds() + " s old (or now: jobs recover "
								+ executionId + ")")
				.orElse("; it becomes STOPPED at its next chunk boundary");
			return new Done(this.history.summary(stopping, this.clock.instant()),
					"stop requested for execution " + executionId + " of job " + jobName(execution) + where);
		});
	}

	/**
	 * Marks a STOPPED or FAILED execution ABANDONED: its instance will not be restarted
	 * (nor run again with the same identifying parameters). Audited as
	 * {@code job.abandon}.
	 * @param executionId the execution to abandon
	 * @param actor who asks
	 * @return the execution, now ABANDONED
	 * @throws OperationRefusedException if there is no such execution, it is still
	 * running, COMPLETED or already ABANDONED
	 */
	public ExecutionSummary abandon(long executionId, Actor actor) {
		return audited(actor, "job.abandon", String.valueOf(executionId), Map.of(), () -> {
			JobExecution execution = this.checks.requireExecution(executionId);
			OperationChecks.refuseUnlessAbandonable(execution);
			try {
				JobExecution abandoned = this.runs.operator().abandon(execution);
				return new Done(this.history.summary(abandoned, this.clock.instant()),
						"execution " + executionId + " of job " + jobName(execution) + " abandoned; job "
								+ jobName(execution) + " with parameters "
								+ OperationChecks.identifyingText(execution.getJobParameters())
								+ " will not run again");
			}
			catch (JobExecutionAlreadyRunningException ex) {
				throw new OperationRefusedException(Refusal.STILL_RUNNING,
						"execution " + executionId + " is running; stop it first (jobs stop " + executionId + ")", ex);
			}
		});
	}

	/**
	 * Recovers a running execution whose node is gone (or that no node owns): marks it
	 * and its running steps FAILED, so that it can be restarted. The server and the CLI
	 * also do this on their own for executions of dead nodes
	 * ({@link ExecutionRecovery#sweep}). Audited as {@code job.recover}.
	 * @param executionId the execution to recover
	 * @param actor who asks
	 * @return the execution, now FAILED
	 * @throws OperationRefusedException if there is no such execution, it is not running,
	 * or its node is alive
	 */
	public ExecutionSummary recover(long executionId, Actor actor) {
		String target = String.valueOf(executionId);
		try {
			JobExecution execution = this.checks.requireExecution(executionId);
			if (!execution.isRunning()) {
				throw new OperationRefusedException(Refusal.NOT_RUNNING,
						"execution " + executionId + " is " + execution.getStatus()
								+ ", not running; only a running execution of a dead node is recovered");
			}
			Optional<ExecutionOwner> owner = this.ownership.find(executionId, this.deadAfter);
			if (owner.isPresent() && owner.get().alive()) {
				throw new OperationRefusedException(Refusal.OWNER_ALIVE,
						"execution " + executionId + " runs on " + owner.get().describe()
								+ ", whose heartbeat is fresh; stop it instead (jobs stop " + executionId + ")");
			}
			return this.recovery.recover(executionId, actor)
				.map((recovered) -> this.history.summary(recovered, this.clock.instant()))
				.orElseThrow(() -> new OperationRefusedException(Refusal.NOT_RUNNING,
						"execution " + executionId + " was recovered or ended meanwhile"));
		}
		catch (OperationRefusedException ex) {
			record(actor, "job.recover", target, Map.of(), AuditOutcome.REFUSED, ex.getMessage());
			throw ex;
		}
		catch (RuntimeException ex) {
			record(actor, "job.recover", target, Map.of(), AuditOutcome.ERROR, describe(ex));
			throw ex;
		}
	}

	/**
	 * Waits until a run of this process ends or {@code maxWait} passes, then reads the
	 * execution: a poll that wakes early when a local run ends. For progress displays.
	 * @return the execution as it is now
	 * @throws OperationRefusedException ({@link Refusal#NO_SUCH_EXECUTION}) if there is
	 * no such execution
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public ExecutionDetail awaitProgress(long executionId, Duration maxWait) throws InterruptedException {
		// a run that ended before this call signalled nobody: answer at once instead of sleeping maxWait
		ExecutionDetail before = execution(executionId);
		if (!before.summary().running()) {
			return before;
		}
		this.runs.awaitRunEnd(maxWait);
		return execution(executionId);
	}

	private ExecutionDetail execution(long executionId) {
		return this.history.execution(executionId)
			.orElseThrow(() -> new OperationRefusedException(Refusal.NO_SUCH_EXECUTION,
					"no execution with id " + executionId));
	}

	private Done launch(Job job, JobParameters base, Actor actor) {
		try (JobStartLock.Held held = this.startLock.tryAcquire(job.getName())) {
			this.recovery.recoverGoneProcessesOnThisHost(); // a run whose process died here does not block
			this.checks.refuseIfRunning(job.getName());
			this.checks.refuseIfInstanceCannotRun(job, base);
			JobParameters parameters = new JobParametersBuilder(base).addString(TRIGGERED_BY, actor.name(), false)
				.addString(TRIGGERED_CHANNEL, actor.channel().code(), false)
				.toJobParameters();
			JobExecution execution = this.runs.launch(job, parameters);
			this.ownership.own(execution.getId(), this.node);
			return new Done(this.history.summary(execution, this.clock.instant()),
					"started execution " + execution.getId() + " of job " + job.getName() + " (instance "
							+ execution.getJobInstanceId() + ") with parameters "
							+ OperationChecks.identifyingText(parameters) + " on " + this.node.describe());
		}
		catch (JobExecutionAlreadyRunningException ex) {
			throw new OperationRefusedException(Refusal.ALREADY_RUNNING, "job " + job.getName() + " with parameters "
					+ OperationChecks.identifyingText(base) + " is already running", ex);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			throw OperationChecks.alreadyComplete(job, base, ex);
		}
		catch (JobRestartException ex) {
			// Spring Batch reports a completed instance as a restart failure: say what it
			// really is
			if (ex.getCause() instanceof JobInstanceAlreadyCompleteException complete) {
				throw OperationChecks.alreadyComplete(job, base, complete);
			}
			throw new OperationRefusedException(Refusal.NOT_RESTARTABLE, "job " + job.getName() + " with parameters "
					+ OperationChecks.identifyingText(base) + " cannot be restarted: " + ex.getMessage(), ex);
		}
		catch (InvalidJobParametersException ex) {
			throw new OperationRefusedException(Refusal.INVALID_PARAMETERS, "job " + job.getName()
					+ " refuses the parameters " + OperationChecks.identifyingText(base) + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Spring Batch's startNextInstance: the incrementer applied to the last instance's
	 * parameters.
	 */
	/**
	 * The job's next plain instance: its incrementer applied to the highest run id the job
	 * has had, and to nothing else. Spring Batch's {@code RunIdIncrementer} copies every
	 * parameter it is given, so feeding it the last instance's parameters would carry an
	 * operator's one-off run ({@code dry-run=true}, {@code mode=rebuild}) into every
	 * scheduled run after it, and a one-off run without a run id would restart the count at
	 * 1, on an instance that already completed.
	 */
	private JobParameters nextInstance(Job job) {
		JobParametersBuilder previous = new JobParametersBuilder();
		this.history.lastRunId(job.getName()).ifPresent((id) -> previous.addLong(ExecutionHistory.RUN_ID, id));
		return job.getJobParametersIncrementer().getNext(previous.toJobParameters());
	}

	/**
	 * Marks the execution STOPPING, without an end time: the run itself sets STOPPED (and
	 * its end time) once it has stopped at a chunk boundary. Spring Batch 6's
	 * {@code JobOperator.stop} would write STOPPED at once, while the run is still
	 * finishing its chunk, and a restart in between would overlap it.
	 */
	private JobExecution requestStop(long executionId) {
		for (int attempt = 1;; attempt++) {
			JobExecution execution = this.checks.requireExecution(executionId);
			OperationChecks.refuseUnlessStoppable(execution);
			execution.setStatus(BatchStatus.STOPPING);
			try {
				this.repository.update(execution);
				return execution;
			}
			catch (OptimisticLockingFailureException ex) {
				// the run updated the execution at the same moment: read it again and
				// retry once
				if (attempt == 2) {
					throw ex;
				}
			}
		}
	}

	private static JobParameters withoutTrigger(JobParameters parameters) {
		return new JobParameters(parameters.parameters()
			.stream()
			.filter((p) -> !p.name().equals(TRIGGERED_BY) && !p.name().equals(TRIGGERED_CHANNEL))
			.collect(Collectors.toSet()));
	}

	private static String jobName(JobExecution execution) {
		return execution.getJobInstance().getJobName();
	}

	private ExecutionSummary audited(Actor actor, String action, String target, Map<String, ?> parameters,
			Supplier<Done> operation) {
		Done done;
		try {
			done = operation.get();
		}
		catch (OperationRefusedException ex) {
			record(actor, action, target, parameters, AuditOutcome.REFUSED, ex.getMessage());
			throw ex;
		}
		catch (RuntimeException ex) {
			record(actor, action, target, parameters, AuditOutcome.ERROR, describe(ex));
			throw ex;
		}
		this.audit.record(new AuditEvent(actor, action, target, parameters, AuditOutcome.OK, done.detail()));
		return done.summary();
	}

	/**
	 * Records a refusal or an error; a failure to record is logged, never hides the
	 * original problem.
	 */
	private void record(Actor actor, String action, String target, Map<String, ?> parameters, AuditOutcome outcome,
			String detail) {
		try {
			this.audit.record(new AuditEvent(actor, action, target, parameters, outcome, detail));
		}
		catch (RuntimeException ex) {
			logger.error("Could not audit {} {} {} ({}): {}", action, target, outcome, detail, ex.toString());
		}
	}

	private static String describe(RuntimeException ex) {
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	/** The result of an action and what the audit row says about it. */
	private record Done(ExecutionSummary summary, String detail) {

	}

}
