package com.treasurybatch.launcher.wakeup;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;

import com.treasurybatch.launcher.operations.ExecutionSummary;
import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.launcher.operations.OperationRefusedException;
import com.treasurybatch.launcher.operations.Refusal;
import com.treasurybatch.shared.audit.Actor;

/**
 * Starts one job when rows are staged for it ({@link #signal()}, from its channel's notifications), through
 * {@link JobOperations} as the schedule does: same parameters as an incremental schedule fire (none: the job's
 * incrementer makes a new instance), audited with the wake-up's actor on channel {@code system}, refused while the
 * job runs anywhere. Server nodes have two: {@code inbox-processing} on {@code webhook_inbox_staged} and
 * {@code analytics-rollups} on {@code analytics_events_staged} ({@link WakeUpConfiguration}).
 *
 * <p>Coalescing: signals only set a flag; one thread acts on it. While an execution of the job runs, on any node,
 * the thread waits for it to end (the execution drains what arrives meanwhile) and, if {@code minInterval} has not
 * passed since this node's last start, for the rest of it (a debounce: a steady stream of rows makes at most one
 * run per interval); then, if a signal came in the meantime and {@code workWaiting} says rows still wait, it starts
 * one execution. So any number of notifications makes at most one
 * execution after the one running. Several nodes each do this: their starts meet in the job's cluster-wide start
 * lock, one wins and the others are refused ({@code ALREADY_RUNNING}, recorded in the audit trail), and
 * inbox-processing's claims are {@code FOR UPDATE SKIP LOCKED} in any case. An execution that ended FAILED delays the next start (1 s,
 * doubling up to 1 min), so a failing job is not restarted at the rate events arrive.
 */
final class JobWakeUp implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JobWakeUp.class);

	private static final Duration RUN_POLL = Duration.ofSeconds(1);

	private static final Duration FAILURE_DELAY_MAX = Duration.ofMinutes(1);

	private final JobOperations operations;

	private final JobRepository repository;

	private final String jobName;

	private final String channel;

	private final Actor actor;

	private final BooleanSupplier workWaiting;

	private final Duration minInterval;

	private final Object monitor = new Object();

	private boolean pending;

	private volatile boolean running;

	private Thread thread;

	private final AtomicLong starts = new AtomicLong();

	private long lastStarted = -1;

	private long lastStartNanos;

	private boolean startedOnce;

	private int failedRuns;

	/**
	 * @param jobName the job started
	 * @param channel the notification channel whose notifications call {@link #signal()}
	 * @param actor who the audit trail says started the runs (channel {@code system})
	 * @param workWaiting whether rows still wait for the job (asked before each start; may query the database)
	 * @param minInterval least time between two starts by this node; zero: none
	 */
	JobWakeUp(JobOperations operations, JobRepository repository, String jobName, String channel, Actor actor,
			BooleanSupplier workWaiting, Duration minInterval) {
		this.operations = operations;
		this.repository = repository;
		this.jobName = jobName;
		this.channel = channel;
		this.actor = actor;
		this.workWaiting = workWaiting;
		this.minInterval = minInterval;
	}

	/** The job this starts. */
	String jobName() {
		return this.jobName;
	}

	/** The channel whose notifications wake it. */
	String channel() {
		return this.channel;
	}

	/** Rows were staged (or may have been): start a run unless one is going. Never blocks. */
	void signal() {
		synchronized (this.monitor) {
			this.pending = true;
			this.monitor.notifyAll();
		}
	}

	/** Executions this node started so far. */
	long starts() {
		return this.starts.get();
	}

	@Override
	public void start() {
		this.running = true;
		Thread waker = new Thread(this::wakeUntilStopped, this.actor.name());
		waker.setDaemon(true);
		this.thread = waker;
		waker.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread waker = this.thread;
		if (waker != null) {
			waker.interrupt();
			try {
				waker.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stops before the operations service refuses starts, starts after it
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	private void wakeUntilStopped() {
		while (this.running) {
			try {
				synchronized (this.monitor) {
					while (!this.pending && this.running) {
						this.monitor.wait();
					}
				}
				if (this.running) {
					react();
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// database unreachable and the like: try again a little later, the signal stays pending
				logger.warn("Wake-up could not start {}: {}", this.jobName, ex.getMessage());
				if (!pause(RUN_POLL)) {
					return;
				}
			}
		}
	}

	private void react() throws InterruptedException {
		Optional<JobExecution> going = runningExecution();
		while (going.isPresent()) {
			// the running execution drains what arrives meanwhile: wait for its end (early if it is ours)
			this.operations.awaitProgress(going.get().getId(), RUN_POLL);
			going = runningExecution();
			if (!this.running) {
				return;
			}
		}
		settleLastStarted();
		if (this.failedRuns > 0 && !pause(failureDelay())) {
			return;
		}
		if (this.startedOnce) {
			long waitNanos = this.minInterval.toNanos() - (System.nanoTime() - this.lastStartNanos);
			if (waitNanos > 0 && !pause(Duration.ofNanos(waitNanos))) {
				return;
			}
		}
		synchronized (this.monitor) {
			// every signal up to here is answered by the check below
			this.pending = false;
		}
		if (!this.workWaiting.getAsBoolean()) {
			return;
		}
		try {
			ExecutionSummary started = this.operations.start(this.jobName, Map.of(), this.actor);
			this.lastStarted = started.id();
			this.lastStartNanos = System.nanoTime();
			this.startedOnce = true;
			this.starts.incrementAndGet();
			logger.debug("Wake-up started execution {} of {}", started.id(), this.jobName);
		}
		catch (OperationRefusedException ex) {
			if (ex.refusal() == Refusal.ALREADY_RUNNING) {
				// another node or a schedule fire started it a moment ago: look again once it ends
				signal();
				pause(Duration.ofMillis(100));
			}
			else if (ex.refusal() != Refusal.SHUTTING_DOWN) {
				logger.warn("Wake-up was refused a start of {}: {}", this.jobName, ex.getMessage());
			}
		}
	}

	/** Counts a FAILED end of the execution this node started last, so that the next start waits. */
	private void settleLastStarted() {
		if (this.lastStarted < 0) {
			return;
		}
		JobExecution last = this.repository.getJobExecution(this.lastStarted);
		this.lastStarted = -1;
		if (last != null && last.getStatus() == BatchStatus.FAILED) {
			this.failedRuns++;
			logger.warn("Execution {} of {} started by the wake-up ended FAILED; next start in {} s",
					last.getId(), this.jobName, failureDelay().toSeconds());
		}
		else {
			this.failedRuns = 0;
		}
	}

	private Duration failureDelay() {
		long seconds = 1L << Math.min(this.failedRuns - 1, 6);
		return Duration.ofSeconds(Math.min(seconds, FAILURE_DELAY_MAX.toSeconds()));
	}

	private Optional<JobExecution> runningExecution() {
		return this.repository.findRunningJobExecutions(this.jobName)
			.stream()
			.min(Comparator.comparing(JobExecution::getId));
	}

	private boolean pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return this.running;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
