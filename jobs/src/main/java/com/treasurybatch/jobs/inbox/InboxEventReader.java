package com.treasurybatch.jobs.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.treasurybatch.shared.inbox.ClaimedInboxRow;
import com.treasurybatch.shared.inbox.InboxClaims;

/**
 * Reads the inbox rows due for processing, one page per read, claimed by {@link InboxClaims}
 * ({@code FOR UPDATE SKIP LOCKED}) inside the chunk transaction: the locks hold until the chunk commits, so two
 * runs never take the same row, and a row is released the moment its chunk commits (or rolls back). One page is
 * one chunk ({@link InboxPage}): a page shorter than the chunk size commits at once instead of waiting for more
 * rows, which is what lets a draining run book an event within a second at any inflow.
 *
 * <p>Due rows are RECEIVED ones, and FAILED ones whose {@code next_attempt_at} has come, in Stripe's
 * {@code (created, id)} order. A run walks passes: a pass looks only at the ids staged between two bounds, on a
 * {@code (created, id)} keyset cursor (so a row that fails in this run is not picked again by it). The first pass
 * covers every id taken when the step started. Without draining that is the whole run, which therefore ends under
 * a constant inflow. Draining ({@link InboxProcessingProperties#draining()}), a run that finishes a pass starts
 * the next over the ids staged since, and when none were it waits up to {@code idle-wait} for one; it ends when
 * it reaches {@code max-duration} or {@code max-items}, or after {@code idle-wait} without a new row. Rows of an
 * earlier pass left due (a FAILED row whose retry came, a row another run held and released) wait for the next run.
 *
 * <p>Invariants: {@link #read()} runs inside a transaction (Spring Batch 6's chunk-oriented step reads, processes
 * and writes each chunk in one); a page fetched is handed out in the transaction that fetched it; the position
 * saved in the step's execution context only ever covers committed chunks.
 */
class InboxEventReader implements ItemStreamReader<InboxPage> {

	static final String LOWER_BOUND_KEY = "inboxEventReader.lowerBoundId";

	static final String UPPER_BOUND_KEY = "inboxEventReader.upperBoundId";

	static final String CURSOR_CREATED_KEY = "inboxEventReader.cursorCreated";

	static final String CURSOR_ID_KEY = "inboxEventReader.cursorId";

	private final InboxClaims claims;

	private final Clock clock;

	private final int pageSize;

	private final InboxProcessingProperties.Drain drain;

	private final boolean draining;

	private ExecutionContext executionContext;

	private Position position = Position.pass(0, 0);

	private Position committedPosition = this.position;

	/** The current pass has no row left past the cursor (its last page was short). */
	private boolean passDone;

	private long startedNanos;

	/** Rows handed out by this execution, for {@code max-items}. */
	private long claimed;

	private boolean synchronizedWithTransaction;

	/**
	 * @param claims the inbox's claiming queries, joining the chunk transaction
	 * @param clock decides which FAILED rows are due
	 * @param pageSize rows locked per query: the chunk size
	 * @param properties whether and how long a run drains ({@link InboxProcessingProperties#draining()})
	 */
	InboxEventReader(InboxClaims claims, Clock clock, int pageSize, InboxProcessingProperties properties) {
		this.claims = claims;
		this.clock = clock;
		this.pageSize = pageSize;
		this.drain = properties.drain();
		this.draining = properties.draining();
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.executionContext = executionContext;
		if (executionContext.containsKey(UPPER_BOUND_KEY)) {
			this.position = new Position(executionContext.getLong(LOWER_BOUND_KEY, 0L),
					executionContext.getLong(UPPER_BOUND_KEY),
					Instant.parse(executionContext.getString(CURSOR_CREATED_KEY)),
					executionContext.getLong(CURSOR_ID_KEY));
		}
		else {
			this.position = Position.pass(0, this.claims.highestId());
		}
		this.committedPosition = this.position;
		this.passDone = false;
		this.startedNanos = System.nanoTime();
		this.claimed = 0;
		update(executionContext);
	}

	@Override
	public InboxPage read() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Inbox rows must be read inside the chunk transaction, so that their "
					+ "FOR UPDATE locks hold until the chunk commits");
		}
		while (!boundReached()) {
			if (!this.passDone) {
				List<ClaimedInboxRow> rows = this.claims.claimDue(this.clock.instant(), this.position.created(),
						this.position.id(), this.position.lowerBoundId(), this.position.upperBoundId(),
						this.pageSize);
				synchronizeWithTransaction();
				this.passDone = rows.size() < this.pageSize;
				if (!rows.isEmpty()) {
					ClaimedInboxRow last = rows.get(rows.size() - 1);
					this.position = this.position.after(last.created(), last.id());
					this.claimed += rows.size();
					return new InboxPage(rows);
				}
			}
			if (!this.draining || !nextPass()) {
				return null;
			}
		}
		return null;
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(LOWER_BOUND_KEY, this.position.lowerBoundId());
		executionContext.putLong(UPPER_BOUND_KEY, this.position.upperBoundId());
		executionContext.putString(CURSOR_CREATED_KEY, this.position.created().toString());
		executionContext.putLong(CURSOR_ID_KEY, this.position.id());
	}

	@Override
	public void close() {
		// nothing held between transactions
	}

	/** Draining: the run has claimed for {@code max-duration}, or {@code max-items} rows. */
	private boolean boundReached() {
		return this.draining && (this.claimed >= this.drain.maxItems()
				|| elapsed().compareTo(this.drain.maxDuration()) >= 0);
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	/**
	 * Starts a pass over the rows staged since the current one's upper bound, waiting up to {@code idle-wait}
	 * (and at most until {@code max-duration}) for the first of them.
	 * @return false when none came: the run ends
	 */
	private boolean nextPass() {
		long waitNanos = Math.min(this.drain.idleWait().toNanos(),
				this.drain.maxDuration().minus(elapsed()).toNanos());
		long deadline = System.nanoTime() + Math.max(0, waitNanos);
		while (true) {
			long highest = this.claims.highestId();
			if (highest > this.position.upperBoundId()) {
				this.position = Position.pass(this.position.upperBoundId(), highest);
				this.passDone = false;
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				long nap = Math.min(left, this.drain.pollInterval().toNanos());
				Thread.sleep(nap / 1_000_000, (int) (nap % 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	private void synchronizeWithTransaction() {
		if (!this.synchronizedWithTransaction) {
			TransactionSynchronizationManager.registerSynchronization(new PositionSettlement());
			this.synchronizedWithTransaction = true;
		}
	}

	/**
	 * Where the run stands: the pass's id bounds {@code (lowerBoundId, upperBoundId]} and the last row handed out in
	 * it, in {@code (created, id)} order.
	 */
	private record Position(long lowerBoundId, long upperBoundId, Instant created, long id) {

		static Position pass(long lowerBoundId, long upperBoundId) {
			return new Position(lowerBoundId, upperBoundId, Instant.EPOCH, 0);
		}

		Position after(Instant created, long id) {
			return new Position(this.lowerBoundId, this.upperBoundId, created, id);
		}

	}

	/** Keeps the position of a committed chunk; takes a rolled-back one back to the last committed position. */
	private final class PositionSettlement implements TransactionSynchronization {

		@Override
		public void afterCompletion(int status) {
			InboxEventReader reader = InboxEventReader.this;
			reader.synchronizedWithTransaction = false;
			if (status == STATUS_COMMITTED) {
				reader.committedPosition = reader.position;
			}
			else {
				reader.position = reader.committedPosition;
				reader.passDone = false;
				if (reader.executionContext != null) {
					reader.update(reader.executionContext);
				}
			}
		}

	}

}
