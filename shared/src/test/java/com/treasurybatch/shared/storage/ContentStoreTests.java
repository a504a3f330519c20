package com.treasurybatch.shared.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contents in PostgreSQL, as the application role writes and reads them: chunked, addressed by SHA-256, stored once.
 */
@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class ContentStoreTests {

	@Autowired
	ContentStore contents;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void a_content_larger_than_a_chunk_comes_back_byte_for_byte_from_three_chunks_and_is_stored_once() throws Exception {
		// 2.5 chunks: 512 KiB + 512 KiB + 256 KiB = 1,310,720 bytes
		byte[] bytes = new byte[DatabaseContentStore.CHUNK_BYTES * 5 / 2];
		new Random(16).nextBytes(bytes);

		ContentStore.Stored stored = this.contents.write((out) -> {
			for (int offset = 0; offset < bytes.length; offset += 1000) { // written in pieces that straddle chunks
				out.write(bytes, offset, Math.min(1000, bytes.length - offset));
			}
		});

		assertThat(stored.sizeBytes()).isEqualTo(1_310_720L);
		assertThat(stored.sha256()).isEqualTo(sha256(bytes));
		assertThat(this.jdbc.queryForList("""
				SELECT octet_length(data) FROM stored_content_chunks
				WHERE upload_id = (SELECT upload_id FROM stored_contents WHERE sha256 = ?) ORDER BY seq""", Integer.class,
				stored.sha256())).containsExactly(524_288, 524_288, 262_144);
		try (InputStream in = this.contents.open(stored.sha256())) {
			assertThat(in.readAllBytes()).isEqualTo(bytes);
		}

		ContentStore.Stored again = this.contents.write((out) -> out.write(bytes));
		assertThat(again).isEqualTo(stored);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM stored_contents WHERE sha256 = ?", Long.class,
				stored.sha256())).isOne();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM stored_content_chunks c WHERE NOT EXISTS"
				+ " (SELECT 1 FROM stored_contents s WHERE s.upload_id = c.upload_id)", Long.class))
			.as("the second upload's chunks are dropped")
			.isZero();
	}

	@Test
	void a_write_that_fails_midway_stores_nothing_and_an_empty_content_is_a_content() throws Exception {
		long chunksBefore = this.jdbc.queryForObject("SELECT count(*) FROM stored_content_chunks", Long.class);
		assertThatThrownBy(() -> this.contents.write((out) -> {
			out.write(new byte[DatabaseContentStore.CHUNK_BYTES + 10]);
			throw new IOException("renderer failed");
		})).isInstanceOf(UncheckedIOException.class).hasMessageContaining("renderer failed");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM stored_content_chunks", Long.class))
			.as("the full chunk already sent is rolled back")
			.isEqualTo(chunksBefore);

		ContentStore.Stored empty = this.contents.write((out) -> {
		});
		assertThat(empty.sizeBytes()).isZero();
		assertThat(empty.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		try (InputStream in = this.contents.open(empty.sha256())) {
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	@Test
	void a_kept_file_is_moved_only_with_its_recorded_digest_and_a_deleted_content_no_longer_opens(@TempDir Path dir)
			throws Exception {
		Path file = Files.writeString(dir.resolve("statement.csv"), "journal_id,amount\n1,1000\n");
		String recorded = sha256(Files.readAllBytes(file));

		assertThatThrownBy(() -> this.contents.importFile(file, "0".repeat(64))).isInstanceOf(IOException.class)
			.hasMessageContaining("not the recorded " + "0".repeat(64));
		assertThat(this.contents.importFile(file, recorded).sizeBytes()).isEqualTo(25);
		assertThat(this.contents.contains(recorded)).isTrue();

		assertThat(this.contents.delete(recorded)).isTrue();
		assertThat(this.contents.delete(recorded)).isFalse();
		assertThatThrownBy(() -> this.contents.open(recorded)).isInstanceOf(NoSuchFileException.class);
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
