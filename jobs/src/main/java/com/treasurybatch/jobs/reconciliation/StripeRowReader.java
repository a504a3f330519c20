package com.treasurybatch.jobs.reconciliation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import com.treasurybatch.shared.stripe.BalanceTransactionQuery;
import com.treasurybatch.shared.stripe.StripeBalanceTransaction;

/**
 * Reads the day's balance transactions from Stripe: the day is cut into {@code threads} equal time ranges, each
 * listed page by page ({@code created[gte]}/{@code created[lt]}) on its own thread into a bounded queue, so that
 * listing overlaps the writer's inserts and several pages are in flight (the gateway's throttle still bounds the
 * request rate). Order does not matter: rows are staged by id. Keeps no restart state: a restarted step lists the
 * day again and the writer ignores rows already staged. A listing failure surfaces from {@link #read()}.
 */
class StripeRowReader implements ItemStreamReader<StripeBalanceTransaction> {

	private static final int QUEUE_ROWS_MAX = 5_000;

	private static final long POLL_MILLIS = 100;

	private final Function<BalanceTransactionQuery, Stream<StripeBalanceTransaction>> list;

	private final BalanceTransactionQuery day;

	private final int threads;

	private final BlockingQueue<StripeBalanceTransaction> rows = new ArrayBlockingQueue<>(QUEUE_ROWS_MAX);

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

	private ExecutorService executor;

	/**
	 * @param list lists one query's transactions (the gateway)
	 * @param day the whole day's query
	 * @param threads time ranges listed at once, 1 or more
	 */
	StripeRowReader(Function<BalanceTransactionQuery, Stream<StripeBalanceTransaction>> list,
			BalanceTransactionQuery day, int threads) {
		this.list = list;
		this.day = day;
		this.threads = threads;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		List<BalanceTransactionQuery> ranges = ranges();
		this.executor = Executors.newFixedThreadPool(ranges.size(), (task) -> {
			Thread thread = new Thread(task, "reconciliation-fetch");
			thread.setDaemon(true);
			return thread;
		});
		this.running.set(ranges.size());
		for (BalanceTransactionQuery range : ranges) {
			this.executor.execute(() -> {
				try (Stream<StripeBalanceTransaction> listed = this.list.apply(range)) {
					listed.forEach(this::put);
				}
				catch (RuntimeException ex) {
					this.failure.compareAndSet(null, ex);
				}
				finally {
					this.running.decrementAndGet();
				}
			});
		}
	}

	@Override
	public StripeBalanceTransaction read() throws InterruptedException {
		while (true) {
			RuntimeException failed = this.failure.get();
			if (failed != null) {
				throw failed;
			}
			boolean done = this.running.get() == 0;
			StripeBalanceTransaction row = this.rows.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
			if (row != null) {
				return row;
			}
			if (done && this.rows.isEmpty()) {
				RuntimeException late = this.failure.get();
				if (late != null) {
					throw late;
				}
				return null;
			}
		}
	}

	@Override
	public void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	private void put(StripeBalanceTransaction row) {
		try {
			this.rows.put(row);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Listing stopped: the step is closing", ex);
		}
	}

	/** The day cut into equal ranges of whole seconds (Stripe compares whole seconds). */
	private List<BalanceTransactionQuery> ranges() {
		long from = this.day.createdFrom().getEpochSecond();
		long before = this.day.createdBefore().getEpochSecond();
		int count = (int) Math.max(1, Math.min(this.threads, before - from));
		long width = (before - from + count - 1) / count;
		List<BalanceTransactionQuery> ranges = new ArrayList<>();
		for (long start = from; start < before; start += width) {
			ranges.add(new BalanceTransactionQuery(this.day.account(), Instant.ofEpochSecond(start),
					Instant.ofEpochSecond(Math.min(before, start + width)), this.day.type(), this.day.pageSize()));
		}
		return ranges;
	}

}
