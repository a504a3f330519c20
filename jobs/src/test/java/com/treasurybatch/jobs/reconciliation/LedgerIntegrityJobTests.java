package com.treasurybatch.jobs.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;

import com.treasurybatch.jobs.ClockedStripeConfiguration;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger integrity step of stripe-reconciliation on a database of its own: a payable driven negative without
 * its {@code negative_payable} flag fails the check, and the run says so with a CRITICAL alert, even on a day
 * Stripe and the ledger otherwise agree.
 */
@SpringBootTest
@PostgresTest
class LedgerIntegrityJobTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnDatabase extends ClockedStripeConfiguration {

	}

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(StripeReconciliationJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	Ledger ledger;

	@Autowired
	Alerts alerts;

	@Autowired
	Reconciliations reconciliations;

	@Autowired
	MutableClock clock;

	@Test
	void a_negative_payable_without_its_flag_is_a_critical_alert() throws Exception {
		LocalDate date = LocalDate.parse("2026-09-15");
		Instant at = Instant.parse("2026-09-15T12:00:00Z");
		this.ledger.post(JournalEntry.of("manual_adjustment", "test:unflagged-debit", "paid out twice by hand", at,
				List.of(JournalLine.debit(LedgerAccounts.payable("acct_IntegrityPayee"), 2_500, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 2_500, "usd"))));
		this.clock.set(Instant.parse("2026-09-16T04:00:00Z"));

		JobExecution execution = this.jobOperator.start(this.job,
				new JobParametersBuilder().addLocalDate(StripeReconciliationJobConfiguration.DATE, date).toJobParameters());

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		ReconciliationReport report = this.reconciliations.find(date).orElseThrow();
		assertThat(report.status()).isEqualTo("DISCREPANCIES");
		// the journal also took 25.00 out of cash at Stripe that no balance transaction moved: the cash check says so
		assertThat(report.integrityFailures()).containsExactly(
				"negative payables without their negative_payable flag: payable:acct_IntegrityPayee usd -2500",
				"cash at Stripe in usd at the end of 2026-09-15: ledger -2500, Stripe's balance transactions 0"
						+ " (difference -2500)");
		assertThat(report.summary()).contains("2 ledger integrity check(s) FAILED");
		Alert alert = this.alerts.find("ledger_integrity_failed:" + date);
		assertThat(alert).isNotNull();
		assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
	}

}
