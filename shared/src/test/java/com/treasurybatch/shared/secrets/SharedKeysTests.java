package com.treasurybatch.shared.secrets;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shared keys' fingerprints as nodes record and check them at start-up, on PostgreSQL as the application role.
 */
@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class SharedKeysTests {

	static final byte[] OLD = "whsec_old_0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);

	static final byte[] NEW = "whsec_new_0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);

	@Autowired
	SharedKeys keys;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void the_first_node_records_a_fingerprint_that_is_not_the_key_and_a_node_with_the_same_key_starts() {
		this.keys.verify("test-first", "test.setting (TEST_SETTING)", List.of(OLD));
		this.keys.verify("test-first", "test.setting (TEST_SETTING)", List.of(OLD));

		String recorded = this.jdbc.queryForObject(
				"SELECT fingerprint FROM shared_key_fingerprints WHERE name = 'test-first'", String.class);
		assertThat(recorded).isEqualTo(SharedKeys.fingerprint("test-first", OLD))
			.doesNotContain(new String(OLD, StandardCharsets.UTF_8))
			.doesNotContain(java.util.HexFormat.of().formatHex(OLD).substring(0, 16));
		assertThat(SharedKeys.fingerprint("test-other-name", OLD)).as("one key, another name: another fingerprint")
			.isNotEqualTo(recorded);
	}

	@Test
	void a_node_with_another_key_refuses_with_the_setting_to_fix_and_a_rollover_moves_every_node_to_the_new_key() {
		this.keys.verify("test-roll", "test.setting (TEST_SETTING)", List.of(OLD));

		assertThatThrownBy(() -> this.keys.verify("test-roll", "test.setting (TEST_SETTING)", List.of(NEW)))
			.isInstanceOf(SharedKeys.SharedKeyMismatchException.class)
			.hasMessageContaining("This node's test-roll is not the key that signed")
			.hasMessageContaining("set test.setting (TEST_SETTING) on this node");

		// rolling: the new key first, the old one still accepted
		this.keys.verify("test-roll", "test.setting (TEST_SETTING)", List.of(NEW, OLD));
		this.keys.verify("test-roll", "test.setting (TEST_SETTING)", List.of(NEW));
		assertThatThrownBy(() -> this.keys.verify("test-roll", "test.setting (TEST_SETTING)", List.of(OLD)))
			.as("a node left with the old key only")
			.isInstanceOf(SharedKeys.SharedKeyMismatchException.class);
	}

}
