package com.treasurybatch.jobs.inbox;

import java.time.Clock;
import java.time.Duration;
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
 * Reads the inbox rows due for processing, one page per read, claimed by {@link InboxClaims}
 * ({@code FOR UPDATE SKIP LOCKED}) inside the chunk transaction: the locks hold until the chunk commits, so two
 * runs never take the same row, and a row is released the moment its chunk commits (or rolls back). One page is
 * one chunk ({@link InboxPage}): a page shorter than the chunk size commits at once instead of waiting for more
 * rows, which is what lets a draining run book an event within a second at any inflow.
 *
 * <p>Due rows are RECEIVED ones, and FAILED ones whose {@code next_attempt_at} has come, in Stripe's
 * {@code (created, id)} order. A run walks passes: a pass looks only at the ids between two bounds, on a
 * {@code (created, id)} keyset cursor (so a row that fails in this run is not picked again by that pass). The
 * first pass covers every id taken when the step started. Without draining that is the whole run, which therefore
 * ends under a constant inflow. Draining ({@link InboxProcessingProperties#draining()}), a run that finishes a pass
 * starts the next, and when nothing is left it looks again every {@code poll-interval}; it ends when it reaches
 * {@code max-duration} or {@code max-items}, or after {@code idle-wait} without a row to hand out. A next pass
 * covers:
 * <ul>
 * <li>the ids staged since, and again the ids of the passes begun in the last {@link #LATE_COMMIT_GRACE}: a staging
 * transaction takes its id when it inserts and becomes visible when it commits, so a row whose commit lands after
 * a pass walked past its place (a lower id committed after a higher one) is booked by a following pass, not left
 * to the next run;</li>
 * <li>every id, once per {@code sweep-interval} (a sweep): rows left due behind the passes for any other reason
 * (a FAILED row whose retry came, a row another run held and released, a commit later than the grace).</li>
 * </ul>
 * Looking again at rows already handed out costs nothing but index entries: a processed row is no longer due.
 *
 * <p>Invariants: {@link #read()} runs inside a transaction (Spring Batch 6's chunk-oriented step reads, processes
 * and writes each chunk in one); a page fetched is handed out in the transaction that fetched it; the position
 * saved in the step's execution context only ever covers committed chunks.
 */
class InboxEventReader implements ItemStreamReader<InboxPage> {

	/**
	 * How long after a pass begins its ids are looked at again by the following passes: longer than a staging
	 * transaction takes from its insert to its commit (the receiver's group commit, a backfill page). A commit later
	 * than this waits for the next sweep.
	 */
	static final Duration LATE_COMMIT_GRACE = Duration.ofSeconds(2);

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

	/** Rows handed out by the current pass. */
	private long passClaimed;

	/** When the last row was handed out ({@link System#nanoTime()}): {@code idle-wait} counts from it. */
	private long lastRowNanos;

	/** When the last pass over every id began. */
	private long lastSweepNanos;

	/** The passes begun within the grace, oldest first, and the newest begun before it. */
	private final Deque<PassStart> recentPasses = new ArrayDeque<>();

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
		this.lastRowNanos = this.startedNanos;
		this.lastSweepNanos = this.startedNanos;
		this.recentPasses.clear();
		this.recentPasses.add(new PassStart(this.startedNanos, this.position.lowerBoundId(),
				this.position.upperBoundId()));
		this.passClaimed = 0;
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
					this.passClaimed += rows.size();
					this.lastRowNanos = System.nanoTime();
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
	 * Starts the next pass when there is something to look at: ids staged since (at once after a pass that handed
	 * out rows), a sweep due, or ids within the grace (after a {@code poll-interval}, so that a busy run does not
	 * claim twice per pass). Gives up once
	 * {@code idle-wait} has passed since the last row handed out (and at {@code max-duration}).
	 * @return false when the run ends
	 */
	private boolean nextPass() {
		boolean atOnce = this.passClaimed > 0;
		while (true) {
			boolean rested = !atOnce;
			if (rested && !rest()) {
				return false;
			}
			atOnce = false;
			long now = System.nanoTime();
			long upper = Math.max(this.claims.highestId(), this.position.upperBoundId());
			boolean sweep = now - this.lastSweepNanos >= this.drain.sweepInterval().toNanos();
			long lower = sweep ? 0 : lowerBoundAt(now);
			// ids within the grace alone are looked at again after a poll-interval, not on every pass
			boolean lookAgain = rested && lower < this.position.upperBoundId();
			if (sweep || upper > this.position.upperBoundId() || lookAgain) {
				if (sweep) {
					this.lastSweepNanos = now;
				}
				this.position = Position.pass(lower, upper);
				this.recentPasses.add(new PassStart(now, lower, upper));
				this.passDone = false;
				this.passClaimed = 0;
				return true;
			}
		}
	}

	/**
	 * Waits one {@code poll-interval}, or less when the idle wait or the run's duration ends first.
	 * @return false when the idle wait or the duration is over, or the thread was interrupted
	 */
	private boolean rest() {
		long now = System.nanoTime();
		long left = Math.min(this.lastRowNanos + this.drain.idleWait().toNanos() - now,
				this.startedNanos + this.drain.maxDuration().toNanos() - now);
		if (left <= 0) {
			return false;
		}
		long nap = Math.min(left, this.drain.pollInterval().toNanos());
		try {
			Thread.sleep(nap / 1_000_000, (int) (nap % 1_000_000));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Where a pass beginning now starts: above the upper bound of the newest pass begun at least
	 * {@link #LATE_COMMIT_GRACE} ago (its ids are settled), or at the lower bound of the oldest pass kept when every
	 * kept pass is more recent. Forgets the passes before the settled one.
	 */
	private long lowerBoundAt(long now) {
		long settledBefore = now - LATE_COMMIT_GRACE.toNanos();
		PassStart settled = null;
		for (PassStart pass : this.recentPasses) {
			if (pass.startNanos() - settledBefore <= 0) {
				settled = pass;
			}
		}
		if (settled == null) {
			return this.recentPasses.getFirst().lowerBoundId();
		}
		while (this.recentPasses.getFirst() != settled) {
			this.recentPasses.removeFirst();
		}
		return settled.upperBoundId();
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

	/** A pass of this run: when it began and its id bounds {@code (lowerBoundId, upperBoundId]}. */
	private record PassStart(long startNanos, long lowerBoundId, long upperBoundId) {

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
