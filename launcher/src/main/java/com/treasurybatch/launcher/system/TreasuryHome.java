package com.treasurybatch.launcher.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.core.env.Environment;

/**
 * The directory that holds this installation's local state ({@code TREASURY_HOME}, default {@code ./var}):
 * the embedded database's data directory and port file, generated secrets and users, mail and reports.
 *
 * @param path absolute, normalised path of the directory (created on first use)
 */
public record TreasuryHome(Path path) {

	/** Reads {@code treasury.home} (environment variable {@code TREASURY_HOME}), default {@code ./var}. */
	public static TreasuryHome from(Environment environment) {
		return new TreasuryHome(Path.of(environment.getProperty("treasury.home", "./var")).toAbsolutePath().normalize());
	}

	/**
	 * Reads {@code TREASURY_HOME} from the process environment (or system property {@code treasury.home}), for
	 * commands that run without a Spring context; default {@code ./var}.
	 */
	public static TreasuryHome fromProcessEnvironment() {
		String configured = System.getProperty("treasury.home", System.getenv("TREASURY_HOME"));
		return new TreasuryHome(Path.of((configured == null || configured.isBlank()) ? "./var" : configured)
			.toAbsolutePath()
			.normalize());
	}

	/**
	 * Resolves a file or directory under the home, creating the home itself if needed.
	 * @throws UncheckedIOException if the home cannot be created
	 */
	public Path resolve(String name) {
		try {
			Files.createDirectories(this.path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create TREASURY_HOME " + this.path, ex);
		}
		return this.path.resolve(name);
	}

}
