package com.treasurybatch.jobs.reports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.treasurybatch.shared.reports.ReportFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ranges report-generation's partitions write: every planned file in exactly one range, ranges of about equal
 * size, the whole-report file in the first, and a report whose renderer numbers its documents as it writes them in
 * one range.
 */
class ReportFilePartitionerTests {

	@Test
	void ten_payees_and_a_summary_file_in_three_ranges_each_file_in_exactly_one() {
		List<ReportFile> plan = new ArrayList<>();
		plan.add(new ReportFile("summary.csv", null, ReportFile.CSV));
		for (int i = 9; i >= 0; i--) {
			plan.add(new ReportFile("statement-acct_" + i + ".pdf", "acct_" + i, ReportFile.PDF));
		}

		Map<String, ExecutionContext> ranges = new ReportFilePartitioner(plan, true).partition(3);

		assertThat(ranges).hasSize(3);
		List<List<String>> files = ranges.values().stream().map((range) -> files(plan, range)).toList();
		assertThat(files.stream().flatMap(Collection::stream).toList())
			.containsExactlyInAnyOrderElementsOf(plan.stream().map(ReportFile::name).toList());
		assertThat(files.get(0)).contains("summary.csv");
		assertThat(files).allSatisfy((range) -> assertThat(range.size()).isBetween(3, 4));
		assertThat(ranges.get("files0").containsKey(ReportFilePartitioner.FROM)).as("first: no lower bound").isFalse();
		assertThat(ranges.get("files2").containsKey(ReportFilePartitioner.TO)).as("last: no upper bound").isFalse();
		assertThat(ReportFilePartitioner.inRange(new ReportFile("late.pdf", "acct_zz", ReportFile.PDF),
				ranges.get("files2").getString(ReportFilePartitioner.FROM), null))
			.as("a payee planned later still falls in the last range")
			.isTrue();
	}

	@Test
	void a_renderer_that_numbers_documents_as_it_writes_gets_one_range_whatever_the_grid() {
		List<ReportFile> plan = List.of(new ReportFile("invoice-acct_1-eur.pdf", "acct_1", ReportFile.PDF),
				new ReportFile("invoice-acct_2-eur.pdf", "acct_2", ReportFile.PDF),
				new ReportFile("invoice-acct_3-eur.pdf", "acct_3", ReportFile.PDF));

		Map<String, ExecutionContext> ranges = new ReportFilePartitioner(plan, false).partition(8);

		assertThat(ranges).hasSize(1);
		assertThat(files(plan, ranges.get("files0"))).hasSize(3);
	}

	@Test
	void fewer_files_than_the_grid_make_as_many_ranges_as_subjects() {
		List<ReportFile> plan = List.of(new ReportFile("a.pdf", "acct_a", ReportFile.PDF),
				new ReportFile("b.pdf", "acct_b", ReportFile.PDF));

		assertThat(new ReportFilePartitioner(plan, true).partition(8)).hasSize(2);
		assertThat(new ReportFilePartitioner(List.of(), true).partition(8)).hasSize(1);
	}

	private static List<String> files(List<ReportFile> plan, ExecutionContext range) {
		String from = range.containsKey(ReportFilePartitioner.FROM) ? range.getString(ReportFilePartitioner.FROM) : null;
		String to = range.containsKey(ReportFilePartitioner.TO) ? range.getString(ReportFilePartitioner.TO) : null;
		return plan.stream().filter((file) -> ReportFilePartitioner.inRange(file, from, to)).map(ReportFile::name).toList();
	}

}
