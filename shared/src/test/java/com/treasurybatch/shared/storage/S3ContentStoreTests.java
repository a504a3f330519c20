package com.treasurybatch.shared.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.S3MockServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contents in an S3-compatible bucket (Adobe's S3Mock in a child JVM, see {@link S3MockServer} for why that one),
 * their rows in PostgreSQL as the application role writes them: read back byte for byte, one object per distinct
 * content, spooled to disk rather than held in memory, deleted once the deleting transaction commits. Each test
 * writes under a key prefix of its own.
 */
@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class S3ContentStoreTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Clock clock;

	@Autowired
	TransactionTemplate transaction;

	@TempDir
	Path spool;

	S3MockServer server;

	S3Client client;

	StorageProperties.S3Settings settings;

	S3ContentStore contents;

	@BeforeEach
	void setUp(TestInfo test) {
		this.server = S3MockServer.get();
		this.client = this.server.client();
		this.settings = this.server.settings("/tests/" + test.getTestMethod().orElseThrow().getName() + "/", this.spool);
		this.contents = store(this.server.client(), this.settings);
	}

	@AfterEach
	void tearDown() {
		this.contents.close();
		this.client.close();
	}

	@Test
	void a_content_comes_back_byte_for_byte_and_the_same_bytes_written_twice_are_one_object_and_one_row()
			throws Exception {
		byte[] bytes = random(1_310_720, 37); // 1.25 MiB

		ContentStore.Stored stored = this.contents.write((out) -> {
			for (int offset = 0; offset < bytes.length; offset += 1000) {
				out.write(bytes, offset, Math.min(1000, bytes.length - offset));
			}
		});

		assertThat(stored).isEqualTo(new ContentStore.Stored(1_310_720L, sha256(bytes)));
		assertThat(this.contents.contains(stored.sha256())).isTrue();
		try (InputStream in = this.contents.open(stored.sha256())) {
			assertThat(in.readAllBytes()).isEqualTo(bytes);
		}
		assertThat(objects()).extracting(S3Object::key, S3Object::size)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(
					"tests/a_content_comes_back_byte_for_byte_and_the_same_bytes_written_twice_are_one_object_and_one_row/"
							+ stored.sha256(),
					1_310_720L));

		assertThat(this.client
			.headObject((request) -> request.bucket(S3MockServer.BUCKET)
				.key(this.settings.key(stored.sha256()))
				.checksumMode(ChecksumMode.ENABLED))
			.checksumSHA256())
			.as("uploaded with its SHA-256 for the server to check")
			.isEqualTo(java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(stored.sha256())));

		ContentStore.Stored again = this.contents.write((out) -> out.write(bytes));

		assertThat(again).isEqualTo(stored);
		assertThat(objects()).hasSize(1);
		assertThat(this.jdbc.queryForList("SELECT size_bytes || '/' || chunks FROM stored_contents WHERE sha256 = ?",
				String.class, stored.sha256()))
			.as("one row, its size, no chunks in the database")
			.containsExactly("1310720/0");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM stored_content_chunks WHERE upload_id ="
				+ " (SELECT upload_id FROM stored_contents WHERE sha256 = ?)", Long.class, stored.sha256())).isZero();
		try (Stream<Path> left = Files.list(this.spool)) {
			assertThat(left).as("spool files are deleted").isEmpty();
		}
	}

	@Test
	void a_six_mebibyte_content_goes_through_a_spool_file_on_disk_and_streams_back() throws Exception {
		int size = 6 * 1024 * 1024 + 1; // 6,291,457 bytes: above S3's 5 MiB multipart threshold, one PUT here
		MessageDigest written = MessageDigest.getInstance("SHA-256");
		AtomicLong spooledWhileWriting = new AtomicLong();
		Random random = new Random(6);
		byte[] piece = new byte[64 * 1024];

		ContentStore.Stored stored = this.contents.write((out) -> {
			for (int sent = 0; sent < size; sent += piece.length) {
				int n = Math.min(piece.length, size - sent);
				random.nextBytes(piece);
				written.update(piece, 0, n);
				out.write(piece, 0, n);
				if (sent + n >= 5 * 1024 * 1024 && spooledWhileWriting.get() == 0) {
					out.flush();
					spooledWhileWriting.set(spooledBytes());
				}
			}
		});

		assertThat(stored.sizeBytes()).isEqualTo(6_291_457L);
		assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(written.digest()));
		assertThat(spooledWhileWriting.get()).as("the first 5 MiB were on disk while the rest was still being written")
			.isGreaterThanOrEqualTo(5L * 1024 * 1024);
		assertThat(this.client
			.headObject((request) -> request.bucket(S3MockServer.BUCKET).key(this.settings.key(stored.sha256())))
			.contentLength()).isEqualTo(6_291_457L);

		MessageDigest read = MessageDigest.getInstance("SHA-256");
		long readBytes = 0;
		try (InputStream in = this.contents.open(stored.sha256())) {
			byte[] buffer = new byte[8192];
			for (int n; (n = in.read(buffer)) > 0;) {
				read.update(buffer, 0, n);
				readBytes += n;
			}
		}
		assertThat(readBytes).isEqualTo(6_291_457L);
		assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(stored.sha256());
	}

	@Test
	void a_delete_removes_the_object_once_its_transaction_commits_and_a_rolled_back_one_keeps_it() throws Exception {
		byte[] kept = "kept,1234\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] gone = "gone,5678\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		String keptSha = this.contents.write((out) -> out.write(kept)).sha256();
		String goneSha = this.contents.write((out) -> out.write(gone)).sha256();

		this.transaction.executeWithoutResult((status) -> {
			assertThat(this.contents.delete(keptSha)).isTrue();
			status.setRollbackOnly();
		});
		try (InputStream in = this.contents.open(keptSha)) {
			assertThat(in.readAllBytes()).isEqualTo(kept);
		}

		this.transaction.executeWithoutResult((status) -> {
			assertThat(this.contents.delete(goneSha)).isTrue();
			assertThat(objects()).as("until the commit, the object stays").hasSize(2);
		});

		assertThat(this.contents.contains(goneSha)).isFalse();
		assertThat(objects()).extracting(S3Object::key).containsExactly(this.settings.key(keptSha));
		assertThatThrownBy(() -> this.client
			.headObject((request) -> request.bucket(S3MockServer.BUCKET).key(this.settings.key(goneSha))))
			.isInstanceOf(NoSuchKeyException.class);
		assertThatThrownBy(() -> this.contents.open(goneSha)).isInstanceOf(NoSuchFileException.class);
		assertThat(this.contents.delete(goneSha)).as("deleting it again does nothing").isFalse();
	}

	@Test
	void a_write_that_fails_midway_leaves_no_row_no_object_and_no_spool_file() throws Exception {
		assertThatThrownBy(() -> this.contents.write((out) -> {
			out.write(new byte[100_000]);
			throw new IOException("renderer failed");
		})).isInstanceOf(UncheckedIOException.class).hasMessageContaining("renderer failed");

		assertThat(objects()).isEmpty();
		try (Stream<Path> left = Files.list(this.spool)) {
			assertThat(left).isEmpty();
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM stored_contents WHERE sha256 = ?", Long.class,
				sha256(new byte[100_000])))
			.isZero();
	}

	@Test
	void contents_the_database_store_held_before_the_switch_to_s3_are_read_and_deleted_there() throws Exception {
		DatabaseContentStore database = new DatabaseContentStore(this.dataSource, this.jdbc, this.clock);
		byte[] bytes = random(DatabaseContentStore.CHUNK_BYTES + 7, 38);
		String sha = database.write((out) -> out.write(bytes)).sha256();

		try (InputStream in = this.contents.open(sha)) {
			assertThat(in.readAllBytes()).isEqualTo(bytes);
		}
		assertThat(this.contents.write((out) -> out.write(bytes)).sha256()).isEqualTo(sha);
		assertThat(objects()).as("already stored: not uploaded again").isEmpty();

		String inBucket = this.contents.write((out) -> out.write(new byte[] { 1, 2, 3 })).sha256();
		assertThatThrownBy(() -> database.open(inBucket)).isInstanceOf(IOException.class)
			.hasMessageContaining("held in an S3 bucket");

		assertThat(this.contents.delete(sha)).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM stored_contents WHERE sha256 = ?", Long.class, sha))
			.isZero();
	}

	@Test
	void an_unreachable_endpoint_fails_with_the_bucket_and_the_endpoint_named() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		URI wrong = URI.create("http://127.0.0.1:" + closedPort);
		StorageProperties.S3Settings unreachable = new StorageProperties.S3Settings("treasury-reports", wrong,
				S3MockServer.REGION, true, "contents", this.spool);

		try (S3ContentStore store = store(ContentStoreConfiguration.s3Client(unreachable), unreachable)) {
			assertThatThrownBy(store::checkBucket).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("S3 bucket treasury-reports at http://127.0.0.1:" + closedPort
						+ " cannot be reached");

			byte[] bytes = "unreachable\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
			assertThatThrownBy(() -> store.write((out) -> out.write(bytes))).isInstanceOf(UncheckedIOException.class)
				.hasMessageContaining("in bucket treasury-reports at http://127.0.0.1:" + closedPort + " failed");
			assertThat(store.contains(sha256(bytes))).as("nothing is named by it").isFalse();
		}
	}

	@Test
	void a_node_whose_bucket_cannot_be_reached_does_not_start_and_s3_without_a_bucket_is_refused() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ApplicationContextRunner node = new ApplicationContextRunner()
			.withUserConfiguration(StoragePropertiesEnabled.class, ContentStoreConfiguration.class)
			// the test's pool, wrapped: a context closing would otherwise close it (a DataSource that is Closeable
			// is closed with the context that registered it) under every other test sharing it
			.withBean(DataSource.class, () -> new DelegatingDataSource(this.dataSource))
			.withBean(JdbcTemplate.class, () -> this.jdbc)
			.withBean(Clock.class, () -> this.clock);

		node.withPropertyValues("treasury.storage.type=s3", "treasury.storage.s3.bucket=treasury-reports",
				"treasury.storage.s3.endpoint=http://127.0.0.1:" + closedPort,
				"treasury.storage.s3.region=" + S3MockServer.REGION, "treasury.storage.s3.path-style=true")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("S3 bucket treasury-reports at http://127.0.0.1:" + closedPort
						+ " cannot be reached")
				.hasRootCauseInstanceOf(java.net.ConnectException.class));
		node.withPropertyValues("treasury.storage.type=s3")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("treasury.storage.s3.bucket is required with treasury.storage.type=s3"));
		node.withPropertyValues("treasury.storage.type=s3", "treasury.storage.s3.bucket=" + S3MockServer.BUCKET,
				"treasury.storage.s3.endpoint=" + this.server.endpoint(), "treasury.storage.s3.region=" + S3MockServer.REGION,
				"treasury.storage.s3.path-style=true")
			.run((context) -> assertThat(context).hasNotFailed().getBean(ContentStore.class)
				.isInstanceOf(S3ContentStore.class));
		node.run((context) -> assertThat(context).getBean(ContentStore.class).isInstanceOf(DatabaseContentStore.class));
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.boot.context.properties.EnableConfigurationProperties(StorageProperties.class)
	static class StoragePropertiesEnabled {

	}

	private S3ContentStore store(S3Client s3, StorageProperties.S3Settings s3Settings) {
		return new S3ContentStore(s3, s3Settings, new DatabaseContentStore(this.dataSource, this.jdbc, this.clock),
				this.dataSource, this.jdbc, this.clock);
	}

	private List<S3Object> objects() {
		return this.client
			.listObjectsV2((request) -> request.bucket(S3MockServer.BUCKET).prefix(this.settings.key("")))
			.contents();
	}

	private long spooledBytes() throws IOException {
		try (Stream<Path> files = Files.list(this.spool)) {
			long total = 0;
			for (Path file : files.toList()) {
				total += Files.size(file);
			}
			return total;
		}
	}

	private static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
