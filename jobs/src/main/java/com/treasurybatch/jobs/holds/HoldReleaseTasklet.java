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
 * while holds were released; the run's "now" is fixed at its first call, so holds that expire during the run wait
 * for the next minute. Released holds count as the step's write count.
 */
class HoldReleaseTasklet implements Tasklet {

	private final ExpiredHoldsRelease release;

	private final Clock clock;

	private final int batchSize;

	private final long releasesPerRunMax;

	private final Counter released;

	private Instant cutoff;

	private long releasedInRun;

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
		int count = (size > 0) ? this.release.releaseBatch(this.cutoff, size, this.clock.instant()) : 0;
		contribution.incrementWriteCount(count);
		this.releasedInRun += count;
		this.released.increment(count);
		return (count > 0 && this.releasedInRun < this.releasesPerRunMax) ? RepeatStatus.CONTINUABLE
				: RepeatStatus.FINISHED;
	}

}
