package com.treasurybatch.jobs.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.jobs.inbox.handlers.EventHandler;
import com.treasurybatch.jobs.inbox.handlers.EventHandlers;
import com.treasurybatch.jobs.inbox.handlers.HandlerOutcome;
import com.treasurybatch.jobs.inbox.handlers.InapplicableEventException;
import com.treasurybatch.jobs.inbox.handlers.ParsedStripeEvent;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.inbox.ClaimedInboxRow;
import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InboxStatus;
import com.treasurybatch.shared.inbox.InboxStatusUpdates;

/**
 * Applies a chunk of inbox events, each isolated from the others by savepoints of the chunk transaction, and sets
 * each row's final status in the same transaction: an event's journal, domain rows and status change commit
 * together.
 *
 * <ul>
 * <li>Handled: PROCESSED (or IGNORED when the handler says the event concerns nothing here).</li>
 * <li>No handler for the type: IGNORED, kept, not an error.</li>
 * <li>Operating error ({@link InapplicableEventException}): that event's writes are rolled back, the others in the chunk
 * stay; the row becomes FAILED with the reason, attempts + 1, and {@code next_attempt_at} by {@link RetryBackoff};
 * after {@code maxAttempts} it stays FAILED with no next attempt and a CRITICAL alert is raised.</li>
 * <li>Anything else (database gone, transient data access, a bug): not caught; the chunk rolls back, the step and
 * job fail and can be restarted.</li>
 * </ul>
 *
 * <p>Runs: consecutive events of one handler are applied together ({@link EventHandler#handleAll}), so that a
 * handler can write a run in one statement per table rather than per event.
 *
 * <p>Savepoints: the chunk is first applied under one savepoint. Only if an event raises an operating error is
 * that savepoint rolled back and the chunk split in two halves, each applied under a savepoint of its own in order;
 * a half that fails is split again, down to the single bad event, which fails alone (handlers are idempotent and
 * read the database as it was). The outcome is the same as one savepoint per event from the start, while a chunk of
 * {@code n} events with one bad event takes about {@code 2 log2(n)} savepoints (20 for 1,000) instead of {@code n}:
 * PostgreSQL keeps 64 subtransactions per transaction in its cache and beyond that every session's snapshots get
 * slower (PostgreSQL manual, "Subtransactions"), and the good events keep being written in runs, not one by one.
 *
 * <p>Counts of PROCESSED, IGNORED and FAILED rows of committed chunks are kept in the step's execution context
 * ({@value #PROCESSED_KEY}, ...) and written into the step's exit description.
 */
class InboxEventWriter implements ItemStreamWriter<ClaimedInboxRow>, StepExecutionListener {

	static final String PROCESSED_KEY = "inbox.processed";

	static final String IGNORED_KEY = "inbox.ignored";

	static final String FAILED_KEY = "inbox.failed";

	static final String GIVEN_UP_KEY = "inbox.givenUp";

	private static final Log logger = LogFactory.getLog(InboxEventWriter.class);

	private final EventHandlers handlers;

	private final EventEnvelopeParser envelopeParser;

	private final ObjectReader dataReader;

	private final InboxStatusUpdates statusUpdates;

	private final Alerts alerts;

	private final Clock clock;

	private final RetryBackoff backoff;

	private final int maxAttempts;

	private final TransactionTemplate savepoint;

	private final Counts committed = new Counts();

	private final Counts pending = new Counts();

	/** The instance's counts when this execution opened the step (non-zero on a restart). */
	private final Counts restored = new Counts();

	private ExecutionContext executionContext;

	InboxEventWriter(EventHandlers handlers, EventEnvelopeParser envelopeParser, ObjectMapper mapper,
			InboxStatusUpdates statusUpdates, Alerts alerts, Clock clock, PlatformTransactionManager transactionManager,
			InboxProcessingProperties properties) {
		this.handlers = handlers;
		this.envelopeParser = envelopeParser;
		this.dataReader = ParsedStripeEvent.dataReader(mapper);
		this.statusUpdates = statusUpdates;
		this.alerts = alerts;
		this.clock = clock;
		this.backoff = new RetryBackoff(properties.retryInitialBackoff(), properties.retryMaxBackoff());
		this.maxAttempts = properties.maxAttempts();
		this.savepoint = new TransactionTemplate(transactionManager);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	@Override
	public void write(Chunk<? extends ClaimedInboxRow> chunk) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Inbox events must be applied inside the chunk transaction");
		}
		Instant now = this.clock.instant();
		List<? extends ClaimedInboxRow> rows = chunk.getItems();
		Outcomes outcomes = new Outcomes();
		try {
			this.savepoint.executeWithoutResult((status) -> apply(rows, outcomes));
		}
		catch (InapplicableEventException ex) {
			logger.info("An event of the chunk is invalid (" + ex.getMessage()
					+ "); applying the chunk again in halves, each under its own savepoint, to isolate it");
			outcomes.clear();
			isolate(rows, ex, outcomes);
		}
		for (Failure failure : outcomes.failures) {
			recordFailure(failure.row(), failure.error(), now);
		}
		this.statusUpdates.markDone(outcomes.processed, InboxStatus.PROCESSED, now);
		this.statusUpdates.markDone(outcomes.ignored, InboxStatus.IGNORED, now);
		this.pending.processed += outcomes.processed.size();
		this.pending.ignored += outcomes.ignored.size();
		TransactionSynchronizationManager.registerSynchronization(new CountsSettlement());
	}

	/**
	 * Finds the invalid events among rows whose application, under a savepoint, just failed and was rolled back:
	 * a single row is the invalid event (it failed alone, from the state it would be applied in again); more rows
	 * are split in two halves, applied in order, each under a savepoint of its own, and a half that fails is split
	 * again. Each successful half adds its outcomes; a failed half's writes are rolled back with its savepoint.
	 * @param rows rows in claim order, at least one
	 * @param error what their application threw
	 * @param outcomes where the outcomes of applied rows and the failures are added
	 */
	private void isolate(List<? extends ClaimedInboxRow> rows, InapplicableEventException error, Outcomes outcomes) {
		if (rows.size() == 1) {
			outcomes.failures.add(new Failure(rows.get(0), error));
			return;
		}
		int half = rows.size() / 2;
		for (List<? extends ClaimedInboxRow> part : List.of(rows.subList(0, half), rows.subList(half, rows.size()))) {
			Outcomes partOutcomes = new Outcomes();
			try {
				this.savepoint.executeWithoutResult((status) -> apply(part, partOutcomes));
			}
			catch (InapplicableEventException ex) {
				isolate(part, ex, outcomes);
				continue;
			}
			outcomes.addAll(partOutcomes);
		}
	}

	/**
	 * Applies every row in order, consecutive events of one handler as a run; an invalid event throws and the
	 * caller's savepoint rolls back all of them.
	 * @throws InapplicableEventException from the first invalid event
	 */
	private void apply(List<? extends ClaimedInboxRow> rows, Outcomes outcomes) {
		List<ClaimedInboxRow> run = new ArrayList<>();
		EventHandler runHandler = null;
		for (ClaimedInboxRow row : rows) {
			Optional<EventHandler> handler = this.handlers.forType(row.type());
			if (handler.isEmpty()) {
				outcomes.ignored.add(row.id());
				continue;
			}
			if (runHandler != handler.get()) {
				applyRun(runHandler, run, outcomes);
				runHandler = handler.get();
			}
			run.add(row);
		}
		applyRun(runHandler, run, outcomes);
	}

	/**
	 * Applies consecutive events of one handler together ({@link EventHandler#handleAll}), then empties the run.
	 * Events without a handler in between (IGNORED, nothing written) do not break a run.
	 */
	private void applyRun(EventHandler handler, List<ClaimedInboxRow> run, Outcomes outcomes) {
		if (run.isEmpty()) {
			return;
		}
		List<ParsedStripeEvent> events = new ArrayList<>(run.size());
		for (ClaimedInboxRow row : run) {
			events.add(ParsedStripeEvent.parse(row, this.envelopeParser, this.dataReader));
		}
		List<HandlerOutcome> results = handler.handleAll(events);
		if (results.size() != run.size()) {
			throw new IllegalStateException(handler.getClass().getSimpleName() + " gave " + results.size()
					+ " outcomes for " + run.size() + " events");
		}
		for (int i = 0; i < run.size(); i++) {
			outcomes.add(run.get(i), results.get(i));
		}
		run.clear();
	}

	private void recordFailure(ClaimedInboxRow row, InapplicableEventException ex, Instant now) {
		int attempts = row.attempts() + 1;
		boolean givingUp = attempts >= this.maxAttempts;
		Instant next = givingUp ? null : this.backoff.nextAttemptAt(attempts, now);
		String reason = ex.getMessage();
		this.statusUpdates.markFailed(row.id(), attempts, reason, next);
		this.pending.failed++;
		if (givingUp) {
			this.pending.givenUp++;
			this.alerts.raise(Severity.CRITICAL, "inbox_event_gave_up", row.eventId(),
					"Inbox event " + row.eventId() + " (" + row.type() + ") failed " + attempts
							+ " times and will not be retried: " + reason
							+ ". Fix the cause, then replay it (inbox replay " + row.eventId() + ")",
					"inbox_event_gave_up:" + row.eventId() + ":" + attempts);
			logger.error("Gave up on inbox event " + row.eventId() + " after " + attempts + " attempts: " + reason);
		}
		else {
			logger.warn("Inbox event " + row.eventId() + " failed (attempt " + attempts + "), next attempt at " + next
					+ ": " + reason);
		}
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.executionContext = executionContext;
		this.committed.processed = executionContext.getLong(PROCESSED_KEY, 0L);
		this.committed.ignored = executionContext.getLong(IGNORED_KEY, 0L);
		this.committed.failed = executionContext.getLong(FAILED_KEY, 0L);
		this.committed.givenUp = executionContext.getLong(GIVEN_UP_KEY, 0L);
		this.restored.processed = this.committed.processed;
		this.restored.ignored = this.committed.ignored;
		this.restored.failed = this.committed.failed;
		this.restored.givenUp = this.committed.givenUp;
		this.pending.clear();
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(PROCESSED_KEY, this.committed.processed + this.pending.processed);
		executionContext.putLong(IGNORED_KEY, this.committed.ignored + this.pending.ignored);
		executionContext.putLong(FAILED_KEY, this.committed.failed + this.pending.failed);
		executionContext.putLong(GIVEN_UP_KEY, this.committed.givenUp + this.pending.givenUp);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		// what this execution did; a restart also names the instance's totals (its execution context carries the
		// counts of the executions before it)
		String counts = "processed=" + (this.committed.processed - this.restored.processed) + " ignored="
				+ (this.committed.ignored - this.restored.ignored) + " failed="
				+ (this.committed.failed - this.restored.failed) + " givenUp="
				+ (this.committed.givenUp - this.restored.givenUp);
		if (this.restored.processed + this.restored.ignored + this.restored.failed + this.restored.givenUp > 0) {
			counts += " (instance total processed=" + this.committed.processed + " ignored=" + this.committed.ignored
					+ " failed=" + this.committed.failed + " givenUp=" + this.committed.givenUp + ")";
		}
		logger.info("Inbox processing " + stepExecution.getStatus() + ": " + counts);
		return stepExecution.getExitStatus().addExitDescription(counts);
	}

	/** An event that could not be applied, and why. */
	private record Failure(ClaimedInboxRow row, InapplicableEventException error) {

	}

	/** What happened to each row of a chunk. */
	private static final class Outcomes {

		final List<Long> processed = new ArrayList<>();

		final List<Long> ignored = new ArrayList<>();

		final List<Failure> failures = new ArrayList<>();

		void add(ClaimedInboxRow row, HandlerOutcome outcome) {
			((outcome == HandlerOutcome.PROCESSED) ? this.processed : this.ignored).add(row.id());
		}

		void addAll(Outcomes other) {
			this.processed.addAll(other.processed);
			this.ignored.addAll(other.ignored);
			this.failures.addAll(other.failures);
		}

		void clear() {
			this.processed.clear();
			this.ignored.clear();
			this.failures.clear();
		}

	}

	/** Row counts by outcome. */
	private static final class Counts {

		long processed;

		long ignored;

		long failed;

		long givenUp;

		void add(Counts other) {
			this.processed += other.processed;
			this.ignored += other.ignored;
			this.failed += other.failed;
			this.givenUp += other.givenUp;
		}

		void clear() {
			this.processed = 0;
			this.ignored = 0;
			this.failed = 0;
			this.givenUp = 0;
		}

	}

	/** Counts a chunk once it committed; forgets it if it rolled back. */
	private final class CountsSettlement implements TransactionSynchronization {

		@Override
		public void afterCompletion(int status) {
			InboxEventWriter writer = InboxEventWriter.this;
			if (status == STATUS_COMMITTED) {
				writer.committed.add(writer.pending);
			}
			writer.pending.clear();
			if (writer.executionContext != null) {
				writer.update(writer.executionContext);
			}
		}

	}

}
