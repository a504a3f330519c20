package com.treasurybatch.shared.partitioning;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.PollableChannel;
import org.springframework.stereotype.Component;

/**
 * Gives a partitioned step its {@link PartitionHandler}, by {@code treasury.partitioning.mode}: LOCAL, Spring Batch's
 * {@link TaskExecutorPartitionHandler} on at most {@code localThreads} threads of this node; REMOTE,
 * spring-batch-integration's {@link MessageChannelPartitionHandler} sending one request per partition to the
 * partition request channel (a PostgreSQL table, {@link PartitionRequests}) and polling the job repository every
 * {@code poll-interval} until every partition has ended, with no timeout: a partition whose worker died is run again
 * by another, and the step waits for it.
 */
@Component
public class PartitionHandlers {

	/** Bean name of the partition request channel (remote mode only). */
	public static final String REQUEST_CHANNEL = "partitionRequestChannel";

	private final PartitioningProperties properties;

	private final ObjectProvider<JobRepository> jobRepository;

	private final ObjectProvider<PollableChannel> channels;

	/**
	 * @param properties the mode and the poll interval
	 * @param jobRepository the job repository the waiting step reads (a context without jobs has none)
	 * @param channels the partition request channel, present in remote mode
	 */
	public PartitionHandlers(PartitioningProperties properties, ObjectProvider<JobRepository> jobRepository,
			@Qualifier(REQUEST_CHANNEL) ObjectProvider<PollableChannel> channels) {
		this.properties = properties;
		this.jobRepository = jobRepository;
		this.channels = channels;
	}

	/**
	 * A partitioned step: {@code partitioner} cuts the work into at most {@code gridSize} partitions, each running
	 * {@code workerStep}, through {@link #handler}; a failure names the failed partitions and their reasons
	 * ({@link ExplainingPartitionStep}).
	 * @param name the step's name
	 * @param workerStep the step each partition runs
	 * @param partitioner the partitions' contexts
	 * @param gridSize partitions asked of the partitioner
	 * @param localThreads LOCAL: partitions run at once on this node
	 * @param threadPrefix LOCAL: the threads' name prefix
	 * @param allowStartIfComplete whether a restart runs the step (and its completed partitions) again
	 * @return the step, initialised
	 * @throws IllegalStateException when the step cannot be set up
	 */
	public Step partitionedStep(String name, Step workerStep, Partitioner partitioner, int gridSize,
			int localThreads, String threadPrefix, boolean allowStartIfComplete) {
		JobRepository repository = this.jobRepository.getObject();
		ExplainingPartitionStep step = new ExplainingPartitionStep(repository, workerStep.getName());
		step.setName(name);
		step.setAllowStartIfComplete(allowStartIfComplete);
		step.setPartitionHandler(handler(workerStep, gridSize, localThreads, threadPrefix));
		SimpleStepExecutionSplitter splitter = new SimpleStepExecutionSplitter(repository, workerStep.getName(),
				partitioner);
		splitter.setAllowStartIfComplete(workerStep.isAllowStartIfComplete());
		step.setStepExecutionSplitter(splitter);
		try {
			step.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot set up the partitioned step " + name, ex);
		}
		return step;
	}

	/** The mode partitioned steps run in. */
	public PartitioningMode mode() {
		return this.properties.mode();
	}

	/**
	 * @param workerStep the step each partition runs; in remote mode, located by its name on the worker
	 * ({@link StepsByName}), so its name must be unique among the context's steps
	 * @param gridSize partitions asked of the partitioner
	 * @param localThreads LOCAL: partitions run at once on this node
	 * @param threadPrefix LOCAL: the threads' name prefix, e.g. {@code payouts-}
	 * @return a handler, initialised
	 * @throws IllegalStateException when the remote mode's channel is missing
	 */
	public PartitionHandler handler(Step workerStep, int gridSize, int localThreads, String threadPrefix) {
		if (this.properties.mode() == PartitioningMode.REMOTE) {
			PollableChannel channel = this.channels.getIfAvailable();
			if (channel == null) {
				throw new IllegalStateException("treasury.partitioning.mode=remote but no partition request channel");
			}
			MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
			handler.setStepName(workerStep.getName());
			handler.setGridSize(gridSize);
			handler.setMessagingOperations(new MessagingTemplate(channel));
			handler.setJobRepository(this.jobRepository.getObject());
			handler.setPollInterval(this.properties.pollInterval().toMillis());
			return initialised(handler, workerStep);
		}
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadPrefix);
		executor.setConcurrencyLimit(localThreads);
		TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
		handler.setStep(workerStep);
		handler.setGridSize(gridSize);
		handler.setTaskExecutor(executor);
		return initialised(handler, workerStep);
	}

	private static <T extends InitializingBean> T initialised(T bean, Step workerStep) {
		try {
			bean.afterPropertiesSet();
			return bean;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot set up the partitions of " + workerStep.getName(), ex);
		}
	}

}
