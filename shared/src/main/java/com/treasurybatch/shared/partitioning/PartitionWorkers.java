package com.treasurybatch.shared.partitioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.messaging.PollableChannel;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * This node's partition workers: {@code threads} polling consumers of the partition request channel, each on a
 * thread of its own, each poll a transaction of {@link PartitionRequests} that lasts as long as the partition runs
 * (one request per poll). Registered as integration flows when the context starts; on stop, no new request is
 * taken, running partitions are asked to stop at their next chunk boundary (never interrupted) and are handed back
 * ({@link PartitionRequestHandler}), waiting for that at most {@link #HAND_BACK_WAIT}; then the consumers go.
 */
public class PartitionWorkers implements SmartLifecycle {

	/** Longest a stopping node waits for its running partitions to end or be handed back, before its pools close. */
	static final Duration HAND_BACK_WAIT = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(PartitionWorkers.class);

	private final IntegrationFlowContext flows;

	private final PollableChannel channel;

	private final PartitionRequests requests;

	private final PartitionRequestHandler handler;

	private final PartitionWorkerListener partitions;

	private final int threads;

	private final Duration pollInterval;

	private final List<String> registered = new ArrayList<>();

	private ThreadPoolTaskScheduler scheduler;

	/**
	 * @param flows where the consumers are registered
	 * @param channel the partition request channel
	 * @param requests its store, whose transactions the polls run in
	 * @param handler runs each request
	 * @param partitions the partitions running here, asked to stop when this node stops
	 * @param threads partitions this node runs at once, at least 1
	 * @param pollInterval pause of an idle consumer between two polls
	 */
	public PartitionWorkers(IntegrationFlowContext flows, PollableChannel channel, PartitionRequests requests,
			PartitionRequestHandler handler, PartitionWorkerListener partitions, int threads, Duration pollInterval) {
		this.flows = flows;
		this.channel = channel;
		this.requests = requests;
		this.handler = handler;
		this.partitions = partitions;
		this.threads = threads;
		this.pollInterval = pollInterval;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		this.scheduler = new ThreadPoolTaskScheduler();
		this.scheduler.setPoolSize(this.threads);
		this.scheduler.setThreadNamePrefix("partition-worker-");
		this.scheduler.initialize();
		for (int i = 0; i < this.threads; i++) {
			IntegrationFlow flow = IntegrationFlow.from(this.channel)
				.handle(StepExecutionRequest.class, (request, headers) -> {
					this.handler.handle(request);
					return null;
				}, (endpoint) -> endpoint.taskScheduler(this.scheduler)
					.phase(getPhase() - 1) // stopped by this class first, never by the context before it
					.poller(Pollers.fixedDelay(this.pollInterval)
						.maxMessagesPerPoll(1)
						.receiveTimeout(0)
						.transactional(this.requests.transactionManager())))
				.get();
			this.registered.add(this.flows.registration(flow).id("partition-worker-" + i).register().getId());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler == null) {
			return;
		}
		this.handler.stopping(); // no new request: a poll that takes one rolls back at once
		int asked = this.partitions.stopAll(); // each stops at its next chunk boundary and is handed back
		try {
			if (!this.handler.awaitIdle(HAND_BACK_WAIT)) {
				logger.warn("Partitions still running {} after this node began to stop ({} asked to stop); they are"
						+ " given back when its sessions close", HAND_BACK_WAIT, asked);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (String id : this.registered) {
			this.flows.remove(id);
		}
		this.registered.clear();
		this.scheduler.shutdown();
		this.scheduler = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	/** Late in the start, early in the stop: after the job repository and the pools, before they close. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
