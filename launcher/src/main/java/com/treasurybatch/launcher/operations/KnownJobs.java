package com.treasurybatch.launcher.operations;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.stereotype.Component;

/**
 * The jobs this application can run, by name: the application's {@link JobRegistry} bean (declared in the jobs
 * module, filled with every {@link Job} bean).
 */
@Component
class KnownJobs {

	private final JobRegistry registry;

	KnownJobs(JobRegistry registry) {
		this.registry = registry;
	}

	/** The registry the job operator looks jobs up in. */
	JobRegistry registry() {
		return this.registry;
	}

	/** Every job name, sorted. */
	SortedSet<String> names() {
		return new TreeSet<>(this.registry.getJobNames());
	}

	/** The job of that name, if registered. */
	Optional<Job> find(String name) {
		return Optional.ofNullable(this.registry.getJob(name));
	}

	/**
	 * The job of that name.
	 * @throws OperationRefusedException ({@link Refusal#NO_SUCH_JOB}) naming the known
	 * jobs
	 */
	Job require(String name) {
		return find(name).orElseThrow(() -> new OperationRefusedException(Refusal.NO_SUCH_JOB, "no job named '" + name
				+ "'; known jobs: " + (names().isEmpty() ? "none" : String.join(", ", names()))));
	}

}
