package com.treasurybatch.launcher.scheduling;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.ExecutionDetail;
import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.shared.audit.Actor;

/**
 * Starts a scheduled run through {@link JobOperations} as {@link Actor#SCHEDULER} (audited, refused on overlap
 * like any other start) and holds the Quartz thread until the run ends, so that Quartz's no-concurrent-fire rule
 * covers the whole run.
 */
@Component
class OperationsJobStarter implements ScheduledJobStarter {

	private static final Duration POLL = Duration.ofSeconds(1);

	private final JobOperations operations;

	OperationsJobStarter(JobOperations operations) {
		this.operations = operations;
	}

	@Override
	public void start(String job, Map<String, String> parameters) {
		ExecutionSummary started = this.operations.start(job, parameters, Actor.SCHEDULER);
		try {
			ExecutionDetail detail = this.operations.awaitProgress(started.id(), POLL);
			while (detail.summary().running()) {
				detail = this.operations.awaitProgress(started.id(), POLL);
			}
			if (!"COMPLETED".equals(detail.summary().status())) {
				throw new IllegalStateException("execution " + started.id() + " of " + job + " ended "
						+ detail.summary().status() + ": " + detail.exitMessage());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for execution " + started.id(), ex);
		}
	}

}
