package com.treasurybatch.launcher.operations;

import java.time.Instant;

/**
 * One step execution with its counters.
 *
 * @param id the step execution id
 * @param name the step name (lowerCamel)
 * @param status Spring Batch status of the step
 * @param readCount items read
 * @param writeCount items written
 * @param filterCount items the processor filtered out
 * @param skipCount items skipped, all phases
 * @param readSkipCount items skipped while reading
 * @param processSkipCount items skipped while processing
 * @param writeSkipCount items skipped while writing
 * @param commitCount committed chunks
 * @param rollbackCount rolled-back chunks
 * @param exitCode Spring Batch exit code of the step
 * @param exitMessage the step's full exit description, or empty
 * @param startedAt when the step started (UTC), or {@code null}
 * @param endedAt when it ended (UTC), {@code null} while running
 * @param durationMillis run time in milliseconds (up to now while running), or
 * {@code null}
 */
public record StepSummary(long id, String name, String status, long readCount, long writeCount, long filterCount,
		long skipCount, long readSkipCount, long processSkipCount, long writeSkipCount, long commitCount,
		long rollbackCount, String exitCode, String exitMessage, Instant startedAt, Instant endedAt,
		Long durationMillis) {

}
