package com.treasurybatch.launcher.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The fast path of a CLI run: when this installation's server is running ({@link CliEndpoint} under
 * {@code TREASURY_HOME}, same jar version, same database), the verb runs inside the server, which already has
 * its Spring context and connection pool, and its output streams back; this process starts no Spring context.
 * Anything else (no server, another version or database, connection refused, a verb the server leaves to the
 * caller) answers empty before anything is printed, and the caller runs the verb itself.
 */
final class RemoteCli {

	/** How long to wait for the server to accept the connection, in milliseconds. */
	static final int CONNECT_TIMEOUT_MILLIS = 1000;

	/** Path of the CLI endpoint on the server. */
	static final String PATH = "/cli/run";

	private RemoteCli() {
	}

	/**
	 * Runs the verb in the server if one answers for this installation.
	 * @param args the verb and its arguments
	 * @param home this run's TREASURY_HOME
	 * @param datasource this run's {@code spring.datasource.url}, or {@link CliEndpoint#EMBEDDED}
	 * @param actor the actor name this run records (TREASURY_ACTOR or the OS user)
	 * @return the exit code, or empty when the caller must run the verb itself (nothing was printed)
	 */
	static OptionalInt run(String[] args, Path home, String datasource, String actor, PrintWriter out,
			PrintWriter err) {
		CliEndpoint endpoint = CliEndpoint.read(home).orElse(null);
		if (endpoint == null || !Objects.equals(endpoint.version(), TreasuryCli.version())
				|| !endpoint.datasource().equals(datasource)) {
			return OptionalInt.empty();
		}
		HttpURLConnection connection;
		try {
			connection = (HttpURLConnection) URI.create(endpoint.url() + PATH).toURL().openConnection();
			connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
			connection.setReadTimeout(0); // a followed job run streams for as long as it runs
			connection.setDoOutput(true);
			connection.setRequestMethod("POST");
			connection.setRequestProperty("Authorization", "Bearer " + endpoint.token());
			connection.setRequestProperty("Content-Type", "application/octet-stream");
			connection.setChunkedStreamingMode(0);
			try (OutputStream body = connection.getOutputStream()) {
				new CliWire.Request(TreasuryCli.version(), actor, List.of(args)).writeTo(body);
			}
			if (connection.getResponseCode() != 200) {
				connection.disconnect();
				return OptionalInt.empty();
			}
		}
		catch (IOException | RuntimeException ex) {
			return OptionalInt.empty();
		}
		boolean printed = false;
		try (InputStream stream = new BufferedInputStream(connection.getInputStream())) {
			DataInputStream data = new DataInputStream(stream);
			for (CliWire.Frame frame = CliWire.Frame.readFrom(data); frame != null; frame = CliWire.Frame
				.readFrom(data)) {
				switch (frame.type()) {
					case CliWire.LOCAL -> {
						if (!printed) {
							return OptionalInt.empty();
						}
					}
					case CliWire.OUT -> {
						out.print(frame.text());
						out.flush();
						printed = true;
					}
					case CliWire.ERR -> {
						err.print(frame.text());
						err.flush();
						printed = true;
					}
					case CliWire.EXIT -> {
						return OptionalInt.of(Integer.parseInt(frame.text().strip()));
					}
					default -> throw new IOException("unknown frame type " + frame.type());
				}
			}
			throw new IOException("the server closed the stream before the exit code");
		}
		catch (IOException | RuntimeException ex) {
			if (!printed) {
				return OptionalInt.empty();
			}
			err.println("error: the server (pid " + endpoint.pid() + ") stopped answering mid-run: " + ex.getMessage()
					+ "; see 'executions' for what was done");
			err.flush();
			return OptionalInt.of(ExitCodes.ERROR);
		}
	}

	/** This run's datasource as the server records it: {@code spring.datasource.url}, else embedded. */
	static String datasource(Map<String, String> environment) {
		String url = System.getProperty("spring.datasource.url", environment.getOrDefault("SPRING_DATASOURCE_URL", ""));
		return url.isBlank() ? CliEndpoint.EMBEDDED : url.strip();
	}

	/** This run's TREASURY_HOME: {@code -Dtreasury.home}, else the environment, else {@code ./var}. */
	static Path home(Map<String, String> environment) {
		String home = System.getProperty("treasury.home", environment.getOrDefault("TREASURY_HOME", "./var"));
		return Path.of(home.isBlank() ? "./var" : home).toAbsolutePath().normalize();
	}

	/** This run's actor: {@code -Dtreasury.actor}, else TREASURY_ACTOR, else the OS user. */
	static String actor(Map<String, String> environment) {
		return System.getProperty("treasury.actor",
				environment.getOrDefault("TREASURY_ACTOR", System.getProperty("user.name", "unknown")));
	}

}
