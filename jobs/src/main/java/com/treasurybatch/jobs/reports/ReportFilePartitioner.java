package com.treasurybatch.jobs.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.treasurybatch.shared.partitioning.KeyRanges;
import com.treasurybatch.shared.reports.ReportFile;

/**
 * Splits a report's planned files into at most {@code gridSize} ranges of their subject (payee account, show id;
 * a file about the whole report counts as the empty subject, so it falls in the first range), each about as many
 * files: partition {@code i} writes the files with {@code from <= subject < to}, the first range without a lower
 * bound and the last without an upper one, so a subject that appears between the plan and a partition's own plan
 * still belongs to one. The bounds are kept in each partition's step execution context: a restart reads the same
 * ranges (and the writer skips files already recorded).
 *
 * <p>A report type whose renderer writes as it renders ({@link ReportRenderer#readsOnly()} false: VAT invoices and
 * credit notes take the next number of their series, which must follow the plan's order without gaps, Article 226
 * (2) of Directive 2006/112/EC) is one partition, whatever the grid size.
 */
class ReportFilePartitioner implements Partitioner {

	/** Context key of the inclusive lower bound (absent: none). */
	static final String FROM = "fromSubject";

	/** Context key of the exclusive upper bound (absent: none). */
	static final String TO = "toSubject";

	private final List<ReportFile> plan;

	private final boolean splittable;

	/**
	 * @param plan the report's files as planned now
	 * @param splittable whether its files may be written in several ranges at once (the renderer only reads)
	 */
	ReportFilePartitioner(List<ReportFile> plan, boolean splittable) {
		this.plan = plan;
		this.splittable = splittable;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		List<String> subjects = this.plan.stream().map(ReportFilePartitioner::subjectOf).sorted().distinct().toList();
		int ranges = this.splittable ? Math.max(1, Math.min(gridSize, subjects.size())) : 1;
		List<String> bounds = new ArrayList<>();
		for (int k = 1; k < ranges; k++) {
			String bound = subjects.get((int) ((long) k * subjects.size() / ranges));
			if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound)) {
				bounds.add(bound);
			}
		}
		return KeyRanges.partitions(bounds, FROM, TO, "files");
	}

	/**
	 * @param from inclusive lower bound, {@code null} for none
	 * @param to exclusive upper bound, {@code null} for none
	 * @return whether the file belongs to that range
	 */
	static boolean inRange(ReportFile file, String from, String to) {
		String subject = subjectOf(file);
		return (from == null || subject.compareTo(from) >= 0) && (to == null || subject.compareTo(to) < 0);
	}

	private static String subjectOf(ReportFile file) {
		return Objects.requireNonNullElse(file.subject(), "");
	}

}
