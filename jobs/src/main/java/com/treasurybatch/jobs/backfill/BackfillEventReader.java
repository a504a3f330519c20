package com.treasurybatch.jobs.backfill;

import java.util.Iterator;
import java.util.function.Supplier;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemReader;

import com.treasurybatch.shared.stripe.EventList;
import com.treasurybatch.shared.stripe.StripeEvent;

/**
 * Reads one pass's events, oldest first, listed from Stripe when the first item is asked for. Keeps no state in the
 * step's execution context on purpose: a restarted step lists again from the cursor committed with the last page,
 * so nothing is skipped and what is listed twice is a duplicate in the inbox.
 */
class BackfillEventReader implements ItemReader<StripeEvent>, StepExecutionListener {

	private final Supplier<EventList> list;

	private Iterator<StripeEvent> events;

	private boolean complete = true;

	/**
	 * @param list lists the pass's events from Stripe
	 */
	BackfillEventReader(Supplier<EventList> list) {
		this.list = list;
	}

	@Override
	public StripeEvent read() {
		if (this.events == null) {
			EventList listed = this.list.get();
			this.complete = listed.complete();
			this.events = listed.events().iterator();
		}
		return this.events.hasNext() ? this.events.next() : null;
	}

	/** Says in the exit description how many events were new and whether Stripe had more than one run stages. */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		String counts = "staged=" + stepExecution.getExecutionContext().getLong(BackfillEventWriter.STAGED, 0) + " listed="
				+ stepExecution.getReadCount() + (this.complete ? "" : " incomplete: more events wait for the next run");
		return stepExecution.getExitStatus().addExitDescription(counts);
	}

}
