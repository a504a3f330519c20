package com.treasurybatch.jobs;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * A job started with exactly the parameters given, as the launcher starts one (its incrementer hidden: Spring Batch 6's
 * {@code JobOperator.start} would otherwise ignore the parameters of a job that has one).
 */
public final class AsGiven implements Job {

	private final Job job;

	/** @param job the job to run */
	public AsGiven(Job job) {
		this.job = job;
	}

	@Override
	public String getName() {
		return this.job.getName();
	}

	@Override
	public boolean isRestartable() {
		return this.job.isRestartable();
	}

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
		this.job.execute(execution);
	}

}
