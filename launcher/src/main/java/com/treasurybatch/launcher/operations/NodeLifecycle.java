package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.audit.Actor;

/**
 * This process's life as a node. On start: register with a heartbeat, recover dead nodes'
 * executions, then keep the heartbeat fresh (and, in the server, sweep for dead nodes
 * periodically). On shutdown: refuse new runs, ask this node's running executions to stop
 * at a chunk boundary, wait for them (up to the configured shutdown wait), and remove the
 * node row only once none of its executions is still running; otherwise the row is left
 * to go stale, and another node recovers them.
 *
 * <p>
 * Starts before and stops after the web server and the scheduler, so that no request or
 * trigger arrives while the node is not registered.
 */
@Component
class NodeLifecycle implements SmartLifecycle {

	/**
	 * Stops after the web server ({@code DEFAULT_PHASE - 1024}) and Quartz
	 * ({@code DEFAULT_PHASE}).
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Logger logger = LoggerFactory.getLogger(NodeLifecycle.class);

	private final BatchNode node;

	private final NodeRegistry nodes;

	private final ExecutionOwnership ownership;

	private final ExecutionRecovery recovery;

	private final JobOperations operations;

	private final JobRuns runs;

	private final OperationsProperties properties;

	private ScheduledExecutorService timer;

	private volatile boolean running;

	NodeLifecycle(BatchNode node, NodeRegistry nodes, ExecutionOwnership ownership, ExecutionRecovery recovery,
			JobOperations operations, JobRuns runs, OperationsProperties properties) {
		this.node = node;
		this.nodes = nodes;
		this.ownership = ownership;
		this.recovery = recovery;
		this.operations = operations;
		this.runs = runs;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.runs.open();
		this.nodes.register(this.node);
		sweep();
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "node-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long heartbeat = this.properties.heartbeatIntervalSeconds();
		this.timer.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.SECONDS);
		if (this.node.kind() == NodeKind.SERVER) {
			long sweep = this.properties.recoveryIntervalSeconds();
			this.timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.SECONDS);
		}
		this.running = true;
		logger.info("Registered as {} ({})", this.node.describe(), this.node.nodeId());
	}

	@Override
	public void stop() {
		this.running = false;
		this.runs.refuseLaunches();
		askOwnRunsToStop();
		boolean ended = this.runs.close();
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
		try {
			List<Long> left = this.ownership.runningOwnedBy(this.node);
			if (ended && left.isEmpty()) {
				this.nodes.remove(this.node);
				return;
			}
			logger.warn(
					"Executions {} did not stop within {} s; another node recovers them once this node's "
							+ "heartbeat is older than {} s",
					left, this.properties.shutdownWaitSeconds(), this.properties.nodeDeadAfterSeconds());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not leave cleanly ({}); other nodes take this one for dead after {} s", ex.toString(),
					this.properties.nodeDeadAfterSeconds());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A node does not pause: stopping it means leaving (its runs are stopped), so a
	 * context pause leaves it be.
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void askOwnRunsToStop() {
		List<Long> mine;
		try {
			mine = this.ownership.runningOwnedBy(this.node);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not list this node's running executions: {}", ex.toString());
			return;
		}
		for (long executionId : mine) {
			try {
				this.operations.stop(executionId, Actor.SYSTEM);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not ask execution {} to stop: {}", executionId, ex.getMessage());
			}
		}
	}

	private void heartbeat() {
		try {
			if (!this.nodes.heartbeat(this.node)) {
				logger.warn("This node's row was gone (taken for dead?); registering again");
				this.nodes.register(this.node);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat failed; other nodes take this one for dead after {} s without one",
					Duration.ofSeconds(this.properties.nodeDeadAfterSeconds()).toSeconds(), ex);
		}
	}

	private void sweep() {
		try {
			int recovered = this.recovery.sweep();
			if (recovered > 0) {
				logger.warn("Recovered {} execution(s) of dead nodes", recovered);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Recovery sweep failed; it runs again later", ex);
		}
	}

}
