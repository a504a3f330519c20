package com.treasurybatch.launcher.wakeup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Listens on every channel of its wake-ups over one connection of its own per node (not the pool's) and calls the
 * channel's handler for every batch of notifications naming it, on its own thread: {@code webhook_inbox_staged}
 * (trigger of schema/V33) and {@code analytics_events_staged} (schema/V37). PostgreSQL sends them when a
 * transaction that staged rows commits, so by then the rows are visible.
 *
 * <p>Connection loss: the connection is checked with {@code SELECT 1} after every quiet {@code listenTimeout}
 * (a socket timeout and TCP keep-alive catch a silent network path); a failed connection is closed and opened
 * again after a full-jitter backoff, {@code retryBase} doubled per failure up to {@code retryMax}. Notifications
 * sent while no connection listened are lost, so every handler is also called on every (re)connection: rows
 * staged meanwhile are looked for then, and each job's schedule covers a longer outage.
 */
final class StagedNotificationListener implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(StagedNotificationListener.class);

	private final ListenerConnections connections;

	private final Map<String, Runnable> handlers;

	private final Duration listenTimeout;

	private final Duration retryBase;

	private final Duration retryMax;

	private volatile boolean running;

	private volatile Thread thread;

	private volatile Connection connection;

	private volatile boolean listening;

	/**
	 * @param connections opens the listener's connection
	 * @param handlers by channel (a plain identifier), each called when rows were staged on it (or may have been,
	 * after a reconnection); must be quick. None: the listener opens no connection
	 * @param listenTimeout longest wait for a notification before the connection is checked
	 * @param retryBase first reconnection backoff ceiling
	 * @param retryMax largest reconnection backoff ceiling
	 */
	StagedNotificationListener(ListenerConnections connections, Map<String, Runnable> handlers,
			Duration listenTimeout, Duration retryBase, Duration retryMax) {
		this.connections = connections;
		this.handlers = new LinkedHashMap<>(handlers);
		this.listenTimeout = listenTimeout;
		this.retryBase = retryBase;
		this.retryMax = retryMax;
	}

	/** Whether a connection is LISTENing right now (for tests and health). */
	boolean listening() {
		return this.listening;
	}

	/** The channels listened on, in the order given. */
	Iterable<String> channels() {
		return this.handlers.keySet();
	}

	@Override
	public void start() {
		this.running = true;
		if (this.handlers.isEmpty()) {
			return;
		}
		Thread listener = new Thread(this::listenUntilStopped, "staged-notification-listener");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread listener = this.thread;
		if (listener != null) {
			listener.interrupt();
		}
		closeQuietly(this.connection);
		if (listener != null) {
			try {
				listener.join(5_000);
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

	private void listenUntilStopped() {
		int failures = 0;
		while (this.running) {
			try (Connection listenerConnection = this.connections.open()) {
				this.connection = listenerConnection;
				listenerConnection.setAutoCommit(true);
				try (Statement statement = listenerConnection.createStatement()) {
					for (String channel : this.handlers.keySet()) {
						statement.execute("LISTEN " + channel);
					}
				}
				this.listening = true;
				if (failures > 0) {
					logger.info("Wake-up listening again on {} after {} failed attempt(s)", this.handlers.keySet(),
							failures);
				}
				failures = 0;
				this.handlers.values().forEach(Runnable::run);
				listen(listenerConnection.unwrap(PGConnection.class), listenerConnection);
			}
			catch (SQLException | RuntimeException ex) {
				this.listening = false;
				if (!this.running) {
					return;
				}
				failures++;
				Duration backoff = backoff(failures);
				logger.warn("Wake-up lost its connection ({}); listening again in {} ms (attempt {}); the jobs' "
						+ "schedules cover the gap", ex.getMessage(), backoff.toMillis(), failures);
				if (!sleep(backoff)) {
					return;
				}
			}
			finally {
				this.listening = false;
				this.connection = null;
			}
		}
	}

	private void listen(PGConnection notifications, Connection listenerConnection) throws SQLException {
		int timeoutMillis = (int) this.listenTimeout.toMillis();
		while (this.running) {
			PGNotification[] received = notifications.getNotifications(timeoutMillis);
			if (received != null && received.length > 0) {
				dispatch(received);
			}
			else {
				// quiet: prove the connection is still there (a dead one throws, and we reconnect)
				try (Statement statement = listenerConnection.createStatement()) {
					statement.execute("SELECT 1");
				}
			}
		}
	}

	/** Calls each notified channel's handler once, however many notifications named it. */
	private void dispatch(PGNotification[] received) {
		Map<String, Runnable> notified = new LinkedHashMap<>();
		for (PGNotification notification : received) {
			Runnable handler = this.handlers.get(notification.getName());
			if (handler != null) {
				notified.put(notification.getName(), handler);
			}
		}
		notified.values().forEach(Runnable::run);
	}

	/** Full jitter: uniform in [0, min(max, base * 2^(failures - 1))]. */
	private Duration backoff(int failures) {
		long ceiling = Math.min(this.retryMax.toMillis(), this.retryBase.toMillis() << Math.min(failures - 1, 20));
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

	private boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return this.running;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// closing to stop: nothing to do
			}
		}
	}

}
