package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.audit.AuditEntry;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditQuery;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutFailures;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code payouts list|release|cancel|failed|retry} from the CLI: held payouts listed with reasons, failed bank payouts
 * in their currency's decimals, reviews audited.
 */
@OperationsTest
class PayoutsCommandTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	Payouts payouts;

	@Autowired
	AuditLog auditLog;

	@Autowired
	PayoutFailures failures;

	@Autowired
	Ledger ledger;

	@Autowired
	TransactionTemplate transaction;

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
	void aFailedBankPayoutIsListedInItsCurrencysDecimalsAndARefusedReversalIsRetriedOnce() {
		String payee = "acct_1CliBouncedPayee";
		Payout payout = this.payouts
			.create(payee, LocalDate.parse("2026-11-17"), PayoutKind.INSTANT, 123_400, "huf", List.of())
			.orElseThrow();
		this.transaction.executeWithoutResult((status) -> {
			long journal = this.ledger.post(JournalEntry.of("payout", payout.idempotencyKey(), "test transfer",
					Instant.parse("2026-11-17T10:00:00Z"),
					List.of(JournalLine.debit(LedgerAccounts.payable(payee), 123_400, "huf"),
							JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 123_400, "huf"))))
				.orElseThrow();
			assertThat(this.payouts.markTransferred(payout.id(), "tr_1CliBouncedTransfer", journal)).isTrue();
			assertThat(this.payouts.markInTransit(payout.id(), "po_1CliBouncedPayout")).isTrue();
			assertThat(this.payouts.markBankPayoutFailed(payout.id(), "po_1CliBouncedPayout", "account_closed", null))
				.isTrue();
			Payout failed = this.payouts.find(payout.id()).orElseThrow();
			assertThat(this.failures.record("po_1CliBouncedPayout", failed, 123_400, "account_closed", null,
					Instant.parse("2026-11-18T10:00:00Z"))).isTrue();
			assertThat(this.failures.markReversalRefused("po_1CliBouncedPayout", "balance_insufficient")).isTrue();
		});

		// 123400 minor units of HUF, two decimals at Stripe: 1234.00
		assertThat(cli(ExitCodes.OK, "payouts", "failed", "--status", "REVERSAL_REFUSED"))
			.contains("po_1CliBouncedPayout").contains(payee).contains("1234.00").contains("balance_insufficient");
		assertThat(cli(ExitCodes.OK, "payouts", "retry", Long.toString(payout.id()))).contains("now FAILED");
		assertThat(this.failures.find("po_1CliBouncedPayout").orElseThrow().reversalAttempt()).isEqualTo(2);
		assertThat(cli(ExitCodes.REFUSED, "payouts", "retry", Long.toString(payout.id())))
			.contains("the reversal of its transfer is due");
		assertThat(this.auditLog.page(new AuditQuery(null, "payout.retry", "payout:" + payout.id(), 10)))
			.extracting(AuditEntry::outcome)
			.containsExactly("refused", "ok");
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
