package com.treasurybatch.jobs.historyarchive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code batch-history-archive} job, under {@code treasury.history-archive} (environment
 * {@code TREASURY_HISTORY_ARCHIVE_HOT_WINDOW_DAYS}, ...). The archives' own retention is the audit policy
 * ({@code treasury.retention.audit-log}, 7 years).
 *
 * @param hotWindowDays executions that ended less than this many days ago stay in the BATCH_ tables, at least 1
 * @param restartableWindowDays the last execution of an instance that can still be restarted (FAILED, STOPPED,
 * UNKNOWN) stays this many days after it ended, at least {@code hotWindowDays}
 * @param directory where archive files are written; empty: {@code TREASURY_HOME/archive/batch-history}
 * @param executionsPerFileMax executions per archive file, 1 to 100000; each file commits on its own
 * @param filesPerRunMax bound on the files one run writes; the rest waits for next week
 */
@ConfigurationProperties("treasury.history-archive")
public record HistoryArchiveProperties(@DefaultValue("90") int hotWindowDays,
		@DefaultValue("365") int restartableWindowDays, @DefaultValue("") String directory,
		@DefaultValue("5000") int executionsPerFileMax, @DefaultValue("100") int filesPerRunMax) {

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public HistoryArchiveProperties {
		if (hotWindowDays < 1) {
			throw new IllegalArgumentException("treasury.history-archive.hot-window-days must be at least 1");
		}
		if (restartableWindowDays < hotWindowDays) {
			throw new IllegalArgumentException(
					"treasury.history-archive.restartable-window-days must be at least hot-window-days");
		}
		if (executionsPerFileMax < 1 || executionsPerFileMax > 100_000) {
			throw new IllegalArgumentException("treasury.history-archive.executions-per-file-max must be 1..100000");
		}
		if (filesPerRunMax < 1) {
			throw new IllegalArgumentException("treasury.history-archive.files-per-run-max must be at least 1");
		}
	}

}
