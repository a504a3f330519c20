package com.treasurybatch.launcher.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where the server of an installation answers CLI runs, as recorded in its {@code TREASURY_HOME}:
 * {@value #ENDPOINT_FILE} (url, pid, version, datasource) and {@value #TOKEN_FILE} (the bearer token, readable
 * by the owner only, {@code rw-------}). The server writes both once it serves requests and deletes them when it
 * stops; a file left by a killed server is ignored because its pid is gone or its url refuses connections.
 *
 * @param url base URL on the loopback interface, e.g. {@code http://127.0.0.1:8080}
 * @param pid the server's process id
 * @param version the server jar's version ({@link TreasuryCli#version()})
 * @param datasource the server's {@code spring.datasource.url}, {@value #EMBEDDED} for the embedded database
 * @param token the bearer token a CLI run presents
 */
public record CliEndpoint(URI url, long pid, String version, String datasource, String token) {

	/** The endpoint file under TREASURY_HOME. */
	public static final String ENDPOINT_FILE = "cli-endpoint.properties";

	/** The token file under TREASURY_HOME. */
	public static final String TOKEN_FILE = "cli-token";

	/** The datasource value of the embedded database. */
	public static final String EMBEDDED = "embedded";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	/**
	 * The endpoint recorded under {@code home}, if both files are there, readable and their process lives.
	 * @return empty when no server records one (or it is gone)
	 */
	static Optional<CliEndpoint> read(Path home) {
		Path endpointFile = home.resolve(ENDPOINT_FILE);
		Path tokenFile = home.resolve(TOKEN_FILE);
		if (!Files.isRegularFile(endpointFile) || !Files.isReadable(tokenFile)) {
			return Optional.empty();
		}
		try (Reader reader = Files.newBufferedReader(endpointFile, StandardCharsets.UTF_8)) {
			Properties properties = new Properties();
			properties.load(reader);
			long pid = Long.parseLong(properties.getProperty("pid", "0"));
			if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
				return Optional.empty();
			}
			String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
			return Optional.of(new CliEndpoint(URI.create(properties.getProperty("url")), pid,
					properties.getProperty("version", ""), properties.getProperty("datasource", EMBEDDED), token));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Writes both files (the token file first, created owner-only before any byte is written); each replaces its
	 * previous version atomically.
	 * @throws IOException if they cannot be written
	 */
	void write(Path home) throws IOException {
		Files.createDirectories(home);
		Path token = temporary(home, TOKEN_FILE);
		Files.writeString(token, this.token, StandardCharsets.US_ASCII);
		move(token, home.resolve(TOKEN_FILE));
		Properties properties = new Properties();
		properties.setProperty("url", this.url.toString());
		properties.setProperty("pid", Long.toString(this.pid));
		properties.setProperty("version", this.version);
		properties.setProperty("datasource", this.datasource);
		Path endpoint = temporary(home, ENDPOINT_FILE);
		try (Writer writer = Files.newBufferedWriter(endpoint, StandardCharsets.UTF_8)) {
			properties.store(writer, "Where this installation's server answers CLI runs; removed when it stops");
		}
		move(endpoint, home.resolve(ENDPOINT_FILE));
	}

	/** Deletes both files if they still describe this process. */
	static void deleteIfOwnedBy(Path home, long pid) {
		Optional<CliEndpoint> current = read(home);
		if (current.isPresent() && current.get().pid() != pid) {
			return;
		}
		try {
			Files.deleteIfExists(home.resolve(ENDPOINT_FILE));
			Files.deleteIfExists(home.resolve(TOKEN_FILE));
		}
		catch (IOException ex) {
			// the next server overwrites them; a CLI run ignores a dead pid's files
		}
	}

	private static Path temporary(Path home, String name) throws IOException {
		Path file = home.resolve(name + "." + ProcessHandle.current().pid() + ".tmp");
		Files.deleteIfExists(file);
		try {
			return Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		catch (UnsupportedOperationException ex) {
			return Files.createFile(file); // not a POSIX file system: the directory's own permissions protect it
		}
		catch (FileAlreadyExistsException ex) {
			throw new IOException("cannot create " + file, ex);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
