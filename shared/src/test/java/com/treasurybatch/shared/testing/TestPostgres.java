package com.treasurybatch.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One real PostgreSQL server per test JVM (zonky embedded binaries, PostgreSQL 17), and a fresh database in it for
 * each caller, so test contexts never see each other's rows.
 *
 * <p>The server outlives every Spring context that uses it: each context holds a lease
 * ({@link EmbeddedPostgresInitializer}) that it gives back when its beans are destroyed, and the server stops when
 * the last lease is given back. zonky's own shutdown hook is off, because it would stop the server while the
 * contexts are still closing (their shutdown then waits on connections that never come). A JVM shutdown hook of
 * ours waits for the leases (bounded) and stops the server last.
 *
 * <p>As in production, the server has two roles: the owner ({@value #OWNER}, the server's superuser), which
 * creates every database and runs Flyway, and the application role ({@value #APPLICATION_ROLE}, LOGIN, not a
 * superuser, owns nothing), which the application's pool connects as. See {@link #properties(String)}.
 */
public final class TestPostgres {

	/** The owner of every test database and table; Flyway connects as it. */
	public static final String OWNER = "postgres";

	/** The role the application's pool connects as: INSERT and SELECT only on the ledger and audit tables. */
	public static final String APPLICATION_ROLE = "treasury_app";

	/** The application role's password (the test server trusts loopback connections; sent anyway). */
	public static final String APPLICATION_PASSWORD = "treasury_app";

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
				createApplicationRole(server);
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

	/**
	 * Creates an empty database, owned by {@value #OWNER}, and returns its JDBC URL; the URL names no user:
	 * connect as {@value #OWNER} (password {@value #OWNER}) or as {@value #APPLICATION_ROLE}.
	 */
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
		return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name;
	}

	/**
	 * The Spring properties that run an application on a database as production does: the pool as
	 * {@value #APPLICATION_ROLE}, Flyway as {@value #OWNER} (its own connection), grants to the application role.
	 * @param url a database from {@link #newDatabase(String)}
	 */
	public static Map<String, Object> properties(String url) {
		return Map.of("spring.datasource.url", url, "spring.datasource.username", APPLICATION_ROLE,
				"spring.datasource.password", APPLICATION_PASSWORD, "spring.flyway.url", url, "spring.flyway.user", OWNER,
				"spring.flyway.password", OWNER, "spring.flyway.placeholders.application-role", APPLICATION_ROLE);
	}

	/**
	 * A connection to the same database as an application data source, as the owner {@value #OWNER}: for tests
	 * that seed, clean or change the schema (TRUNCATE, UPDATE of the ledger, CREATE TRIGGER), which the application
	 * role may not. Each call opens a new connection.
	 * @param applicationDataSource the application's pool (any data source on a test database)
	 * @throws IllegalStateException if the data source cannot say its URL
	 */
	public static JdbcTemplate ownerJdbc(DataSource applicationDataSource) {
		String url;
		try (Connection connection = applicationDataSource.getConnection()) {
			url = connection.getMetaData().getURL();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the test database URL", ex);
		}
		return new JdbcTemplate(new DriverManagerDataSource(url, OWNER, OWNER));
	}

	private static void createApplicationRole(EmbeddedPostgres started) {
		try (Connection connection = started.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE " + APPLICATION_ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
					+ APPLICATION_PASSWORD + "'");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the application role " + APPLICATION_ROLE, ex);
		}
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
