package com.treasurybatch.shared.partitioning;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * Thrown inside a worker's poll transaction to roll it back, so that the partition request returns to the queue for
 * another worker (this node is stopping).
 */
public class PartitionHandedBackException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param request the request handed back
	 * @param why why, in words
	 */
	public PartitionHandedBackException(StepExecutionRequest request, String why) {
		super("Partition request " + request + " handed back to the queue: " + why);
	}

}
