package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.TrialBalanceLine;

/** {@code ledger trial-balance}: what the books say. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Read the ledger.",
		subcommands = LedgerCommand.TrialBalance.class)
class LedgerCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: trial-balance");
	}

	/**
	 * {@code ledger trial-balance}: debits and credits per currency, as decimal text in the currency's own unit, and
	 * whether they balance. Exit code 0 when every currency balances, 1 otherwise.
	 */
	@Command(name = "trial-balance", mixinStandardHelpOptions = true,
			description = "Total debits and credits per currency and whether they balance (exit 1 if not).")
	@Component
	@Scope("prototype")
	static class TrialBalance extends SpringCommand {

		private final Ledger ledger;

		TrialBalance(Ledger ledger) {
			this.ledger = ledger;
		}

		@Override
		public Integer call() {
			List<TrialBalanceLine> lines = this.ledger.trialBalance();
			PrintWriter out = out();
			out.printf("%-8s %20s %20s  %s%n", "CURRENCY", "DEBITS", "CREDITS", "BALANCED");
			boolean balanced = true;
			for (TrialBalanceLine line : lines) {
				out.printf("%-8s %20s %20s  %s%n", line.currency(), TextFormat.minorUnits(line.debitsCents(), line.currency()),
						TextFormat.minorUnits(line.creditsCents(), line.currency()), line.balanced() ? "yes" : "NO");
				balanced &= line.balanced();
			}
			if (lines.isEmpty()) {
				out.println("the ledger has no postings yet");
			}
			out.println(balanced ? "trial balance: balanced" : "trial balance: NOT BALANCED");
			out.flush();
			return balanced ? ExitCodes.OK : ExitCodes.FAILED;
		}

	}

}
