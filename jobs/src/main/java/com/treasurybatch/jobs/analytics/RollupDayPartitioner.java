package com.treasurybatch.jobs.analytics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a rebuild's UTC days {@code from} to {@code to} (both included) into at most {@code gridSize} runs of
 * consecutive days, as equal as whole days allow: partition {@code i} rebuilds {@value #FROM_DAY} to
 * {@value #TO_DAY} (ISO dates, both included). Days are disjoint, so partitions rebuild at once (each day under the
 * rollup lock shared with the other rebuilds, exclusive of the incremental runs and the leaderboards). The bounds
 * are kept in each partition's step execution context: a restart rebuilds the same ranges, each from its next day.
 */
class RollupDayPartitioner implements Partitioner {

	/** Context key: the partition's first day, ISO. */
	static final String FROM_DAY = "analytics.rebuild.fromDay";

	/** Context key: the partition's last day, ISO. */
	static final String TO_DAY = "analytics.rebuild.toDay";

	private final LocalDate from;

	private final LocalDate to;

	/**
	 * @param from the rebuild's first day
	 * @param to its last day, not before {@code from}
	 */
	RollupDayPartitioner(LocalDate from, LocalDate to) {
		this.from = from;
		this.to = to;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		long days = ChronoUnit.DAYS.between(this.from, this.to) + 1;
		int ranges = (int) Math.max(1, Math.min(gridSize, days));
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int i = 0; i < ranges; i++) {
			LocalDate first = this.from.plusDays(i * days / ranges);
			LocalDate last = this.from.plusDays((i + 1) * days / ranges - 1);
			ExecutionContext context = new ExecutionContext();
			context.putString(FROM_DAY, first.toString());
			context.putString(TO_DAY, last.toString());
			partitions.put("days" + i, context);
		}
		return partitions;
	}

}
