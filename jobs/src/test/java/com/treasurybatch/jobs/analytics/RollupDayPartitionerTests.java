package com.treasurybatch.jobs.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The runs of days a rebuild's partitions recompute: every day once, in order, runs as equal as whole days allow. */
class RollupDayPartitionerTests {

	@Test
	void ten_days_in_four_partitions_are_runs_of_two_and_three_days_covering_each_day_once() {
		Map<String, ExecutionContext> partitions = new RollupDayPartitioner(LocalDate.parse("2026-10-01"),
				LocalDate.parse("2026-10-10")).partition(4);

		List<LocalDate> days = new ArrayList<>();
		List<Long> lengths = new ArrayList<>();
		for (ExecutionContext partition : partitions.values()) {
			LocalDate from = LocalDate.parse(partition.getString(RollupDayPartitioner.FROM_DAY));
			LocalDate to = LocalDate.parse(partition.getString(RollupDayPartitioner.TO_DAY));
			lengths.add(from.datesUntil(to.plusDays(1)).count());
			from.datesUntil(to.plusDays(1)).forEach(days::add);
		}
		assertThat(days).containsExactlyElementsOf(
				LocalDate.parse("2026-10-01").datesUntil(LocalDate.parse("2026-10-11")).toList());
		assertThat(lengths).containsExactly(2L, 3L, 2L, 3L);
	}

	@Test
	void one_day_is_one_partition_whatever_the_grid() {
		Map<String, ExecutionContext> partitions = new RollupDayPartitioner(LocalDate.parse("2026-11-20"),
				LocalDate.parse("2026-11-20")).partition(8);

		assertThat(partitions).hasSize(1);
		assertThat(partitions.get("days0").getString(RollupDayPartitioner.FROM_DAY)).isEqualTo("2026-11-20");
		assertThat(partitions.get("days0").getString(RollupDayPartitioner.TO_DAY)).isEqualTo("2026-11-20");
	}

}
