package com.treasurybatch.jobs.inbox;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

import com.treasurybatch.shared.inbox.ClaimedInboxRow;

/**
 * Hands the rows of each page to {@link InboxEventWriter} as one chunk of events, and keeps the step's counts in
 * events: Spring Batch counts one item per page read and written, this adds the rest of the page's rows, so a
 * step's read and write counts stay the number of inbox events, as operators read them.
 *
 * <p>Also the delegate's stream and step listener (its counts live in the step's execution context).
 */
class InboxPageWriter implements ItemStreamWriter<InboxPage>, StepExecutionListener,
		ChunkListener<InboxPage, InboxPage> {

	private final InboxEventWriter events;

	private StepExecution stepExecution;

	InboxPageWriter(InboxEventWriter events) {
		this.events = events;
	}

	@Override
	public void write(Chunk<? extends InboxPage> pages) throws Exception {
		List<ClaimedInboxRow> rows = new ArrayList<>();
		for (InboxPage page : pages) {
			rows.addAll(page.rows());
		}
		this.events.write(new Chunk<>(rows));
	}

	@Override
	public void afterChunk(Chunk<InboxPage> pages) {
		// called after the write, before Spring Batch adds the chunk's contribution (one per page) to the step
		long beyondOnePerPage = 0;
		for (InboxPage page : pages) {
			beyondOnePerPage += page.rows().size() - 1;
		}
		if (this.stepExecution != null && beyondOnePerPage > 0) {
			this.stepExecution.setReadCount(this.stepExecution.getReadCount() + beyondOnePerPage);
			this.stepExecution.setWriteCount(this.stepExecution.getWriteCount() + beyondOnePerPage);
		}
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		this.events.beforeStep(stepExecution);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		return this.events.afterStep(stepExecution);
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.events.open(executionContext);
	}

	@Override
	public void update(ExecutionContext executionContext) {
		this.events.update(executionContext);
	}

	@Override
	public void close() {
		this.events.close();
	}

}
