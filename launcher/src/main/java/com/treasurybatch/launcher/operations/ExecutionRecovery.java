package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * Recovers executions left running (STARTING, STARTED, STOPPING) by a node that died:
 * Spring Batch 6's {@code JobOperator.recover} marks the execution and its running steps
 * FAILED, so that it can be restarted from its last committed chunk.
 *
 * <p>
 * Invariants:
 * <ul>
 * <li>an execution is recovered only when its owner node is gone (no row, or a heartbeat
 * older than the dead-after duration), never behind a live node's back; executions
 * without an owner are only reported, or recovered on an operator's explicit
 * request;</li>
 * <li>each execution is recovered once, by one node: the claim, the recovery and its
 * audit row commit together;</li>
 * <li>a node that was taken for dead but comes back cannot commit another chunk of a
 * recovered execution: the recovery bumped the step execution's version, so the chunk's
 * optimistic-lock update fails and its transaction rolls back.</li>
 * </ul>
 */
@Component
class ExecutionRecovery {

	/** Most executions one sweep recovers (the rest wait for the next sweep). */
	static final int SWEEP_EXECUTIONS_MAX = 100;

	private static final Logger logger = LoggerFactory.getLogger(ExecutionRecovery.class);

	private final ExecutionOwnership ownership;

	private final NodeRegistry nodes;

	private final JobRepository repository;

	private final JobRuns runs;

	private final AuditLog audit;

	private final BatchNode self;

	private final Duration deadAfter;

	private final TransactionTemplate transaction;

	ExecutionRecovery(ExecutionOwnership ownership, NodeRegistry nodes, JobRepository repository, JobRuns runs,
			AuditLog audit, BatchNode self, OperationsProperties properties,
			PlatformTransactionManager transactionManager) {
		this.ownership = ownership;
		this.nodes = nodes;
		this.repository = repository;
		this.runs = runs;
		this.audit = audit;
		this.self = self;
		this.deadAfter = Duration.ofSeconds(properties.nodeDeadAfterSeconds());
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Recovers the running executions of dead nodes (at most
	 * {@link #SWEEP_EXECUTIONS_MAX}), reports running executions without an owner, and
	 * removes dead nodes' rows. Audited as {@code job.recover} by {@link Actor#SYSTEM},
	 * one row per execution.
	 * @return how many executions this node recovered
	 */
	int sweep() {
		int recovered = recoverGoneProcessesOnThisHost();
		for (long executionId : this.ownership.orphans(this.self, this.deadAfter, SWEEP_EXECUTIONS_MAX)) {
			try {
				if (recover(executionId, Actor.SYSTEM).isPresent()) {
					recovered++;
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not recover execution {}; the next sweep tries again", executionId, ex);
			}
		}
		List<Long> unowned = this.ownership.unowned(SWEEP_EXECUTIONS_MAX);
		if (!unowned.isEmpty()) {
			logger.warn("Running executions {} have no owner node (started outside this service?); if their process "
					+ "is gone, recover them with 'jobs recover <id>'", unowned);
		}
		this.nodes.removeDead(this.deadAfter);
		return recovered;
	}

	/**
	 * Recovers, at once, the running executions of processes on this host that no longer exist (a CLI killed
	 * with {@code kill -9}): no need to wait for their heartbeat to go stale. Audited as {@code job.recover} by
	 * {@link Actor#SYSTEM}. Cheap (one indexed query): operations call it before they judge a running execution.
	 * @return how many executions this node recovered
	 */
	int recoverGoneProcessesOnThisHost() {
		int recovered = 0;
		for (long executionId : this.ownership.ownedByGoneProcessesOnThisHost()) {
			try {
				if (recover(executionId, Actor.SYSTEM).isPresent()) {
					recovered++;
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not recover execution {} of a gone process; the next sweep tries again",
						executionId, ex);
			}
		}
		return recovered;
	}

	/**
	 * Recovers one execution, in one transaction with its claim and its audit row.
	 * @param executionId a running execution whose owner is gone (the caller checked)
	 * @param actor who recovers: {@link Actor#SYSTEM} for sweeps, the operator otherwise
	 * @return the recovered execution (FAILED), or empty if another node recovered it
	 * first or it ended meanwhile
	 */
	Optional<JobExecution> recover(long executionId, Actor actor) {
		return Optional.ofNullable(this.transaction.execute((status) -> {
			Optional<ExecutionOwner> owner = this.ownership.find(executionId, this.deadAfter);
			if (!this.ownership.claimRecovery(executionId, this.self)) {
				return null;
			}
			JobExecution execution = JobExecutions.find(this.repository, executionId).orElse(null);
			if (execution == null || !execution.isRunning()) {
				status.setRollbackOnly();
				return null;
			}
			String was = execution.getStatus().name();
			String why = owner.map((o) -> o.processGone() ? "its process " + o.host() + " pid " + o.pid()
					+ " no longer exists (" + o.heartbeatText() + ")"
					: "its node " + o.describe() + " stopped sending heartbeats")
				.orElse("no node owned it");
			ExitStatus exit = ExitStatus.FAILED.addExitDescription(
					"Recovered by " + this.self.describe() + ": " + why + "; the run was " + was + " and did not end");
			execution.setExitStatus(exit);
			for (StepExecution step : execution.getStepExecutions()) {
				if (step.getStatus().isRunning()) {
					step.setExitStatus(exit);
				}
			}
			JobExecution recovered = this.runs.operator().recover(execution);
			String jobName = execution.getJobInstance().getJobName();
			this.audit.record(new AuditEvent(actor, "job.recover", String.valueOf(executionId),
					Map.of("job", jobName, "owner", owner.map(ExecutionOwner::describe).orElse("none"), "was", was),
					AuditOutcome.OK, "execution " + executionId + " of job " + jobName + " was " + was + " but " + why
							+ "; marked FAILED, restart it with 'jobs restart " + executionId + "'"));
			logger.warn("Recovered execution {} of job {} ({} but {}); it is FAILED and can be restarted", executionId,
					jobName, was, why);
			return recovered;
		}));
	}

}
