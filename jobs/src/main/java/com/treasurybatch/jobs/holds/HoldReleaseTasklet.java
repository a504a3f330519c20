package com.treasurybatch.jobs.holds;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * One call releases one batch ({@link ExpiredHoldsRelease}) in the step's transaction and asks to be called again
 * while holds were found, walking the expired holds in (expires_at, id) order; the run's "now" is fixed at its
 * first call, so holds that expire during the run wait for the next minute. Released holds count as the step's write count.
 */
class HoldReleaseTasklet implements Tasklet {

	private final ExpiredHoldsRelease release;

	private final Clock clock;

	private final int batchSize;

	private final long releasesPerRunMax;

	private final Counter released;

	private Instant cutoff;

	private long releasedInRun;

	private ExpiredHoldsRelease.Position position = ExpiredHoldsRelease.Position.START;

	HoldReleaseTasklet(ExpiredHoldsRelease release, Clock clock, int batchSize, long releasesPerRunMax,
			Counter released) {
		this.release = release;
		this.clock = clock;
		this.batchSize = batchSize;
		this.releasesPerRunMax = releasesPerRunMax;
		this.released = released;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (this.cutoff == null) {
			this.cutoff = this.clock.instant();
		}
		int size = (int) Math.min(this.batchSize, this.releasesPerRunMax - this.releasedInRun);
		if (size <= 0) {
			return RepeatStatus.FINISHED;
		}
		ExpiredHoldsRelease.Batch batch = this.release.releaseBatch(this.cutoff, this.position, size,
				this.clock.instant());
		this.position = batch.next();
		contribution.incrementWriteCount(batch.released());
		this.releasedInRun += batch.released();
		this.released.increment(batch.released());
		return (batch.picked() > 0 && this.releasedInRun < this.releasesPerRunMax) ? RepeatStatus.CONTINUABLE
				: RepeatStatus.FINISHED;
	}

}
