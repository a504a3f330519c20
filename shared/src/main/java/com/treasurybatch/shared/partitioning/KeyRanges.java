package com.treasurybatch.shared.partitioning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Partitions of a key range from its inner boundaries: {@code n} ascending bounds make {@code n + 1} partitions,
 * partition {@code i} covering {@code bounds[i-1] <= key < bounds[i]}, the first without a lower bound and the last
 * without an upper one, so that every key (one created after the split included) belongs to exactly one.
 */
public final class KeyRanges {

	private KeyRanges() {
	}

	/**
	 * @param bounds the distinct inner boundaries, ascending
	 * @param fromKey context key of a partition's inclusive lower bound (absent in the first)
	 * @param toKey context key of its exclusive upper bound (absent in the last)
	 * @param prefix partition names: {@code prefix0}, {@code prefix1}, ...
	 * @return the partitions' step execution contexts by name, in key order
	 */
	public static Map<String, ExecutionContext> partitions(List<String> bounds, String fromKey, String toKey,
			String prefix) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int i = 0; i <= bounds.size(); i++) {
			ExecutionContext context = new ExecutionContext();
			if (i > 0) {
				context.putString(fromKey, bounds.get(i - 1));
			}
			if (i < bounds.size()) {
				context.putString(toKey, bounds.get(i));
			}
			partitions.put(prefix + i, context);
		}
		return partitions;
	}

}
