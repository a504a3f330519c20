package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.ledger.AccountFigures;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerSnapshots;
import com.treasurybatch.shared.ledger.PayeeEntry;
import com.treasurybatch.shared.ledger.PayeeLedger;
import com.treasurybatch.shared.payouts.NightlyPayoutsProperties;
import com.treasurybatch.shared.payouts.PayoutCandidate;
import com.treasurybatch.shared.payouts.PayoutCandidates;

/**
 * {@code payees list|show|entries} and {@code accounts [--as-of]}: what the platform owes payees and what every
 * account held at an instant, as {@code GET /api/payees} and {@code GET /api/accounts} answer. Minor units.
 */
@Command(name = "payees", mixinStandardHelpOptions = true,
		description = "Payees' payable balances and ledger entries.",
		subcommands = { PayeesCommand.Listing.class, PayeesCommand.Show.class, PayeesCommand.Entries.class })
class PayeesCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: list, show or entries");
	}

	/** {@code payees list [--negative] [--currency C]}: every payee's payable balance per currency. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Payees' payable balances.")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--negative", description = "only negative balances (owed to the platform)")
		boolean negative;

		@Option(names = "--currency", description = "one currency, e.g. usd")
		String currency;

		private final LedgerSnapshots snapshots;

		Listing(LedgerSnapshots snapshots) {
			this.snapshots = snapshots;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-28s %-4s %14s%n", "PAYEE", "CUR", "BALANCE");
			for (AccountFigures f : this.snapshots.figuresAt(LedgerSnapshots.LATEST, null)) {
				if (LedgerAccounts.isPayable(f.accountCode())
						&& (this.currency == null || this.currency.equals(f.currency()))
						&& (!this.negative || f.balanceCents() < 0)) {
					out.printf("%-28s %-4s %14d%n", f.accountCode().substring("payable:".length()), f.currency(),
							f.balanceCents());
				}
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code payees show ACCOUNT}: per currency balance, cooling off, reserved, open payouts, available. */
	@Command(name = "show", mixinStandardHelpOptions = true,
			description = "One payee: balance, cooling off, reserved by disputes, in open payouts, available now.")
	@Component
	@Scope("prototype")
	static class Show extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ACCOUNT", description = "the connected account, acct_...")
		String account;

		private final PayoutCandidates candidates;

		private final PayeeLedger payeeLedger;

		private final NightlyPayoutsProperties rules;

		private final java.time.Clock clock;

		Show(PayoutCandidates candidates, PayeeLedger payeeLedger, NightlyPayoutsProperties rules,
				java.time.Clock clock) {
			this.candidates = candidates;
			this.payeeLedger = payeeLedger;
			this.rules = rules;
			this.clock = clock;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			Instant coolOffStart = this.clock.instant()
				.atZone(java.time.ZoneOffset.UTC)
				.toLocalDate()
				.minusDays(this.rules.coolOffDays())
				.atStartOfDay(java.time.ZoneOffset.UTC)
				.toInstant();
			Map<String, Long> reserved = this.payeeLedger.reserved(this.account);
			out.printf("%-4s %14s %14s %14s %14s %14s%n", "CUR", "BALANCE", "COOLING OFF", "RESERVED", "OPEN PAYOUTS",
					"AVAILABLE");
			for (PayoutCandidate c : this.candidates.forPayee(this.account, coolOffStart)) {
				out.printf("%-4s %14d %14d %14d %14d %14d%n", c.currency(), c.balanceCents(), c.coolingCents(),
						reserved.getOrDefault(c.currency(), 0L), c.heldCents(), Math.max(0, c.availableCents()));
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code payees entries ACCOUNT --currency C [--from I] [--to I] [--limit N]}: lines with running balance. */
	@Command(name = "entries", mixinStandardHelpOptions = true,
			description = "A payee's ledger lines with the running balance.")
	@Component
	@Scope("prototype")
	static class Entries extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ACCOUNT", description = "the connected account, acct_...")
		String account;

		@Option(names = "--currency", required = true, description = "e.g. usd")
		String currency;

		@Option(names = "--from", description = "first instant, ISO-8601 UTC (default: the beginning)")
		Instant from;

		@Option(names = "--to", description = "end instant, exclusive (default: now)")
		Instant to;

		@Option(names = "--limit", defaultValue = "200", description = "most lines (default ${DEFAULT-VALUE})")
		int limit;

		private final PayeeLedger payeeLedger;

		Entries(PayeeLedger payeeLedger) {
			this.payeeLedger = payeeLedger;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			Instant start = (this.from != null) ? this.from : Instant.parse("0001-01-01T00:00:00Z");
			Instant end = (this.to != null) ? this.to : Instant.now();
			List<PayeeEntry> entries = this.payeeLedger.entries(this.account, this.currency, start, end, null,
					this.limit);
			out.printf("%-22s %-22s %-32s %12s %14s%n", "EFFECTIVE", "KIND", "STRIPE OBJECT", "AMOUNT", "BALANCE");
			for (PayeeEntry e : entries) {
				out.printf("%-22s %-22s %-32s %12d %14d%n", e.effectiveAt(), e.kind(), e.stripeObject(),
						e.signedCents(), e.balanceCents());
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

}
