package com.treasurybatch.shared.accounts;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class ConnectedAccountsTests {

	private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

	@Autowired
	ConnectedAccounts accounts;

	@Test
	void an_older_event_never_overwrites_a_newer_state() {
		String id = "acct_1QOrder0000001";
		ConnectedAccount newer = new ConnectedAccount(id, true, false, true, List.of("external_account"),
				"requirements.past_due", "evt_1QNewer", T0.plusSeconds(60), T0.plusSeconds(90));
		ConnectedAccount older = new ConnectedAccount(id, true, true, true, List.of(), null, "evt_1QOlder", T0,
				T0.plusSeconds(120));

		assertThat(this.accounts.saveIfNewer(newer)).isTrue();
		assertThat(this.accounts.saveIfNewer(older)).isFalse();

		ConnectedAccount stored = this.accounts.find(id).orElseThrow();
		assertThat(stored.payoutsEnabled()).isFalse();
		assertThat(stored.requirementsCurrentlyDue()).containsExactly("external_account");
		assertThat(stored.lastEventId()).isEqualTo("evt_1QNewer");
	}

}
