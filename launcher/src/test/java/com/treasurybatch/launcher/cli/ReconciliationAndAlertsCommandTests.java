package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reconciliation show} and {@code alerts list|ack} from the CLI. Reconciliation results are the rows the
 * stripe-reconciliation job writes (its own tests run it against the Stripe simulator).
 */
@OperationsTest
class ReconciliationAndAlertsCommandTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Alerts alerts;

	@Autowired
	AuditLog auditLog;

	@Test
	void aCleanDayIsOneLineAndADayWithDiscrepanciesListsBothSidesAndTheAction() {
		this.jdbc.update("""
				INSERT INTO reconciliation_runs (business_date, zone, status, stripe_count, started_at, finished_at)
				VALUES ('2026-09-01', 'UTC', 'CLEAN', 42, now(), now()),
				       ('2026-09-02', 'UTC', 'DISCREPANCIES', 7, now(), now())""");
		this.jdbc.update("""
				INSERT INTO reconciliation_totals VALUES ('2026-09-02', 'charge', 'usd', 7, 70000, 2030, 7, 70000, 2029)""");
		this.jdbc.update("""
				INSERT INTO reconciliation_discrepancies (business_date, category, object_id, stripe_txn_id, stripe_amount,
				    stripe_fee, stripe_currency, ledger_amount, ledger_fee, ledger_currency, suggested_action)
				VALUES ('2026-09-02', 'fee_mismatch', 'pi_1CliFee', 'txn_1CliFee', 10000, 321, 'usd', 10000, 320, 'usd',
				        'Post an adjusting journal to platform:stripe_fees for the difference')""");

		String clean = cli(ExitCodes.OK, "reconciliation", "show", "2026-09-01");
		assertThat(clean.lines()).containsExactly(
				"2026-09-01 CLEAN: 42 Stripe balance transactions agree with the ledger, ledger sound");

		String dirty = cli(ExitCodes.FAILED, "reconciliation", "show", "2026-09-02");
		assertThat(dirty).startsWith("2026-09-02 DISCREPANCIES: 1 discrepancies in 7 Stripe balance transactions")
			.contains("fee_mismatch")
			.contains("pi_1CliFee")
			.contains("stripe 10000 fee 321 usd | ledger 10000 fee 320 usd")
			.contains("adjusting journal");

		assertThat(cli(ExitCodes.REFUSED, "reconciliation", "show", "2026-09-03")).contains("never reconciled");
	}

	@Test
	void anAlertIsListedAcknowledgedOnceAndTheAcknowledgementIsAudited() {
		this.alerts.raise(Severity.CRITICAL, "ledger_integrity_failed", "2026-09-04", "journals unbalanced",
				"cli-test:critical");
		long id = this.alerts.find("cli-test:critical").id();

		assertThat(cli(ExitCodes.OK, "alerts", "list")).contains(Long.toString(id)).contains("ledger_integrity_failed");
		assertThat(cli(ExitCodes.OK, "alerts", "ack", Long.toString(id))).contains("alert " + id + " acknowledged");
		assertThat(cli(ExitCodes.REFUSED, "alerts", "ack", Long.toString(id))).contains("acknowledged before");
		assertThat(cli(ExitCodes.OK, "alerts", "list")).doesNotContain("cli-test");
		assertThat(cli(ExitCodes.OK, "alerts", "list", "--all")).contains("acknowledged by alice");

		assertThat(this.auditLog.page(new AuditQuery(null, null, "alert:" + id, 10)))
			.extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::actor, AuditEntry::channel)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("alert.ack", "refused", "alice", "cli"),
					org.assertj.core.groups.Tuple.tuple("alert.ack", "ok", "alice", "cli"));
	}

	private String cli(int exitCode, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int actual = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		assertThat(actual).as("exit code; out: %s err: %s", out, err).isEqualTo(exitCode);
		return out.toString();
	}

}
