package com.treasurybatch.shared.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Contents every node shares, addressed by their SHA-256 (lower-case hex): report files, analytics event archives,
 * execution-history archives. Bytes are streamed in and out, never whole in memory. Every content has a row in
 * {@code stored_contents} (sha256, size, created_at) whatever holds its bytes: that row is what makes it visible to
 * every node and what callers' queries join on.
 *
 * <p>
 * Two implementations, chosen by {@code treasury.storage.type} ({@link ContentStoreConfiguration}):
 * {@link DatabaseContentStore} ({@code database}, the default: bytes in PostgreSQL chunks) and
 * {@link S3ContentStore} ({@code s3}: bytes in an S3-compatible bucket, object key {@code <prefix>/<sha256>}).
 *
 * <p>
 * A write is committed when {@link #write} returns, on a connection of its own; writing the same bytes twice stores
 * them once. A content is immutable. {@link #delete} removes the row in the caller's transaction.
 */
public interface ContentStore {

	/**
	 * Stores what {@code content} writes, committed when this returns.
	 * @param content writes the bytes to the stream it is given (it must not close it)
	 * @return size and SHA-256 of the bytes
	 * @throws UncheckedIOException if {@code content} fails or the storage refuses the write (nothing is named by
	 * its SHA-256 then)
	 */
	Stored write(Content content);

	/**
	 * Stores a file's bytes, streamed, and checks they are what was recorded: for moving files kept under
	 * {@code TREASURY_HOME} into shared storage.
	 * @param file the file
	 * @param expectedSha256 its recorded SHA-256
	 * @throws IOException if the file cannot be read or its bytes do not have that SHA-256 (then nothing is named by
	 * it)
	 */
	default Stored importFile(Path file, String expectedSha256) throws IOException {
		Stored stored;
		try {
			stored = write((out) -> {
				try (InputStream in = Files.newInputStream(file)) {
					in.transferTo(out);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		if (!stored.sha256().equals(expectedSha256)) {
			throw new IOException(file + " has SHA-256 " + stored.sha256() + ", not the recorded " + expectedSha256);
		}
		return stored;
	}

	/** True when a content with that SHA-256 is stored (its {@code stored_contents} row exists). */
	boolean contains(String sha256);

	/**
	 * Opens a content for reading, streamed (close the stream).
	 * @param sha256 lower-case hex
	 * @throws NoSuchFileException if no content has that SHA-256
	 * @throws IOException if its bytes cannot be read
	 */
	InputStream open(String sha256) throws IOException;

	/**
	 * Deletes a content, its row in the caller's transaction. Deleting one that is not stored does nothing.
	 * @return true if it was stored
	 */
	boolean delete(String sha256);

	/** Writes a content's bytes. */
	@FunctionalInterface
	interface Content {

		/**
		 * @param out where the bytes go; do not close it
		 * @throws IOException to abandon the write
		 */
		void writeTo(OutputStream out) throws IOException;

	}

	/**
	 * A stored content.
	 *
	 * @param sizeBytes bytes
	 * @param sha256 lower-case hex
	 */
	record Stored(long sizeBytes, String sha256) {
	}

}
