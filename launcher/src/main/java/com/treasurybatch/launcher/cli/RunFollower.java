package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.ExecutionDetail;
import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.operations.StepSummary;

/**
 * Follows a run started by this CLI process until it ends: prints each step's status and
 * read / write / skip counts whenever they change, then the final status and exit
 * message, and returns the exit code.
 */
@Component
class RunFollower {

	/** How often progress is read while nothing ends, in milliseconds. */
	static final long PROGRESS_INTERVAL_MILLIS = 500;

	/**
	 * Longest exit message summary printed at the end, in characters (the full one:
	 * {@code execution <id>}).
	 */
	static final int EXIT_MESSAGE_PRINTED_MAX = 2000;

	private final JobOperations operations;

	RunFollower(JobOperations operations) {
		this.operations = operations;
	}

	/**
	 * Prints progress until the execution ends.
	 * @param started the execution as the start returned it
	 * @return {@link ExitCodes#of} its final status
	 * @throws InterruptedException if the CLI's main thread is interrupted while waiting
	 */
	int follow(ExecutionSummary started, PrintWriter out) throws InterruptedException {
		out.printf("started execution %d of job %s (instance %d)%n", started.id(), started.jobName(),
				started.instanceId());
		out.flush();
		Map<String, String> printed = new HashMap<>();
		ExecutionDetail detail;
		do {
			try {
				detail = this.operations.awaitProgress(started.id(), Duration.ofMillis(PROGRESS_INTERVAL_MILLIS));
			}
			catch (DataAccessException ex) {
				out.println(lostDatabase(started, ex));
				out.flush();
				return ExitCodes.ERROR;
			}
			for (StepSummary step : detail.steps()) {
				String line = String.format("  step %-28s %-9s read %d  written %d  filtered %d  skipped %d",
						step.name(), step.status(), step.readCount(), step.writeCount(), step.filterCount(),
						step.skipCount());
				if (!line.equals(printed.put(step.name(), line))) {
					out.println(line);
					out.flush();
				}
			}
		}
		while (detail.summary().running());
		ExecutionSummary summary = detail.summary();
		out.printf("execution %d %s (exit code %s) in %s%n", summary.id(), summary.status(), summary.exitCode(),
				TextFormat.duration(summary.durationMillis()));
		if (!detail.exitMessage().isBlank()) {
			out.println(TextFormat.cut(TextFormat.causes(detail.exitMessage()), EXIT_MESSAGE_PRINTED_MAX));
			out.printf("(full exit message: execution %d)%n", summary.id());
		}
		if (!"COMPLETED".equals(summary.status()) && !"ABANDONED".equals(summary.status())) {
			out.printf("restart it with: jobs restart %d%n", summary.id());
		}
		out.flush();
		return ExitCodes.of(BatchStatus.valueOf(summary.status()));
	}

	/**
	 * The one line printed when the database stops answering mid-run: which execution, what failed, how to
	 * resume. The run cannot record its end, so the execution stays running in the job repository until it is
	 * recovered.
	 */
	static String lostDatabase(ExecutionSummary started, DataAccessException ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return "execution " + started.id() + " of job " + started.jobName() + " lost its database connection ("
				+ TextFormat.cut(String.valueOf(root.getMessage()).strip().lines().findFirst().orElse(""), 160)
				+ "); its end could not be recorded. Once the database answers again: jobs recover " + started.id()
				+ ", then jobs restart " + started.id();
	}

}
