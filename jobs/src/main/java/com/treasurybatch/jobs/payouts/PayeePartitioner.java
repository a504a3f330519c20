package com.treasurybatch.jobs.payouts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the payees into {@code gridSize} partitions by the hash of their payable account code: partition
 * {@code i} pays the payees with {@code |hashtext(code)| mod gridSize = i}. Each partition's context holds its
 * index and the grid size, so a restart re-reads exactly the same payees.
 */
class PayeePartitioner implements Partitioner {

	static final String PARTITION = "partition";

	static final String PARTITIONS = "partitions";

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int i = 0; i < gridSize; i++) {
			ExecutionContext context = new ExecutionContext();
			context.putInt(PARTITION, i);
			context.putInt(PARTITIONS, gridSize);
			partitions.put("payees" + i, context);
		}
		return partitions;
	}

}
