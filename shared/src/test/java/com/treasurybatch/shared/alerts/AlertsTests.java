package com.treasurybatch.shared.alerts;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.treasurybatch.shared.ledger.LedgerTestConfiguration;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class AlertsTests {

	@Autowired
	Alerts alerts;

	@Test
	void the_same_alert_is_raised_once() {
		String key = "payouts_disabled:acct_1QAlert01:evt_1QAlert01";

		boolean first = this.alerts.raise(Severity.WARNING, "payouts_disabled", "acct_1QAlert01",
				"Payouts disabled for acct_1QAlert01", key);
		boolean second = this.alerts.raise(Severity.WARNING, "payouts_disabled", "acct_1QAlert01",
				"Payouts disabled for acct_1QAlert01 (again)", key);

		assertThat(first).isTrue();
		assertThat(second).isFalse();
		Alert alert = this.alerts.find(key);
		assertThat(alert.message()).isEqualTo("Payouts disabled for acct_1QAlert01");
		assertThat(alert.open()).isTrue();
		assertThat(this.alerts.open(100)).extracting(Alert::dedupKey).contains(key);
	}

	@Test
	void an_alert_is_acknowledged_once_with_who() {
		String key = "sale_in_suspense:cs_test_a1Alert02";
		this.alerts.raise(Severity.WARNING, "sale_in_suspense", "cs_test_a1Alert02", "in suspense", key);
		long id = this.alerts.find(key).id();

		assertThat(this.alerts.acknowledge(id, "ops.lena")).isTrue();
		assertThat(this.alerts.acknowledge(id, "ops.omar")).isFalse();
		assertThat(this.alerts.find(key).acknowledgedBy()).isEqualTo("ops.lena");
		assertThat(this.alerts.open(100)).extracting(Alert::dedupKey).doesNotContain(key);
	}

}
