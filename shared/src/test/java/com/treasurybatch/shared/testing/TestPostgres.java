package com.treasurybatch.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM (zonky embedded binaries, PostgreSQL 17), and a fresh database in it for
 * each caller, so test contexts never see each other's rows.
 *
 * <p>The server outlives every Spring context that uses it: each context holds a lease
 * ({@link EmbeddedPostgresInitializer}) that it gives back when its beans are destroyed, and the server stops when
 * the last lease is given back. zonky's own shutdown hook is off, because it would stop the server while the
 * contexts are still closing (their shutdown then waits on connections that never come). A JVM shutdown hook of
 * ours waits for the leases (bounded) and stops the server last.
 */
public final class TestPostgres {

	private static final long SHUTDOWN_WAIT_SECONDS = 20;

	private static final AtomicInteger databases = new AtomicInteger();

	private static final Object lock = new Object();

	private static EmbeddedPostgres server;

	private static int leases;

	private static boolean hookRegistered;

	private TestPostgres() {
	}

	/** The running server, started on first use. */
	public static EmbeddedPostgres server() {
		synchronized (lock) {
			if (server == null) {
				try {
					server = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Embedded PostgreSQL did not start", ex);
				}
				if (!hookRegistered) {
					Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stopWhenReleased, "test-postgres-stop"));
					hookRegistered = true;
				}
			}
			return server;
		}
	}

	/** Takes a lease on the server for a Spring context; give it back with {@link #release()}. */
	static void lease() {
		synchronized (lock) {
			server();
			leases++;
		}
	}

	/** Gives a lease back; the last one stops the server (a later caller starts a new one). */
	static void release() {
		synchronized (lock) {
			leases--;
			if (leases <= 0) {
				leases = 0;
				stop();
				lock.notifyAll();
			}
		}
	}

	/** Creates an empty database and returns its JDBC URL (user and password: postgres). */
	public static String newDatabase(String prefix) {
		String name = (prefix + "_" + databases.incrementAndGet()).toLowerCase(java.util.Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "_");
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return server().getJdbcUrl("postgres", name);
	}

	private static void stopWhenReleased() {
		synchronized (lock) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_WAIT_SECONDS);
			while (leases > 0 && System.nanoTime() < deadline) {
				try {
					lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			stop();
		}
	}

	private static void stop() {
		if (server != null) {
			try {
				server.close();
			}
			catch (IOException ex) {
				// the JVM is ending or no context uses the server any more: nothing left to protect
			}
			server = null;
		}
	}

}
