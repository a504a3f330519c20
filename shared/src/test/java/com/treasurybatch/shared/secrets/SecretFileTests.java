package com.treasurybatch.shared.secrets;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SecretFileTests {

	@TempDir
	Path home;

	@Test
	void a_secret_is_generated_once_and_read_back_by_every_later_start() {
		Path file = this.home.resolve("nested/report-link-secret");

		String first = SecretFile.readOrCreate(file, () -> SecretFile.randomHex(32));
		String again = SecretFile.readOrCreate(file, () -> "never-used");

		assertThat(first).matches("[0-9a-f]{64}");
		assertThat(again).isEqualTo(first);
		assertThat(SecretFile.read(file)).contains(first);
	}

	@Test
	void processes_starting_at_once_agree_on_one_secret() throws Exception {
		Path file = this.home.resolve("mail-unsubscribe-secret");
		int starters = 8;
		CyclicBarrier together = new CyclicBarrier(starters);
		ExecutorService threads = Executors.newFixedThreadPool(starters);
		try {
			List<Future<String>> secrets = new ArrayList<>();
			for (int i = 0; i < starters; i++) {
				secrets.add(threads.submit(() -> {
					together.await();
					return SecretFile.readOrCreate(file, () -> SecretFile.randomHex(32));
				}));
			}
			Set<String> seen = new HashSet<>();
			for (Future<String> secret : secrets) {
				seen.add(secret.get());
			}
			assertThat(seen).hasSize(1);
			assertThat(SecretFile.read(file)).contains(seen.iterator().next());
			try (var left = Files.list(this.home)) {
				assertThat(left).containsExactly(file);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void the_file_is_readable_by_its_owner_only() throws Exception {
		assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
		Path file = this.home.resolve("stripe-webhook-secret");

		SecretFile.readOrCreate(file, () -> "whsec_test");

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	@Test
	void a_missing_or_blank_file_holds_no_secret() throws Exception {
		Path file = this.home.resolve("blank");
		assertThat(SecretFile.read(file)).isEmpty();
		Files.writeString(file, "  \n");
		assertThat(SecretFile.read(file)).isEmpty();
	}

}
