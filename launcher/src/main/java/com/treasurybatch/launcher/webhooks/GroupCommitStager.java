package com.treasurybatch.launcher.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.DistributionSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import com.treasurybatch.shared.inbox.EventEnvelope;
import com.treasurybatch.shared.inbox.InboxEvent;
import com.treasurybatch.shared.inbox.InboxSource;
import com.treasurybatch.shared.inbox.StageOutcome;
import com.treasurybatch.shared.inbox.WebhookInbox;

/**
 * Stages concurrent deliveries together: request threads queue their event and wait; a few writer threads each
 * take what is queued (up to {@code batchEventsMax}) and stage it with one statement and one commit
 * ({@link WebhookInbox#stageAll}). A request is answered only after the commit that holds its row, so a 2xx
 * still means stored. Under light load a batch is one event and the cost is one thread hand-off.
 *
 * <p>Invariants: every queued event's future completes exactly once (staged, or failed and answered 503);
 * the queue is bounded ({@code queueEventsMax}): when full, deliveries are refused at once rather than piling
 * up. A batch refused for its data (not for an unreachable database) is staged again one event at a time, so
 * that one bad event cannot hold back the others.
 */
final class GroupCommitStager implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(GroupCommitStager.class);

	private static final long POLL_MILLIS = 200;

	private final WebhookInbox inbox;

	private final int batchEventsMax;

	private final int writerThreads;

	private final long timeoutMillis;

	private final DistributionSummary batchSizes;

	private final BlockingQueue<Pending> queue;

	private volatile boolean running;

	private ExecutorService writers;

	/**
	 * @param inbox where events are staged
	 * @param batchEventsMax most events per statement
	 * @param queueEventsMax most events waiting for a writer
	 * @param writerThreads writer threads, each holding at most one database connection at a time
	 * @param timeoutSeconds longest a request waits for its commit before it is answered 503
	 * @param batchSizes records the events per statement
	 */
	GroupCommitStager(WebhookInbox inbox, int batchEventsMax, int queueEventsMax, int writerThreads,
			long timeoutSeconds, DistributionSummary batchSizes) {
		this.inbox = inbox;
		this.batchEventsMax = Math.min(batchEventsMax, WebhookInbox.STAGE_ALL_ROWS_MAX);
		this.writerThreads = writerThreads;
		this.timeoutMillis = TimeUnit.SECONDS.toMillis(timeoutSeconds);
		this.batchSizes = batchSizes;
		this.queue = new ArrayBlockingQueue<>(queueEventsMax, true);
	}

	/**
	 * Stages one event and waits for its commit.
	 * @return whether the event is new in the inbox or was already there
	 * @throws InboxUnavailableException if it could not be staged within the timeout: it may or may not be
	 * staged later, so the sender must retry (a retry of a staged event is a duplicate)
	 */
	StageOutcome stage(EventEnvelope envelope, String payload) throws InboxUnavailableException {
		if (!this.running) {
			throw new InboxUnavailableException("receiver is not running", null);
		}
		Pending pending = new Pending(new InboxEvent(envelope, payload), new CompletableFuture<>());
		if (!this.queue.offer(pending)) {
			throw new InboxUnavailableException("inbox queue is full (" + this.queue.size() + " events waiting)", null);
		}
		try {
			return pending.outcome().get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new InboxUnavailableException("inbox write failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new InboxUnavailableException("inbox write took over " + this.timeoutMillis + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InboxUnavailableException("interrupted while waiting for the inbox", ex);
		}
	}

	/** Events waiting for a writer. */
	int queuedEvents() {
		return this.queue.size();
	}

	private void write() {
		List<Pending> batch = new ArrayList<>(this.batchEventsMax);
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.batchEventsMax - 1);
				stageBatch(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.error("Inbox writer failed; its events are answered 503", ex);
				batch.forEach((pending) -> pending.outcome().completeExceptionally(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	private void stageBatch(List<Pending> batch) {
		this.batchSizes.record(batch.size());
		List<InboxEvent> events = new ArrayList<>(batch.size());
		batch.forEach((pending) -> events.add(pending.event()));
		List<StageOutcome> outcomes;
		try {
			outcomes = this.inbox.stageAll(events, InboxSource.WEBHOOK);
		}
		catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
			batch.forEach((pending) -> pending.outcome().completeExceptionally(ex));
			return;
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1) {
				batch.get(0).outcome().completeExceptionally(ex);
				return;
			}
			logger.warn("Inbox refused a batch of {} events ({}); staging them one by one", batch.size(), ex.toString());
			for (Pending pending : batch) {
				stageBatch(List.of(pending));
			}
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).outcome().complete(outcomes.get(i));
		}
	}

	@Override
	public void start() {
		AtomicInteger threadNumber = new AtomicInteger();
		this.running = true;
		this.writers = Executors.newFixedThreadPool(this.writerThreads, (runnable) -> {
			Thread thread = new Thread(runnable, "webhook-inbox-writer-" + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		for (int i = 0; i < this.writerThreads; i++) {
			this.writers.execute(this::write);
		}
	}

	/** Refuses new events, lets the writers finish what is queued (bounded by the timeout), then stops them. */
	@Override
	public void stop() {
		this.running = false;
		this.writers.shutdown();
		try {
			if (!this.writers.awaitTermination(this.timeoutMillis, TimeUnit.MILLISECONDS)) {
				this.writers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.writers.shutdownNow();
		}
		Pending left;
		while ((left = this.queue.poll()) != null) {
			left.outcome().completeExceptionally(new IllegalStateException("receiver stopped"));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts before the web server and stops after it, so that accepted deliveries are written. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Pending(InboxEvent event, CompletableFuture<StageOutcome> outcome) {

	}

}
