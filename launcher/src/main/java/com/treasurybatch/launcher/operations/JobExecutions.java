package com.treasurybatch.launcher.operations;

import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/** Reading one execution by id, whichever way the repository says "no such execution". */
final class JobExecutions {

	private JobExecutions() {
	}

	/**
	 * The execution with its parameters and steps. Spring Batch 6's JDBC repository
	 * throws {@link EmptyResultDataAccessException} for an unknown id where its contract
	 * says {@code null}; both mean empty here.
	 */
	static Optional<JobExecution> find(JobRepository repository, long executionId) {
		try {
			return Optional.ofNullable(repository.getJobExecution(executionId));
		}
		catch (EmptyResultDataAccessException ex) {
			return Optional.empty();
		}
	}

}
