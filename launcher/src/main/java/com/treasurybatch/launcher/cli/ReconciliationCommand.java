package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Optional;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import com.treasurybatch.jobs.reconciliation.ReconciliationReport;
import com.treasurybatch.jobs.reconciliation.Reconciliations;

/** {@code reconciliation show <date>}: whether the books and Stripe agree on a business date. */
@Command(name = "reconciliation", mixinStandardHelpOptions = true,
		description = "Read stripe-reconciliation results.", subcommands = ReconciliationCommand.Show.class)
class ReconciliationCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: show");
	}

	/**
	 * {@code reconciliation show <date>}: one line for a clean day; otherwise the totals per category and one line
	 * per discrepancy with both sides' figures (minor units) and the suggested action. Exit code 0 when CLEAN, 1 with
	 * discrepancies or integrity failures, 4 when the date was never reconciled or has not finished.
	 */
	@Command(name = "show", mixinStandardHelpOptions = true,
			description = "A date's reconciliation: one line when clean, else totals and discrepancies.")
	@Component
	@Scope("prototype")
	static class Show extends SpringCommand {

		@Parameters(index = "0", paramLabel = "DATE", description = "business date, yyyy-mm-dd")
		LocalDate date;

		private final Reconciliations reconciliations;

		Show(Reconciliations reconciliations) {
			this.reconciliations = reconciliations;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			Optional<ReconciliationReport> found = this.reconciliations.find(this.date);
			if (found.isEmpty()) {
				out.println(this.date + " was never reconciled: jobs start stripe-reconciliation date=" + this.date);
				out.flush();
				return ExitCodes.REFUSED;
			}
			ReconciliationReport report = found.get();
			out.println(report.summary());
			if ("CLEAN".equals(report.status())) {
				out.flush();
				return ExitCodes.OK;
			}
			if (!"DISCREPANCIES".equals(report.status())) {
				out.flush();
				return ExitCodes.REFUSED;
			}
			out.printf("%-18s %-4s %8s %14s %10s | %8s %14s %10s%n", "CATEGORY", "CUR", "STRIPE#", "STRIPE AMOUNT",
					"FEE", "LEDGER#", "LEDGER AMOUNT", "FEE");
			for (ReconciliationReport.Total total : report.totals()) {
				out.printf("%-18s %-4s %8d %14d %10d | %8d %14d %10d%n", total.category(), total.currency(),
						total.stripeCount(), total.stripeAmountCents(), total.stripeFeeCents(), total.ledgerCount(),
						total.ledgerAmountCents(), total.ledgerFeeCents());
			}
			for (String failure : report.integrityFailures()) {
				out.println("INTEGRITY " + failure);
			}
			for (ReconciliationReport.Discrepancy d : report.discrepancies()) {
				out.printf("%-18s %-30s stripe %s fee %s %s | ledger %s fee %s %s | %s%n", d.category(), d.objectId(),
						text(d.stripeAmountCents()), text(d.stripeFeeCents()), text(d.stripeCurrency()),
						text(d.ledgerAmountCents()), text(d.ledgerFeeCents()), text(d.ledgerCurrency()),
						d.suggestedAction());
			}
			out.flush();
			return ExitCodes.FAILED;
		}

		private static String text(Object value) {
			return (value != null) ? value.toString() : "-";
		}

	}

}
