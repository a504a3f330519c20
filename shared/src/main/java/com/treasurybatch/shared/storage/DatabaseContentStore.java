package com.treasurybatch.shared.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The default {@link ContentStore} ({@code treasury.storage.type=database}): contents in the database every node
 * shares ({@code stored_contents}, {@code stored_content_chunks}), addressed by their SHA-256 (lower-case hex). Bytes
 * go in and out in chunks of {@value #CHUNK_BYTES} bytes, so a content of any size takes one chunk of memory.
 *
 * <p>
 * A write runs on a connection and transaction of its own (taken from the pool, committed before {@link #write}
 * returns), so that it can run on any thread and is visible to every node once the caller records its sha256. Writing
 * the same bytes twice stores them once. A content is immutable; {@link #delete} removes it in the caller's
 * transaction. A content written for a record whose transaction then rolls back stays, unnamed; it is harmless.
 *
 * <p>
 * A row with no chunks but a size above zero names a content whose bytes are in an S3 bucket ({@link S3ContentStore}
 * wrote it): {@link #open} refuses it, saying so, rather than read it as empty.
 */
public class DatabaseContentStore implements ContentStore {

	/** Bytes per chunk: 512 KiB. */
	public static final int CHUNK_BYTES = 512 * 1024;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param dataSource the application's pool (writes take a connection of their own)
	 * @param jdbc the same database, joining the caller's transaction (reads, deletes)
	 * @param clock stamps {@code created_at}
	 */
	public DatabaseContentStore(DataSource dataSource, JdbcTemplate jdbc, Clock clock) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Stores what {@code content} writes, committed when this returns.
	 * @param content writes the bytes to the stream it is given (it must not close it)
	 * @return size and SHA-256 of the bytes
	 * @throws UncheckedIOException if {@code content} fails or the database refuses the write (nothing is stored)
	 */
	@Override
	public Stored write(Content content) {
		MessageDigest digest = sha256();
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				long upload = nextUpload(connection);
				ChunkOutputStream out = new ChunkOutputStream(connection, upload, digest);
				content.writeTo(out);
				out.finish();
				String sha256 = HexFormat.of().formatHex(digest.digest());
				record(connection, sha256, out.size, out.chunks, upload);
				connection.commit();
				return new Stored(out.size, sha256);
			}
			catch (IOException | SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex.getMessage(), ex);
		}
		catch (SQLException ex) {
			throw new UncheckedIOException("Could not store content: " + ex.getMessage(), new IOException(ex));
		}
	}

	@Override
	public boolean contains(String sha256) {
		return find(sha256).isPresent();
	}

	/**
	 * Opens a content for reading; each chunk is fetched when the reader reaches it (close the stream).
	 * @param sha256 lower-case hex
	 * @throws NoSuchFileException if no content has that SHA-256
	 */
	@Override
	public InputStream open(String sha256) throws IOException {
		ChunkedEntry entry = find(sha256).orElseThrow(() -> new NoSuchFileException("stored content " + sha256));
		if (entry.chunks() == 0 && entry.size() > 0) {
			throw new IOException("Stored content " + sha256 + " (" + entry.size()
					+ " bytes) is held in an S3 bucket, not in the database: read it with treasury.storage.type=s3");
		}
		return new ChunkInputStream(entry);
	}

	/**
	 * Deletes a content, in the caller's transaction. Deleting one that is not stored does nothing.
	 * @return true if it was stored
	 */
	@Override
	public boolean delete(String sha256) {
		Optional<Long> upload = this.jdbc
			.queryForList("DELETE FROM stored_contents WHERE sha256 = ? RETURNING upload_id", Long.class, sha256)
			.stream()
			.findFirst();
		upload.ifPresent((id) -> this.jdbc.update("DELETE FROM stored_content_chunks WHERE upload_id = ?", id));
		return upload.isPresent();
	}

	private Optional<ChunkedEntry> find(String sha256) {
		return this.jdbc
			.query("SELECT upload_id, chunks, size_bytes FROM stored_contents WHERE sha256 = ?",
					(rs, row) -> new ChunkedEntry(rs.getLong(1), rs.getInt(2), rs.getLong(3)), sha256)
			.stream()
			.findFirst();
	}

	private static long nextUpload(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT nextval('stored_content_upload_seq')");
				ResultSet rs = statement.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private void record(Connection connection, String sha256, long size, int chunks, long upload) throws SQLException {
		int inserted;
		try (PreparedStatement statement = connection.prepareStatement("""
				INSERT INTO stored_contents (sha256, size_bytes, chunks, upload_id, created_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (sha256) DO NOTHING""")) {
			statement.setString(1, sha256);
			statement.setLong(2, size);
			statement.setInt(3, chunks);
			statement.setLong(4, upload);
			statement.setTimestamp(5, Timestamp.from(this.clock.instant()));
			inserted = statement.executeUpdate();
		}
		if (inserted == 0) { // the same bytes are already stored: keep those, drop this upload's chunks
			try (PreparedStatement statement = connection
				.prepareStatement("DELETE FROM stored_content_chunks WHERE upload_id = ?")) {
				statement.setLong(1, upload);
				statement.executeUpdate();
			}
		}
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private record ChunkedEntry(long upload, int chunks, long size) {
	}

	/** Buffers one chunk; each full chunk is inserted, in the write's transaction. */
	private static final class ChunkOutputStream extends OutputStream {

		private final PreparedStatement insert;

		private final MessageDigest digest;

		private final long upload;

		private final byte[] buffer = new byte[CHUNK_BYTES];

		private int filled;

		private long size;

		private int chunks;

		ChunkOutputStream(Connection connection, long upload, MessageDigest digest) throws SQLException {
			this.insert = connection
				.prepareStatement("INSERT INTO stored_content_chunks (upload_id, seq, data) VALUES (?, ?, ?)");
			this.upload = upload;
			this.digest = digest;
		}

		@Override
		public void write(int b) throws IOException {
			if (this.filled == this.buffer.length) {
				flushChunk();
			}
			this.buffer[this.filled++] = (byte) b;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			while (length > 0) {
				if (this.filled == this.buffer.length) {
					flushChunk();
				}
				int n = Math.min(length, this.buffer.length - this.filled);
				System.arraycopy(bytes, offset, this.buffer, this.filled, n);
				this.filled += n;
				offset += n;
				length -= n;
			}
		}

		void finish() throws IOException {
			if (this.filled > 0) {
				flushChunk();
			}
			try {
				this.insert.close();
			}
			catch (SQLException ex) {
				throw new IOException(ex);
			}
		}

		private void flushChunk() throws IOException {
			this.digest.update(this.buffer, 0, this.filled);
			try {
				this.insert.setLong(1, this.upload);
				this.insert.setInt(2, this.chunks);
				this.insert.setBytes(3, (this.filled == this.buffer.length) ? this.buffer
						: java.util.Arrays.copyOf(this.buffer, this.filled));
				this.insert.executeUpdate();
			}
			catch (SQLException ex) {
				throw new IOException("Could not store a chunk: " + ex.getMessage(), ex);
			}
			this.size += this.filled;
			this.chunks++;
			this.filled = 0;
		}

	}

	/** Reads chunk after chunk, each with its own query (a content never changes once stored). */
	private final class ChunkInputStream extends InputStream {

		private final ChunkedEntry entry;

		private byte[] chunk = new byte[0];

		private int position;

		private int next;

		ChunkInputStream(ChunkedEntry entry) {
			this.entry = entry;
		}

		@Override
		public int read() throws IOException {
			if (!fill()) {
				return -1;
			}
			return this.chunk[this.position++] & 0xff;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			if (!fill()) {
				return -1;
			}
			int n = Math.min(length, this.chunk.length - this.position);
			System.arraycopy(this.chunk, this.position, bytes, offset, n);
			this.position += n;
			return n;
		}

		private boolean fill() throws IOException {
			while (this.position == this.chunk.length) {
				if (this.next == this.entry.chunks()) {
					return false;
				}
				byte[] data = DatabaseContentStore.this.jdbc
					.query("SELECT data FROM stored_content_chunks WHERE upload_id = ? AND seq = ?",
							(rs, row) -> rs.getBytes(1), this.entry.upload(), this.next)
					.stream()
					.findFirst()
					.orElse(null);
				if (data == null) {
					throw new IOException("Stored content is missing chunk " + this.next + " of " + this.entry.chunks());
				}
				this.chunk = data;
				this.position = 0;
				this.next++;
			}
			return true;
		}

	}

}
