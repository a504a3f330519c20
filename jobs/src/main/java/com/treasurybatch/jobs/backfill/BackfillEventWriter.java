package com.treasurybatch.jobs.backfill;

import java.util.List;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.treasurybatch.shared.backfill.EventBackfill;
import com.treasurybatch.shared.stripe.StripeEvent;

/**
 * Stages one page of events into the inbox and, in the same chunk transaction, moves the pass's cursor to the
 * newest event of the page (when the pass has a cursor). Counts the new ones in the step's execution context
 * ({@code backfill.staged}).
 */
class BackfillEventWriter implements ItemWriter<StripeEvent>, StepExecutionListener {

	static final String STAGED = "backfill.staged";

	private final EventBackfill backfill;

	private final BackfillCursors cursors;

	private final String cursor;

	private StepExecution stepExecution;

	/**
	 * @param cursor the cursor to advance, or null for a pass without one
	 */
	BackfillEventWriter(EventBackfill backfill, BackfillCursors cursors, String cursor) {
		this.backfill = backfill;
		this.cursors = cursors;
		this.cursor = cursor;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
	}

	@Override
	public void write(Chunk<? extends StripeEvent> chunk) {
		List<StripeEvent> events = List.copyOf(chunk.getItems());
		int staged = this.backfill.stage(events);
		if (this.cursor != null && !events.isEmpty()) {
			StripeEvent newest = events.get(events.size() - 1);
			this.cursors.advance(this.cursor, newest.created(), newest.id());
		}
		if (this.stepExecution != null) {
			this.stepExecution.getExecutionContext()
				.putLong(STAGED, this.stepExecution.getExecutionContext().getLong(STAGED, 0) + staged);
		}
	}

}
