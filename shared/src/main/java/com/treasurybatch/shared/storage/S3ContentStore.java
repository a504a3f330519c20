package com.treasurybatch.shared.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link ContentStore} of {@code treasury.storage.type=s3}: each content's bytes are one object of an
 * S3-compatible bucket, key {@code <prefix>/<sha256>}, and its row in {@code stored_contents} (sha256, size,
 * created_at; {@code chunks} 0, a fresh {@code upload_id}) is recorded in the database as with the default store, so
 * every node sees it and callers' queries and retention work unchanged.
 *
 * <p>
 * Writing spools the bytes to a temporary file while hashing them (memory holds one buffer, whatever the size), then,
 * in a transaction of its own holding an advisory lock on the SHA-256: if a row already names it, nothing is
 * uploaded; otherwise a HEAD tells whether the object is there (left by a write whose row failed) and, if not, one
 * PUT from the file with the known length and the SHA-256 as {@code x-amz-checksum-sha256}, which the server
 * verifies; then the row. So the same bytes written twice are stored once. One PUT takes up to 5 GiB, S3's limit for
 * a single upload; report files and archives are far smaller. The spool file is deleted when the write ends.
 *
 * <p>
 * Reading streams the object ({@code GetObject}). Deleting removes the row in the caller's transaction and the
 * object once that transaction commits (under the same lock, and only if no row names the content again by then); an
 * object left behind by a failed deletion is harmless (unnamed) and is reused by a later write of the same bytes.
 *
 * <p>
 * Contents stored in the database before a switch from {@code database} to {@code s3} (rows with chunks) stay there
 * and are read and deleted there; new contents go to the bucket. The way back (s3 to database) needs the objects
 * copied into the database first: the default store refuses to read a row whose bytes are in a bucket.
 */
public class S3ContentStore implements ContentStore, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(S3ContentStore.class);

	/** First key of the advisory lock taken on a content's SHA-256 while it is written or its object deleted. */
	static final int LOCK_CLASS = 0x73746f72;

	private final S3Client s3;

	private final StorageProperties.S3Settings settings;

	private final DatabaseContentStore database;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param s3 the client (closed by {@link #close()})
	 * @param settings bucket, prefix, spool directory
	 * @param database reads and deletes the contents whose bytes are still in the database
	 * @param dataSource the application's pool (writes and object deletions take a connection of their own)
	 * @param jdbc the same database, joining the caller's transaction (reads, deletes)
	 * @param clock stamps {@code created_at}
	 */
	public S3ContentStore(S3Client s3, StorageProperties.S3Settings settings, DatabaseContentStore database,
			DataSource dataSource, JdbcTemplate jdbc, Clock clock) {
		this.s3 = s3;
		this.settings = settings;
		this.database = database;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Checks that the bucket exists and these credentials reach it ({@code HeadBucket}).
	 * @throws IllegalStateException naming bucket and endpoint, if not
	 */
	public void checkBucket() {
		try {
			this.s3.headBucket((request) -> request.bucket(this.settings.bucket()));
		}
		catch (SdkException ex) {
			throw new IllegalStateException("S3 bucket " + this.settings.bucket() + " at "
					+ this.settings.endpointName() + " cannot be reached: " + reason(ex), ex);
		}
	}

	@Override
	public Stored write(Content content) {
		Path spool = null;
		try {
			spool = (this.settings.spoolDirectory() != null)
					? Files.createTempFile(Files.createDirectories(this.settings.spoolDirectory()), "content-", ".spool")
					: Files.createTempFile("content-", ".spool");
			MessageDigest digest = DatabaseContentStore.sha256();
			try (OutputStream out = new DigestOutputStream(
					new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024), digest)) {
				content.writeTo(out);
			}
			byte[] hash = digest.digest();
			Stored stored = new Stored(Files.size(spool), HexFormat.of().formatHex(hash));
			store(spool, stored, Base64.getEncoder().encodeToString(hash));
			return stored;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex.getMessage(), ex);
		}
		finally {
			if (spool != null) {
				try {
					Files.deleteIfExists(spool);
				}
				catch (IOException ex) {
					log.warn("Spool file {} not deleted: {}", spool, ex.getMessage());
				}
			}
		}
	}

	@Override
	public boolean contains(String sha256) {
		return !find(sha256).isEmpty();
	}

	/**
	 * Opens a content: the object, streamed from the bucket, or the chunks of a content stored in the database
	 * before the switch to S3.
	 * @throws NoSuchFileException if no content has that SHA-256, or its object is missing from the bucket
	 * @throws IOException naming bucket and endpoint, if the bucket cannot be read
	 */
	@Override
	public InputStream open(String sha256) throws IOException {
		List<StoredRow> rows = find(sha256);
		if (rows.isEmpty()) {
			throw new NoSuchFileException("stored content " + sha256);
		}
		StoredRow row = rows.get(0);
		if (row.chunks() > 0) {
			return this.database.open(sha256);
		}
		if (row.size() == 0) {
			return InputStream.nullInputStream();
		}
		String key = this.settings.key(sha256);
		try {
			return this.s3.getObject((request) -> request.bucket(this.settings.bucket()).key(key),
					ResponseTransformer.toInputStream());
		}
		catch (NoSuchKeyException ex) {
			throw new NoSuchFileException("stored content " + sha256, null,
					"object " + key + " is missing from S3 bucket " + this.settings.bucket() + " at "
							+ this.settings.endpointName());
		}
		catch (SdkException ex) {
			throw failure("GET", key, ex);
		}
	}

	@Override
	public boolean delete(String sha256) {
		List<StoredRow> rows = this.jdbc.query(
				"DELETE FROM stored_contents WHERE sha256 = ? RETURNING upload_id, chunks, size_bytes",
				(rs, row) -> new StoredRow(rs.getLong(1), rs.getInt(2), rs.getLong(3)), sha256);
		if (rows.isEmpty()) {
			return false;
		}
		StoredRow row = rows.get(0);
		if (row.chunks() > 0) {
			this.jdbc.update("DELETE FROM stored_content_chunks WHERE upload_id = ?", row.upload());
		}
		else if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					deleteObjectUnlessNamed(sha256);
				}
			});
		}
		else {
			deleteObjectUnlessNamed(sha256);
		}
		return true;
	}

	/** Closes the S3 client. */
	@Override
	public void close() {
		this.s3.close();
	}

	private void store(Path spool, Stored stored, String checksum) throws IOException {
		String key = this.settings.key(stored.sha256());
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				lock(connection, stored.sha256());
				if (!named(connection, stored.sha256())) {
					if (!objectExists(key)) {
						put(spool, key, stored.sizeBytes(), checksum);
					}
					record(connection, stored);
				}
				connection.commit();
			}
			catch (IOException | SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new IOException("Could not record content " + stored.sha256() + ": " + ex.getMessage(), ex);
		}
	}

	private boolean objectExists(String key) throws IOException {
		try {
			this.s3.headObject((request) -> request.bucket(this.settings.bucket()).key(key));
			return true;
		}
		catch (NoSuchKeyException ex) {
			return false;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return false;
			}
			throw failure("HEAD", key, ex);
		}
		catch (SdkException ex) {
			throw failure("HEAD", key, ex);
		}
	}

	private void put(Path spool, String key, long size, String checksum) throws IOException {
		try {
			this.s3.putObject((request) -> request.bucket(this.settings.bucket())
				.key(key)
				.contentLength(size)
				.contentType("application/octet-stream")
				.checksumSHA256(checksum), RequestBody.fromFile(spool));
		}
		catch (SdkException ex) {
			throw failure("PUT", key, ex);
		}
	}

	/** After the deleting transaction committed: removes the object unless a write named the content again. */
	private void deleteObjectUnlessNamed(String sha256) {
		String key = this.settings.key(sha256);
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				lock(connection, sha256);
				if (!named(connection, sha256)) {
					this.s3.deleteObject((request) -> request.bucket(this.settings.bucket()).key(key));
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("Object {} of S3 bucket {} at {} not deleted (unnamed, harmless): {}", key,
					this.settings.bucket(), this.settings.endpointName(),
					(ex instanceof SdkException sdk) ? reason(sdk) : ex.getMessage());
		}
	}

	private static void lock(Connection connection, String sha256) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
			statement.setInt(1, LOCK_CLASS);
			statement.setString(2, sha256);
			statement.execute();
		}
	}

	private static boolean named(Connection connection, String sha256) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM stored_contents WHERE sha256 = ?")) {
			statement.setString(1, sha256);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next();
			}
		}
	}

	private void record(Connection connection, Stored stored) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				INSERT INTO stored_contents (sha256, size_bytes, chunks, upload_id, created_at)
				VALUES (?, ?, 0, nextval('stored_content_upload_seq'), ?)""")) {
			statement.setString(1, stored.sha256());
			statement.setLong(2, stored.sizeBytes());
			statement.setTimestamp(3, Timestamp.from(this.clock.instant()));
			statement.executeUpdate();
		}
	}

	private List<StoredRow> find(String sha256) {
		return this.jdbc.query("SELECT upload_id, chunks, size_bytes FROM stored_contents WHERE sha256 = ?",
				(rs, row) -> new StoredRow(rs.getLong(1), rs.getInt(2), rs.getLong(3)), sha256);
	}

	private IOException failure(String operation, String key, SdkException ex) {
		return new IOException("S3 " + operation + " of " + key + " in bucket " + this.settings.bucket() + " at "
				+ this.settings.endpointName() + " failed: " + reason(ex), ex);
	}

	private static String reason(SdkException ex) {
		String message = ex.getMessage();
		if (ex.getCause() != null && ex.getCause().getMessage() != null
				&& (message == null || !message.contains(ex.getCause().getMessage()))) {
			message = message + " (" + ex.getCause().getMessage() + ")";
		}
		return message;
	}

	/** A content's row: chunks above zero mean its bytes are in the database. */
	private record StoredRow(long upload, int chunks, long size) {
	}

}
