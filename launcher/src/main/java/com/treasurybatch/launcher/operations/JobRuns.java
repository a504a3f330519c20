package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.launch.support.JobOperatorFactoryBean;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.batch.AsGivenJob;

/**
 * Runs jobs on this process's own bounded thread pool, through a Spring Batch
 * {@link JobOperator} of its own (Boot's {@code jobOperator} bean runs jobs on the
 * caller's thread and stays as it is).
 *
 * <p>
 * Invariants:
 * <ul>
 * <li>a launch runs with exactly the parameters given: the job's incrementer is never
 * applied here (the caller decides when to start a next instance), so a restart keeps its
 * identifying parameters;</li>
 * <li>between {@link #close} (or {@link #refuseLaunches}) and {@link #open}, nothing new
 * is launched.</li>
 * </ul>
 */
@Component
class JobRuns {

	private final JobOperator operator;

	private final ThreadPoolTaskExecutor executor;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition runEnded = this.lock.newCondition();

	private volatile boolean closing;

	JobRuns(JobRepository repository, KnownJobs jobs, PlatformTransactionManager transactionManager,
			ObjectProvider<ObservationRegistry> observations, OperationsProperties properties) throws Exception {
		this.executor = new ThreadPoolTaskExecutor();
		this.executor.setThreadNamePrefix("job-run-");
		this.executor.setCorePoolSize(properties.runsConcurrentMax());
		this.executor.setMaxPoolSize(properties.runsConcurrentMax());
		this.executor.setQueueCapacity(properties.runsQueuedMax());
		this.executor.setWaitForTasksToCompleteOnShutdown(true);
		this.executor.setAwaitTerminationSeconds(properties.shutdownWaitSeconds());
		this.executor.initialize();
		JobOperatorFactoryBean factory = new JobOperatorFactoryBean();
		factory.setJobRepository(repository);
		factory.setJobRegistry(jobs.registry());
		factory.setTransactionManager(transactionManager);
		factory.setTaskExecutor(this.executor);
		observations.ifAvailable(factory::setObservationRegistry);
		factory.afterPropertiesSet();
		this.operator = factory.getObject();
	}

	/**
	 * Creates the execution (committed when this returns) and queues the run on this
	 * process's pool.
	 * @param job the job to run
	 * @param parameters all parameters, identifying and not, exactly as they are to be
	 * stored
	 * @return the new execution, usually still STARTING
	 * @throws OperationRefusedException ({@link Refusal#SHUTTING_DOWN}) once the process
	 * is shutting down
	 * @throws JobExecutionAlreadyRunningException if the instance has a running execution
	 * @throws JobRestartException if the instance exists and cannot be restarted
	 * @throws JobInstanceAlreadyCompleteException if the instance completed or was
	 * abandoned
	 * @throws InvalidJobParametersException if the job's validator refuses the parameters
	 */
	JobExecution launch(Job job, JobParameters parameters) throws JobExecutionAlreadyRunningException,
			JobRestartException, JobInstanceAlreadyCompleteException, InvalidJobParametersException {
		if (this.closing) {
			throw new OperationRefusedException(Refusal.SHUTTING_DOWN,
					"this process is shutting down and starts no job; try again on another node or after restart");
		}
		return this.operator.start(new AsGivenJob(job, this::signalRunEnded), parameters);
	}

	/** The operator, for stop, abandon and recover (they change the repository only). */
	JobOperator operator() {
		return this.operator;
	}

	/**
	 * Waits until a run of this process ends, or the time passes, whichever comes first.
	 * @param maxWait longest wait
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	void awaitRunEnd(Duration maxWait) throws InterruptedException {
		this.lock.lock();
		try {
			this.runEnded.await(maxWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Accepts launches (again, after {@link #close}). */
	void open() {
		if (this.executor.getThreadPoolExecutor().isShutdown()) {
			this.executor.initialize();
		}
		this.closing = false;
	}

	/** Refuses launches from now on; running jobs continue. */
	void refuseLaunches() {
		this.closing = true;
	}

	/**
	 * Refuses launches and waits for the pool to finish what it runs, up to the
	 * configured shutdown wait.
	 * @return whether every run ended in time
	 */
	boolean close() {
		refuseLaunches();
		this.executor.shutdown();
		return this.executor.getThreadPoolExecutor().isTerminated();
	}

	private void signalRunEnded() {
		this.lock.lock();
		try {
			this.runEnded.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
