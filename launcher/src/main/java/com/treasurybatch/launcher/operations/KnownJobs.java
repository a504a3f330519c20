package com.treasurybatch.launcher.operations;

import java.util.Collection;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The jobs this application can run, by name: the application's {@link JobRegistry} bean,
 * or, while no such bean is declared, a read-only view over the {@link Job} beans.
 */
@Component
class KnownJobs {

	private final JobRegistry registry;

	KnownJobs(ObjectProvider<JobRegistry> registry, ObjectProvider<Job> jobs) {
		this.registry = registry.getIfAvailable(() -> new JobBeans(jobs));
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

	/**
	 * A registry over the Job beans, for when the application declares no registry of its
	 * own.
	 */
	private static final class JobBeans implements JobRegistry {

		private final ObjectProvider<Job> jobs;

		JobBeans(ObjectProvider<Job> jobs) {
			this.jobs = jobs;
		}

		@Override
		public Job getJob(String name) {
			return this.jobs.orderedStream().filter((job) -> job.getName().equals(name)).findFirst().orElse(null);
		}

		@Override
		public Collection<String> getJobNames() {
			return this.jobs.orderedStream().map(Job::getName).toList();
		}

		@Override
		public void register(Job job) {
			throw new UnsupportedOperationException("Declare jobs as beans; this view is read-only");
		}

		@Override
		public void unregister(String jobName) {
			throw new UnsupportedOperationException("Declare jobs as beans; this view is read-only");
		}

	}

}
