package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * The preconditions of job operations, each refusing in plain words
 * ({@link OperationRefusedException}) before anything changes.
 */
@Component
class OperationChecks {

	private final JobRepository repository;

	private final ExecutionOwnership ownership;

	private final Duration deadAfter;

	OperationChecks(JobRepository repository, ExecutionOwnership ownership, OperationsProperties properties) {
		this.repository = repository;
		this.ownership = ownership;
		this.deadAfter = Duration.ofSeconds(properties.nodeDeadAfterSeconds());
	}

	/**
	 * Refuses when the job has a running execution (two runs of one job never overlap).
	 * @throws OperationRefusedException ({@link Refusal#ALREADY_RUNNING}) naming the
	 * running execution and its node
	 */
	void refuseIfRunning(String jobName) {
		Set<JobExecution> running = this.repository.findRunningJobExecutions(jobName);
		Optional<JobExecution> first = running.stream().min(Comparator.comparing(JobExecution::getId));
		if (first.isEmpty()) {
			return;
		}
		JobExecution execution = first.get();
		long id = execution.getId();
		Optional<ExecutionOwner> owner = this.ownership.find(id, this.deadAfter);
		String head = "job " + jobName + " is already running: execution " + id + " is " + execution.getStatus();
		String rest;
		if (owner.isEmpty()) {
			rest = " and no node owns it; two runs of one job never overlap. If its process is gone, recover it "
					+ "(jobs recover " + id + "), then restart it (jobs restart " + id + ")";
		}
		else if (owner.get().alive()) {
			rest = " on " + owner.get().describe() + "; two runs of one job never overlap. If no heartbeat comes for "
					+ this.deadAfter.toSeconds() + " s, its node is taken for dead and the run is recovered as FAILED; "
					+ "meanwhile wait for it to end or stop it (jobs stop " + id + ")";
		}
		else {
			rest = " on " + owner.get().describe() + ", whose node is gone: the run is recovered as FAILED by the "
					+ "next sweep (or now: jobs recover " + id + "), then restart it (jobs restart " + id
					+ "); two runs of one job never overlap";
		}
		throw new OperationRefusedException(Refusal.ALREADY_RUNNING, head + rest);
	}

	/**
	 * Refuses when the instance of these identifying parameters exists and must not run
	 * again: COMPLETED, ABANDONED, UNKNOWN, or not restartable.
	 * @throws OperationRefusedException saying which execution ended how
	 */
	void refuseIfInstanceCannotRun(Job job, JobParameters parameters) {
		JobInstance instance = this.repository.getJobInstance(job.getName(), parameters);
		if (instance == null) {
			return;
		}
		List<JobExecution> executions = this.repository.getJobExecutions(instance)
			.stream()
			.sorted(Comparator.comparing(JobExecution::getId))
			.toList();
		String name = job.getName();
		String params = identifyingText(parameters);
		for (JobExecution execution : executions) {
			switch (execution.getStatus()) {
				case COMPLETED -> throw new OperationRefusedException(Refusal.ALREADY_COMPLETE,
						"job " + name + " with parameters " + params + " already COMPLETED in execution "
								+ execution.getId() + "; a completed instance does not run again");
				case ABANDONED -> throw new OperationRefusedException(Refusal.ALREADY_COMPLETE,
						"job " + name + " with parameters " + params + " was ABANDONED in execution "
								+ execution.getId() + "; an abandoned instance does not run again");
				case UNKNOWN -> throw new OperationRefusedException(Refusal.NOT_RESTARTABLE, "job " + name
						+ " with parameters " + params + " ended UNKNOWN in execution " + execution.getId()
						+ " (a failure that could not be rolled back); check its effects by hand, then abandon it");
				default -> {
				}
			}
		}
		if (!job.isRestartable() && !executions.isEmpty()) {
			JobExecution last = executions.get(executions.size() - 1);
			throw new OperationRefusedException(Refusal.NOT_RESTARTABLE,
					"job " + name + " with parameters " + params + " already ran (execution " + last.getId() + " "
							+ last.getStatus() + ") and the job is not restartable");
		}
	}

	/** Refuses unless the execution is STARTING or STARTED. */
	static void refuseUnlessStoppable(JobExecution execution) {
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.STOPPING) {
			throw new OperationRefusedException(Refusal.NOT_RUNNING, "execution " + execution.getId()
					+ " is already STOPPING; it becomes STOPPED at its next chunk boundary");
		}
		if (status != BatchStatus.STARTING && status != BatchStatus.STARTED) {
			throw new OperationRefusedException(Refusal.NOT_RUNNING, "execution " + execution.getId() + " is " + status
					+ ", not running; only a STARTING or STARTED execution can be stopped");
		}
	}

	/** Refuses unless the execution is STOPPED or FAILED (or UNKNOWN). */
	static void refuseUnlessAbandonable(JobExecution execution) {
		long id = execution.getId();
		switch (execution.getStatus()) {
			case STARTING,
					STARTED ->
				throw new OperationRefusedException(Refusal.STILL_RUNNING,
						"execution " + id + " is " + execution.getStatus() + "; stop it first (jobs stop " + id
								+ "), then abandon it once it is STOPPED");
			case STOPPING -> throw new OperationRefusedException(Refusal.STILL_RUNNING, "execution " + id
					+ " is STOPPING; abandon it once it is STOPPED (or FAILED, if its node died and it was recovered)");
			case COMPLETED -> throw new OperationRefusedException(Refusal.ALREADY_COMPLETE,
					"execution " + id + " COMPLETED; only a STOPPED or FAILED execution can be abandoned");
			case ABANDONED -> throw new OperationRefusedException(Refusal.ALREADY_COMPLETE,
					"execution " + id + " is already ABANDONED");
			default -> {
			}
		}
	}

	/**
	 * The execution with its parameters and steps.
	 * @throws OperationRefusedException ({@link Refusal#NO_SUCH_EXECUTION}) if there is
	 * none
	 */
	JobExecution requireExecution(long executionId) {
		return JobExecutions.find(this.repository, executionId)
			.orElseThrow(() -> new OperationRefusedException(Refusal.NO_SUCH_EXECUTION,
					"no execution with id " + executionId));
	}

	/** The plain-language refusal for a completed instance that Spring Batch reported. */
	static OperationRefusedException alreadyComplete(Job job, JobParameters parameters, Exception cause) {
		return new OperationRefusedException(Refusal.ALREADY_COMPLETE, "job " + job.getName() + " with parameters "
				+ identifyingText(parameters) + " already COMPLETED; a completed instance does not run again", cause);
	}

	/**
	 * The identifying parameters as operators write them, sorted by name, e.g.
	 * {@code {date=2026-11-20}}.
	 */
	static String identifyingText(JobParameters parameters) {
		return parameters.getIdentifyingParameters()
			.stream()
			.sorted(Comparator.comparing(JobParameter::name))
			.map((p) -> p.name() + "=" + p.value())
			.collect(Collectors.joining(", ", "{", "}"));
	}

}
