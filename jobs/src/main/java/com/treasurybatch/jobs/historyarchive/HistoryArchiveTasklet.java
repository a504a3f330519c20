package com.treasurybatch.jobs.historyarchive;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.treasurybatch.shared.privacy.RetentionProperties;

/**
 * Writes one archive file per call, each call its own transaction ({@link RepeatStatus#CONTINUABLE} while there is
 * more, up to {@code files-per-run-max}); then deletes the archives whose audit retention has ended. A restart
 * simply goes on: what is archived is no longer in the tables.
 */
class HistoryArchiveTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(HistoryArchiveTasklet.class);

	private final BatchHistoryArchiver archiver;

	private final HistoryArchiveProperties properties;

	private final RetentionProperties retention;

	private final Clock clock;

	private int files;

	HistoryArchiveTasklet(BatchHistoryArchiver archiver, HistoryArchiveProperties properties,
			RetentionProperties retention, Clock clock) {
		this.archiver = archiver;
		this.properties = properties;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Instant now = this.clock.instant();
		if (this.files < this.properties.filesPerRunMax()) {
			BatchHistoryArchiver.ArchiveFile file = this.archiver.archiveNext(now);
			if (file != null) {
				this.files++;
				contribution.incrementWriteCount(file.executions());
				log.info("Archived {} executions to {} (sha256 {})", file.executions(), file.name(), file.sha256());
				return RepeatStatus.CONTINUABLE;
			}
		}
		Instant cutoff = now.atZone(ZoneOffset.UTC).minus(this.retention.auditLog()).toInstant();
		int expired = this.archiver.deleteArchivedBefore(cutoff);
		if (expired > 0) {
			log.info("Deleted {} archive files archived before {} (audit retention {})", expired, cutoff,
					this.retention.auditLog());
		}
		return RepeatStatus.FINISHED;
	}

}
