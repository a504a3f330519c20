package com.treasurybatch.launcher.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database: a real PostgreSQL 17 server (zonky binaries from Maven Central) whose data
 * directory is {@code TREASURY_HOME/pgdata}, shared by every process of this installation (the server and any
 * number of CLI runs).
 *
 * <p>Invariants:
 * <ul>
 * <li>at most one postmaster runs on the data directory: processes start it, find it and stop it only while
 * holding an exclusive lock on {@code TREASURY_HOME/postgres.lock};</li>
 * <li>a running postmaster is reused, never started twice: its port is recorded in
 * {@code TREASURY_HOME/postgres.port} and checked by asking the server for its data directory;</li>
 * <li>the postmaster is stopped only by the last live process using it (each registers its pid under
 * {@code TREASURY_HOME/postgres.clients/}); one left behind by a {@code kill -9} is simply reused.</li>
 * </ul>
 * Unlike zonky's test defaults, fsync and synchronous commit stay on: this data is kept between runs.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	static final String DATABASE = "treasury";

	static final String USER = "postgres";

	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private final Path home;

	private final int port;

	/**
	 * zonky handles of the postmasters this JVM started, by data directory: each holds zonky's lock on its
	 * directory until closed (or until the JVM exits).
	 */
	private static final Map<Path, EmbeddedPostgres> startedByThisJvm = new ConcurrentHashMap<>();

	private final boolean startedHere;

	private EmbeddedPostgresServer(Path home, int port, boolean startedHere) {
		this.home = home;
		this.port = port;
		this.startedHere = startedHere;
	}

	/**
	 * Connects to the installation's running server, or starts it, and registers this process as a client.
	 * @param home the installation's TREASURY_HOME
	 * @param preferredPort port for a new server, 0 for the recorded one or any free port
	 * @throws IllegalStateException if the server cannot be started (the message says why)
	 */
	public static EmbeddedPostgresServer acquire(TreasuryHome home, int preferredPort) {
		Path dir = home.resolve(".");
		try (FileChannel lockChannel = FileChannel.open(home.resolve("postgres.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
			Path dataDirectory = home.resolve("pgdata");
			Optional<Integer> recorded = readPort(home);
			boolean startedHere = false;
			int port;
			if (recorded.isPresent() && servesDataDirectory(recorded.get(), dataDirectory)) {
				port = recorded.get();
				log.info("Embedded PostgreSQL already running on port {} (data {})", port, dataDirectory);
			}
			else {
				stopOrphan(dataDirectory);
				port = (preferredPort > 0) ? preferredPort : recorded.filter(EmbeddedPostgresServer::isFree)
					.orElseGet(EmbeddedPostgresServer::freePort);
				start(dataDirectory, port);
				startedHere = true;
				Files.writeString(home.resolve("postgres.port"), Integer.toString(port), StandardCharsets.US_ASCII);
			}
			createDatabaseIfMissing(port);
			Path clients = home.resolve("postgres.clients");
			Files.createDirectories(clients);
			forgetDeadClients(clients);
			Files.writeString(clients.resolve(Long.toString(ProcessHandle.current().pid())), "");
			return new EmbeddedPostgresServer(dir.normalize(), port, startedHere);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL under " + dir + " could not be started: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * JDBC URL of the installation's database as its owner (user {@value #USER}, the server's superuser, trust
	 * authentication on loopback): for Flyway and the operator, never for the application's pool.
	 */
	public String jdbcUrl() {
		return jdbcUrl(this.port, DATABASE);
	}

	/** JDBC URL of the installation's database naming no user: the application's pool gives its role. */
	public String applicationJdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.port + "/" + DATABASE;
	}

	/**
	 * Creates the role the application connects as, if missing, and sets its password: LOGIN, not a superuser,
	 * cannot create databases or roles, owns nothing (Flyway, as {@value #USER}, owns every table and grants the
	 * role what it may do: {@code afterMigrate__application_role_grants.sql}). Safe when several processes
	 * start at once.
	 * @param role the role name, a plain lowercase SQL identifier
	 * @param password its password
	 * @throws IllegalArgumentException if the name is not a plain identifier or names the superuser
	 * @throws IllegalStateException if the server refuses
	 */
	public void ensureApplicationRole(String role, String password) {
		if (!role.matches("[a-z_][a-z0-9_]{0,62}") || role.equals(USER)) {
			throw new IllegalArgumentException("Application role name '" + role
					+ "' must be a lowercase SQL identifier other than " + USER);
		}
		try (Connection connection = DriverManager.getConnection(jdbcUrl(this.port, "postgres"));
				Statement statement = connection.createStatement()) {
			String quotedPassword = "'" + password.replace("'", "''") + "'";
			try {
				statement.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
						+ " NOBYPASSRLS PASSWORD " + quotedPassword);
			}
			catch (SQLException ex) {
				if (!"42710".equals(ex.getSQLState()) && !"23505".equals(ex.getSQLState())) {
					throw ex; // not "role already exists" (42710; 23505 when two processes create it at once)
				}
				statement.execute("ALTER ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
						+ " NOBYPASSRLS PASSWORD " + quotedPassword);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Embedded PostgreSQL: cannot create the application role " + role + ": "
					+ ex.getMessage(), ex);
		}
	}

	/** The server's TCP port on localhost. */
	public int port() {
		return this.port;
	}

	/** Whether this process started the postmaster (false: it was already running). */
	public boolean startedHere() {
		return this.startedHere;
	}

	/**
	 * Unregisters this process; the last live client stops the postmaster (PostgreSQL "smart" shutdown, which
	 * waits for other sessions, such as an operator's psql, to end).
	 */
	@Override
	public void close() {
		TreasuryHome home = new TreasuryHome(this.home);
		try (FileChannel lockChannel = FileChannel.open(home.resolve("postgres.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
			Path clients = home.resolve("postgres.clients");
			Files.deleteIfExists(clients.resolve(Long.toString(ProcessHandle.current().pid())));
			if (liveClients(clients).isEmpty()) {
				log.info("Stopping embedded PostgreSQL (last client gone)");
				Optional<ProcessHandle> postmaster = postmaster(home.resolve("pgdata"));
				EmbeddedPostgres handle = startedByThisJvm.remove(home.resolve("pgdata"));
				if (handle != null) {
					handle.close(); // pg_ctl stop, and releases zonky's lock on the data directory
					postmaster.ifPresent(EmbeddedPostgresServer::awaitExit);
				}
				else {
					postmaster.ifPresent(EmbeddedPostgresServer::stop);
				}
			}
		}
		catch (IOException ex) {
			log.warn("Could not release the embedded PostgreSQL cleanly: {}", ex.getMessage());
		}
	}

	private static void start(Path dataDirectory, int port) throws IOException {
		log.info("Starting embedded PostgreSQL on port {} (data {})", port, dataDirectory);
		EmbeddedPostgres previous = startedByThisJvm.remove(dataDirectory);
		if (previous != null) {
			previous.close(); // its postmaster is gone; this releases zonky's lock before a new start
		}
		// zonky's EmbeddedPostgres starts the postmaster with pg_ctl (it outlives this JVM) and runs initdb on a
		// new directory; no shutdown hook: the last client stops the server, see close()
		EmbeddedPostgres started = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPort(port)
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.setServerConfig("max_connections", "100")
			.setPGStartupWait(Duration.ofSeconds(60))
			.start();
		startedByThisJvm.put(dataDirectory, started);
	}

	private static void createDatabaseIfMissing(int port) throws IOException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(port, "postgres"));
				Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
				if (rows.next()) {
					return;
				}
			}
			statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
		}
		catch (SQLException ex) {
			throw new IOException("cannot create database " + DATABASE + ": " + ex.getMessage(), ex);
		}
	}

	private static boolean servesDataDirectory(int port, Path dataDirectory) {
		String url = jdbcUrl(port, "postgres") + "&connectTimeout=3&socketTimeout=5";
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SHOW data_directory")) {
			return rows.next() && Path.of(rows.getString(1)).toRealPath().equals(dataDirectory.toRealPath());
		}
		catch (SQLException | IOException ex) {
			return false;
		}
	}

	/**
	 * A postmaster that holds the data directory but does not answer on the recorded port (for example the
	 * port file was lost) is stopped, so that a new one can start.
	 */
	private static void stopOrphan(Path dataDirectory) {
		postmaster(dataDirectory).ifPresent((orphan) -> {
			log.warn("Stopping an embedded PostgreSQL (pid {}) that no longer answers on its recorded port",
					orphan.pid());
			stop(orphan);
		});
	}

	private static void stop(ProcessHandle postmaster) {
		postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown
		awaitExit(postmaster);
	}

	private static void awaitExit(ProcessHandle postmaster) {
		try {
			postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			log.warn("Embedded PostgreSQL (pid {}) still running after {} s; left running", postmaster.pid(),
					STOP_WAIT.toSeconds());
		}
	}

	/** The live postmaster of a data directory, from the first line of its postmaster.pid. */
	private static Optional<ProcessHandle> postmaster(Path dataDirectory) {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		try {
			if (!Files.exists(pidFile)) {
				return Optional.empty();
			}
			List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
			if (lines.isEmpty()) {
				return Optional.empty();
			}
			return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
				.filter(ProcessHandle::isAlive)
				.filter((process) -> process.info().command().map((c) -> c.contains("postgres")).orElse(true));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** Client files left by processes that died without closing (kill -9) are removed. */
	private static void forgetDeadClients(Path clients) throws IOException {
		List<Long> live = liveClients(clients);
		try (Stream<Path> files = Files.list(clients)) {
			for (Path file : files.toList()) {
				String name = file.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit) || !live.contains(Long.parseLong(name))) {
					Files.deleteIfExists(file);
				}
			}
		}
	}

	private static List<Long> liveClients(Path clients) throws IOException {
		try (Stream<Path> files = Files.list(clients)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.map(Long::parseLong)
				.filter((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
				.toList();
		}
	}

	private static Optional<Integer> readPort(TreasuryHome home) {
		try {
			Path file = home.resolve("postgres.port");
			return Files.exists(file) ? Optional.of(Integer.parseInt(Files.readString(file).strip()))
					: Optional.empty();
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free TCP port for the embedded PostgreSQL", ex);
		}
	}

	private static String jdbcUrl(int port, String database) {
		return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=" + USER;
	}

}
