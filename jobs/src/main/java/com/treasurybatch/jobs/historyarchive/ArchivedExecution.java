package com.treasurybatch.jobs.historyarchive;

import java.time.Instant;

/**
 * A Spring Batch execution moved to an archive file, as {@code batch_execution_archive} indexes it.
 *
 * @param id the job execution id it had
 * @param instanceId its job instance id
 * @param jobName the Spring Batch job name
 * @param createdAt when it was created, UTC
 * @param startedAt when it started, UTC, may be null
 * @param endedAt when it ended, UTC, may be null
 * @param status its final BatchStatus
 * @param exitCode its exit code
 * @param archiveFile the file (name under the archive directory) holding its rows, {@code *.jsonl.gz}
 * @param archiveSha256 hex SHA-256 of that file, as in the audit trail
 * @param archivedAt when it was archived, UTC
 */
public record ArchivedExecution(long id, long instanceId, String jobName, Instant createdAt, Instant startedAt,
		Instant endedAt, String status, String exitCode, String archiveFile, String archiveSha256, Instant archivedAt) {

}
