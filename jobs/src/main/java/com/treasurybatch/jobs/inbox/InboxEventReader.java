package com.treasurybatch.jobs.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.treasurybatch.shared.inbox.ClaimedInboxRow;
import com.treasurybatch.shared.inbox.InboxClaims;

/**
 * Reads the inbox rows due for processing, claimed by {@link InboxClaims} ({@code FOR UPDATE SKIP LOCKED}) inside the
 * chunk transaction: the locks hold until the chunk commits, so two runs never take the same row, and a row is released
 * the moment its chunk commits (or rolls back).
 *
 * <p>Due rows are RECEIVED ones, and FAILED ones whose {@code next_attempt_at} has come, in Stripe's
 * {@code (created, id)} order. One run is bounded: it only looks at rows whose id was taken when its step started
 * (so it ends under a constant inflow; later rows wait for the next run) and walks forward on a
 * {@code (created, id)} keyset cursor (so a row that fails in this run is not picked again by it).
 *
 * <p>Invariants: {@link #read()} runs inside a transaction (Spring Batch 6's chunk-oriented step reads, processes
 * and writes each chunk in one); a page fetched is never carried into another transaction (its locks ended with
 * the old one); the cursor saved in the step's execution context only ever covers committed chunks.
 */
class InboxEventReader implements ItemStreamReader<ClaimedInboxRow> {

	static final String UPPER_BOUND_KEY = "inboxEventReader.upperBoundId";

	static final String CURSOR_CREATED_KEY = "inboxEventReader.cursorCreated";

	static final String CURSOR_ID_KEY = "inboxEventReader.cursorId";

	private static final Cursor START = new Cursor(Instant.EPOCH, 0);

	private final InboxClaims claims;

	private final Clock clock;

	private final int pageSize;

	private final Deque<ClaimedInboxRow> page = new ArrayDeque<>();

	private ExecutionContext executionContext;

	private long upperBoundId;

	private Cursor cursor = START;

	private Cursor committedCursor = START;

	private boolean exhausted;

	private boolean synchronizedWithTransaction;

	/**
	 * @param claims the inbox's claiming queries, joining the chunk transaction
	 * @param clock decides which FAILED rows are due
	 * @param pageSize rows locked per query: the chunk size, so a page is consumed by the chunk that fetched it
	 */
	InboxEventReader(InboxClaims claims, Clock clock, int pageSize) {
		this.claims = claims;
		this.clock = clock;
		this.pageSize = pageSize;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.executionContext = executionContext;
		if (executionContext.containsKey(UPPER_BOUND_KEY)) {
			this.upperBoundId = executionContext.getLong(UPPER_BOUND_KEY);
			this.cursor = new Cursor(Instant.parse(executionContext.getString(CURSOR_CREATED_KEY)),
					executionContext.getLong(CURSOR_ID_KEY));
		}
		else {
			this.upperBoundId = this.claims.highestId();
			this.cursor = START;
		}
		this.committedCursor = this.cursor;
		this.exhausted = false;
		this.page.clear();
		update(executionContext);
	}

	@Override
	public ClaimedInboxRow read() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Inbox rows must be read inside the chunk transaction, so that their "
					+ "FOR UPDATE locks hold until the chunk commits");
		}
		if (this.page.isEmpty()) {
			if (this.exhausted) {
				return null;
			}
			fetchPage();
			if (this.page.isEmpty()) {
				return null;
			}
		}
		ClaimedInboxRow event = this.page.poll();
		this.cursor = new Cursor(event.created(), event.id());
		return event;
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(UPPER_BOUND_KEY, this.upperBoundId);
		executionContext.putString(CURSOR_CREATED_KEY, this.cursor.created().toString());
		executionContext.putLong(CURSOR_ID_KEY, this.cursor.id());
	}

	@Override
	public void close() {
		this.page.clear();
	}

	private void fetchPage() {
		List<ClaimedInboxRow> rows = this.claims.claimDue(this.clock.instant(), this.cursor.created(), this.cursor.id(),
				this.upperBoundId, this.pageSize);
		this.page.addAll(rows);
		this.exhausted = rows.size() < this.pageSize;
		if (!this.synchronizedWithTransaction) {
			TransactionSynchronizationManager.registerSynchronization(new PageRelease());
			this.synchronizedWithTransaction = true;
		}
	}

	/** Where the run stands: the last row handed out, in {@code (created, id)} order. */
	private record Cursor(Instant created, long id) {

	}

	/** Drops what the transaction fetched but did not hand out, and moves the cursor to what it committed. */
	private final class PageRelease implements TransactionSynchronization {

		@Override
		public void afterCompletion(int status) {
			InboxEventReader reader = InboxEventReader.this;
			reader.synchronizedWithTransaction = false;
			if (!reader.page.isEmpty()) {
				reader.page.clear();
				reader.exhausted = false;
			}
			if (status == STATUS_COMMITTED) {
				reader.committedCursor = reader.cursor;
			}
			else {
				reader.cursor = reader.committedCursor;
				reader.exhausted = false;
				if (reader.executionContext != null) {
					reader.update(reader.executionContext);
				}
			}
		}

	}

}
