package com.treasurybatch.shared.batch;

import java.util.stream.Collectors;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Gives an unsuccessful job execution of a flow job (one with a decider) the exit description of its failed steps.
 * A simple job (steps in a row) takes its last step's exit status, reason included; a flow job ends with the bare
 * status of its end state ({@code FAILED}, no description), so "which item and why" would be only in the steps.
 * Partitions (steps named {@code step:partition}) are left to their partitioned step, which names them.
 */
public class FailedStepsExitDescription implements JobExecutionListener {

	@Override
	public void afterJob(JobExecution jobExecution) {
		ExitStatus exit = jobExecution.getExitStatus();
		if (!jobExecution.getStatus().isUnsuccessful() || !exit.getExitDescription().isBlank()) {
			return;
		}
		String reasons = jobExecution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStatus().isUnsuccessful() && !step.getStepName().contains(":"))
			.map(StepExecution::getExitStatus)
			.map(ExitStatus::getExitDescription)
			.filter((description) -> !description.isBlank())
			.collect(Collectors.joining("; "));
		if (!reasons.isEmpty()) {
			jobExecution.setExitStatus(new ExitStatus(exit.getExitCode(), reasons));
		}
	}

}
