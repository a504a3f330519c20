package com.treasurybatch.shared.partitioning;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records in a partition's step execution context which process runs it: {@value #WORKER} = {@code host pid N}, and
 * when the partition was begun by another process that stopped (a worker that died, its request handed to the next
 * one), {@value #TAKEN_OVER_FROM} = that process. Auditors read both in the execution's step contexts; the log says
 * the same at INFO. Saved with the context at the partition's first chunk commit.
 */
public class PartitionWorkerListener implements StepExecutionListener {

	/** Context key: the process running the partition, {@code host pid N}. */
	public static final String WORKER = "treasury.partition.worker";

	/** Context key: the process that ran the partition before this one, when it was taken over. */
	public static final String TAKEN_OVER_FROM = "treasury.partition.taken-over-from";

	private static final Logger logger = LoggerFactory.getLogger(PartitionWorkerListener.class);

	private final String self;

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
