package com.treasurybatch.shared.partitioning;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * A partitioned step whose failure says which partitions failed and why, first: Spring Batch's own
 * {@link PartitionStep} fails with "Partition handler returned an unsuccessful step" and its stack trace, which fills
 * the exit description (2,500 characters in the job repository) before the partitions' own reasons. Here the step
 * fails with {@link PartitionsFailedException}, whose message names each unsuccessful partition of this run with the
 * first line of its exit description (e.g. {@code rebuildRollupDaysStep:days1 FAILED:
 * java.lang.IllegalStateException: Cannot rebuild 2023-02-09: ...}), and no stack trace.
 */
public class ExplainingPartitionStep extends PartitionStep {

	/** Most characters of the reasons kept. */
	static final int REASONS_MAX = 1_500;

	private final JobRepository repository;

	private final String workerStepName;

	/**
	 * @param repository the job repository, read again for the partitions' ends (they may have run elsewhere)
	 * @param workerStepName the step the partitions run, whose executions are named {@code workerStepName:partition}
	 */
	public ExplainingPartitionStep(JobRepository repository, String workerStepName) {
		super(repository);
		this.repository = repository;
		this.workerStepName = workerStepName;
	}

	@Override
	protected void doExecute(StepExecution stepExecution) throws Exception {
		try {
			super.doExecute(stepExecution);
		}
		catch (JobExecutionException ex) {
			if (!stepExecution.getStatus().isUnsuccessful()) {
				throw ex;
			}
			throw new PartitionsFailedException(reasons(stepExecution));
		}
	}

	private String reasons(StepExecution manager) {
		JobExecution execution = this.repository.getJobExecution(manager.getJobExecutionId());
		List<StepExecution> partitions = (execution != null) ? List.copyOf(execution.getStepExecutions()) : List.of();
		String reasons = partitions.stream()
			.filter((step) -> step.getStepName().startsWith(this.workerStepName + ":") && step.getId() > manager.getId()
					&& step.getStatus().isUnsuccessful())
			.map((step) -> step.getStepName() + " " + step.getStatus() + ": "
					+ step.getExitStatus().getExitDescription().lines().findFirst().orElse("(no reason recorded)"))
			.collect(Collectors.joining("; "));
		if (reasons.isEmpty()) {
			return "a partition of " + getName() + " did not complete";
		}
		return (reasons.length() > REASONS_MAX) ? reasons.substring(0, REASONS_MAX) + "..." : reasons;
	}

	/** The step's failure: the unsuccessful partitions and their reasons, with no stack trace. */
	public static class PartitionsFailedException extends JobExecutionException {

		private static final long serialVersionUID = 1L;

		PartitionsFailedException(String reasons) {
			super("Partitions failed: " + reasons);
			setStackTrace(new StackTraceElement[0]);
		}

	}

}
