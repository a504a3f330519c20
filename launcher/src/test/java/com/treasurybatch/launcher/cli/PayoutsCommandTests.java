package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code payouts list|release|cancel} from the CLI: held payouts listed with reasons, reviews audited. */
@OperationsTest
class PayoutsCommandTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	Payouts payouts;

	@Autowired
	AuditLog auditLog;

	@Test
	void aHeldPayoutIsListedWithItsReasonsReleasedOnceAndThenCanceled() {
		Payout held = this.payouts
			.create("acct_1CliHeldPayee", LocalDate.parse("2026-11-18"), PayoutKind.NIGHTLY, 9_000, "usd",
					List.of("refund_ratio: refunds and disputes 3000 of sales 10000 = 3000 bps (>= 2000)"))
			.orElseThrow();

		String listed = cli(0, "payouts", "list", "--status", "HELD", "--date", "2026-11-18");
		assertThat(listed).contains(Long.toString(held.id())).contains("acct_1CliHeldPayee").contains("refund_ratio");

		assertThat(cli(ExitCodes.OK, "payouts", "release", Long.toString(held.id()))).contains("now PENDING");
		assertThat(cli(ExitCodes.REFUSED, "payouts", "release", Long.toString(held.id())))
			.contains("refused: payout " + held.id() + " is PENDING, not HELD");
		assertThat(cli(ExitCodes.OK, "payouts", "cancel", Long.toString(held.id()))).contains("now CANCELED");

		assertThat(this.payouts.find(held.id()).orElseThrow().status()).isEqualTo(PayoutStatus.CANCELED);
		assertThat(this.auditLog.page(new AuditQuery(null, null, "payout:" + held.id(), 10)))
			.extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::actor, AuditEntry::channel)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("payout.cancel", "ok", "alice", "cli"),
					org.assertj.core.groups.Tuple.tuple("payout.release", "refused", "alice", "cli"),
					org.assertj.core.groups.Tuple.tuple("payout.release", "ok", "alice", "cli"));
	}

	@Test
	void anInstantPayoutRequestIsRecordedOnceForThePayeeAndCurrency() {
		assertThat(cli(ExitCodes.OK, "payouts", "instant", "acct_1CliInstantPayee", "--currency", "eur",
				"--amount-cents", "1500"))
			.contains("recorded for acct_1CliInstantPayee in eur (1500 minor units)");
		assertThat(cli(ExitCodes.REFUSED, "payouts", "instant", "acct_1CliInstantPayee", "--currency", "eur"))
			.contains("refused:").contains("still open");
		assertThat(cli(ExitCodes.OK, "payouts", "instant", "acct_1CliInstantPayee", "--currency", "usd"))
			.contains("all available");
	}

	private String cli(int exitCode, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int actual = TreasuryCli.execute(this.context, args, new PrintWriter(out, true), new PrintWriter(err, true));
		assertThat(actual).as("exit code; out: %s err: %s", out, err).isEqualTo(exitCode);
		return out.toString();
	}

}
