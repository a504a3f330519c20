package com.treasurybatch.shared.reports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Report storage: a directory ({@code treasury.reports.storage}, default {@code TREASURY_HOME/reports}) holding
 * {@code <type>/<period>/<format>/<name>}. A file appears whole or not at all: it is written to a temporary file
 * beside it, forced to disk, then moved into place atomically.
 */
@Component
public class ReportStorage {

	private final Path root;

	ReportStorage(ReportsProperties properties, Environment environment) {
		this.root = ((properties.storage() != null) ? properties.storage()
				: Path.of(environment.getProperty("treasury.home", "./var")).resolve("reports"))
			.toAbsolutePath()
			.normalize();
	}

	/** The storage directory, absolute. */
	public Path root() {
		return this.root;
	}

	/** Where a report's file goes, relative to {@link #root()}. */
	public static String relativePath(ReportRequest request, String name) {
		return request.type().code() + "/" + request.period() + "/" + request.format() + "/" + name;
	}

	/**
	 * Opens a stored file.
	 * @param relativePath as recorded
	 * @throws IOException if it is missing or unreadable
	 * @throws IllegalArgumentException if the path leaves the storage directory
	 */
	public InputStream open(String relativePath) throws IOException {
		return Files.newInputStream(resolve(relativePath));
	}

	/**
	 * Writes a file atomically, replacing one left by an interrupted run.
	 * @param relativePath where, under the root
	 * @param content writes the bytes
	 * @return size and SHA-256 of what was written
	 * @throws UncheckedIOException if writing fails (the temporary file is removed)
	 */
	public Written write(String relativePath, Content content) {
		Path target = resolve(relativePath);
		Path temporary = null;
		try {
			Files.createDirectories(target.getParent());
			temporary = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (OutputStream file = Files.newOutputStream(temporary);
					DigestOutputStream out = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), digest)) {
				content.writeTo(out);
				out.flush();
			}
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			long size = Files.size(temporary);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return new Written(size, HexFormat.of().formatHex(digest.digest()));
		}
		catch (IOException ex) {
			deleteQuietly(temporary);
			throw new UncheckedIOException("Cannot write report file " + target + ": " + ex.getMessage(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(temporary);
			throw ex;
		}
	}

	private Path resolve(String relativePath) {
		Path path = this.root.resolve(relativePath).normalize();
		if (!path.startsWith(this.root)) {
			throw new IllegalArgumentException("Report path leaves the storage directory: " + relativePath);
		}
		return path;
	}

	private static void deleteQuietly(Path path) {
		if (path != null) {
			try {
				Files.deleteIfExists(path);
			}
			catch (IOException ignored) {
				// the next write of this file replaces it
			}
		}
	}

	/** Writes a file's bytes. */
	@FunctionalInterface
	public interface Content {

		void writeTo(OutputStream out) throws IOException;

	}

	/**
	 * What was written.
	 *
	 * @param sizeBytes bytes
	 * @param sha256 lower-case hex
	 */
	public record Written(long sizeBytes, String sha256) {
	}

}
