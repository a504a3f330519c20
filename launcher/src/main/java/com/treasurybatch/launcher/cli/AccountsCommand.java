package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.time.Instant;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.treasurybatch.shared.ledger.AccountFigures;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerSnapshots;

/** {@code accounts [--as-of I]}: every platform account's balance per currency at an instant, payables in total. */
@Command(name = "accounts", mixinStandardHelpOptions = true,
		description = "Every ledger account's balance per currency at an instant (payables in total).")
@Component
@Scope("prototype")
class AccountsCommand extends SpringCommand implements CliCommand {

	@Option(names = "--as-of", description = "the instant, ISO-8601 UTC (default: now)")
	Instant asOf;

	private final LedgerSnapshots snapshots;

	AccountsCommand(LedgerSnapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Override
	public Integer call() {
		PrintWriter out = out();
		Instant at = (this.asOf != null) ? this.asOf : Instant.now();
		out.printf("balances as of %s%n%-32s %-4s %14s%n", at, "ACCOUNT", "CUR", "BALANCE");
		java.util.Map<String, Long> payables = new java.util.TreeMap<>();
		for (AccountFigures f : this.snapshots.figuresAt(at, null)) {
			if (LedgerAccounts.isPayable(f.accountCode())) {
				payables.merge(f.currency(), f.balanceCents(), Long::sum);
			}
			else {
				out.printf("%-32s %-4s %14d%n", f.accountCode(), f.currency(), f.balanceCents());
			}
		}
		payables.forEach((currency, total) -> out.printf("%-32s %-4s %14d%n", "payables (total)", currency, total));
		out.flush();
		return ExitCodes.OK;
	}

}
