package com.treasurybatch.shared.batch;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * A job that runs with exactly the parameters it is started with: the wrapped job with its incrementer hidden.
 * Spring Batch 6's {@code JobOperator.start(job, parameters)} ignores the given parameters of a job that has an
 * incrementer and starts its next instance instead; whoever decides when a next instance is due (the launcher's
 * operations, or a test) starts this wrapper.
 */
public class AsGivenJob implements Job {

	private final Job job;

	private final Runnable afterRun;

	/** @param job the job to run */
	public AsGivenJob(Job job) {
		this(job, () -> {
		});
	}

	/**
	 * @param job the job to run
	 * @param afterRun called when a run of the job ends, however it ends
	 */
	public AsGivenJob(Job job, Runnable afterRun) {
		this.job = job;
		this.afterRun = afterRun;
	}

	@Override
	public String getName() {
		return this.job.getName();
	}

	@Override
	public boolean isRestartable() {
		return this.job.isRestartable();
	}

	/** @return {@code null}: the parameters given are the parameters run */
	@Override
	public JobParametersIncrementer getJobParametersIncrementer() {
		return null;
	}

	@Override
	public JobParametersValidator getJobParametersValidator() {
		return this.job.getJobParametersValidator();
	}

	@Override
	public void execute(JobExecution execution) throws JobInterruptedException {
		try {
			this.job.execute(execution);
		}
		finally {
			this.afterRun.run();
		}
	}

	@Override
	public String toString() {
		return this.job.toString();
	}

}
