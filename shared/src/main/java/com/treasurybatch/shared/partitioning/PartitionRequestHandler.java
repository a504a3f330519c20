package com.treasurybatch.shared.partitioning;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;

/**
 * Runs one partition request on this node, inside the poll transaction that holds the request
 * ({@link PartitionRequests}), through spring-batch-integration's {@link StepExecutionRequestHandler}.
 *
 * <p>Rules, on top of the library's handler:
 * <ul>
 * <li>a request for a partition that already COMPLETED or was ABANDONED, or whose job execution is no longer
 * running, is consumed without running anything (a worker that died after its partition's last commit, a job
 * recovered as FAILED meanwhile);</li>
 * <li>a partition that another worker began and left running (it died) is run again from its last committed
 * context: the jobs' steps are idempotent (what was paid or written is not read again);</li>
 * <li>a node that is stopping takes no new request, and hands a partition it could not finish back to the queue
 * (the poll transaction rolls back; the partition is marked STARTED again) instead of failing it;</li>
 * <li>whatever the step's end, it is in the job repository when the request is consumed: the waiting step reads
 * only the repository.</li>
 * </ul>
 */
public class PartitionRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(PartitionRequestHandler.class);

	private final JobRepository repository;

	private final StepExecutionRequestHandler steps;

	private final PartitionRequests requests;

	private final AtomicBoolean stopping = new AtomicBoolean();

	/** Requests running on this node; guarded by {@code this}. */
	private int running;

	/**
	 * @param repository the job repository
	 * @param steps the library's handler, with this node's step locator
	 * @param requests the queue whose poll transaction is open around each call
	 */
	public PartitionRequestHandler(JobRepository repository, StepExecutionRequestHandler steps,
			PartitionRequests requests) {
		this.repository = repository;
		this.steps = steps;
		this.requests = requests;
	}

	/**
	 * Runs the partition, or consumes a request that has nothing left to run.
	 * @param request the partition's step name and step execution id
	 * @throws PartitionHandedBackException when this node stops: the request goes back to the queue
	 */
	public void handle(StepExecutionRequest request) {
		synchronized (this) {
			if (this.stopping.get()) {
				throw new PartitionHandedBackException(request, "this node is stopping");
			}
			this.running++;
		}
		try {
			run(request);
		}
		finally {
			synchronized (this) {
				this.running--;
				notifyAll();
			}
		}
	}

	private void run(StepExecutionRequest request) {
		this.requests.keepTransactionWhileRunning();
		StepExecution current = this.repository.getStepExecution(request.getStepExecutionId());
		if (current == null) {
			logger.warn("Partition request {} names no step execution (history deleted?); consumed", request);
			return;
		}
		BatchStatus status = current.getStatus();
		if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED
				|| !current.getJobExecution().isRunning()) {
			logger.info("Partition {} (step execution {}) is {} in a job execution that is {}: nothing to run",
					current.getStepName(), current.getId(), status, current.getJobExecution().getStatus());
			return;
		}
		if (status != BatchStatus.STARTING) {
			logger.warn("Partition {} (step execution {}) was left {} by a worker that stopped; running it again"
					+ " from its last commit", current.getStepName(), current.getId(), status);
		}
		StepExecution ended = this.steps.handle(request);
		if (this.stopping.get() && ended.getStatus() != BatchStatus.COMPLETED) {
			ended.setStatus(BatchStatus.STARTED);
			this.repository.update(ended);
			logger.warn("Partition {} (step execution {}) handed back to the queue: this node stopped while running"
					+ " it; another node runs it from its last commit", ended.getStepName(), ended.getId());
			throw new PartitionHandedBackException(request, "this node stopped while running it");
		}
		StepExecution stored = this.repository.getStepExecution(request.getStepExecutionId());
		if (stored != null && stored.getStatus().isRunning() && !ended.getStatus().isRunning()) {
			// the library leaves an error thrown past the step to "the receiver": nobody receives here
			this.repository.update(ended);
		}
	}

	/** From now on, requests are handed back instead of run. */
	void stopping() {
		this.stopping.set(true);
	}

	/**
	 * Waits until no request runs here any more (each ended, or was handed back), at most {@code timeout}.
	 * @return whether none runs
	 */
	boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this) {
			while (this.running > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return true;
		}
	}

}
