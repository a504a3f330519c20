package com.treasurybatch.shared.partitioning;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Records in a partition's step execution context which process runs it: {@value #WORKER} = {@code host pid N}, and
 * when the partition was begun by another process that stopped (a worker that died, its request handed to the next
 * one), {@value #TAKEN_OVER_FROM} = that process. Auditors read both in the execution's step contexts; the log says
 * the same at INFO. Saved with the context at the partition's first chunk commit.
 *
 * <p>It also knows the partitions running in this process, so that a node that stops can ask them to stop at their
 * next chunk boundary ({@link #stopAll}), the way {@code JobOperator.stop} does, rather than by interrupting their
 * threads: Spring Batch 6's chunk-oriented step ends an interrupted thread's loop as if its reader were exhausted and
 * reports the partition COMPLETED with items left unread.
 */
@Component
public class PartitionWorkerListener implements StepExecutionListener {

	/** Context key: the process running the partition, {@code host pid N}. */
	public static final String WORKER = "treasury.partition.worker";

	/** Context key: the process that ran the partition before this one, when it was taken over. */
	public static final String TAKEN_OVER_FROM = "treasury.partition.taken-over-from";

	private static final Logger logger = LoggerFactory.getLogger(PartitionWorkerListener.class);

	private final String self;

	private final Map<Long, StepExecution> running = new ConcurrentHashMap<>();

	/** The listener of this process. */
	public PartitionWorkerListener() {
		this.self = thisProcess();
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		ExecutionContext context = stepExecution.getExecutionContext();
		String before = context.containsKey(WORKER) ? context.getString(WORKER) : null;
		if (before != null && !before.equals(this.self)) {
			context.putString(TAKEN_OVER_FROM, before);
			logger.info("Partition {} (step execution {}) of job execution {} taken over by {} from {}",
					stepExecution.getStepName(), stepExecution.getId(), stepExecution.getJobExecutionId(), this.self,
					before);
		}
		else {
			logger.info("Partition {} (step execution {}) of job execution {} runs on {}", stepExecution.getStepName(),
					stepExecution.getId(), stepExecution.getJobExecutionId(), this.self);
		}
		context.putString(WORKER, this.self);
		this.running.put(stepExecution.getId(), stepExecution);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		this.running.remove(stepExecution.getId());
		return null;
	}

	/**
	 * Asks every partition running in this process to stop at its next chunk boundary: each then ends STOPPED, its
	 * last chunk committed.
	 * @return how many were asked
	 */
	public int stopAll() {
		this.running.values().forEach(StepExecution::setTerminateOnly);
		return this.running.size();
	}

	/** This process as {@code host pid N}. */
	static String thisProcess() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + " pid " + ProcessHandle.current().pid();
	}

}
