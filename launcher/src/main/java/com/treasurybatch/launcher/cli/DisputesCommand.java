package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.NoSuchElementException;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.disputes.DisputeDesk;
import com.treasurybatch.shared.disputes.DisputeNote;
import com.treasurybatch.shared.disputes.DisputeRecord;
import com.treasurybatch.shared.disputes.DisputeView;

/** {@code disputes list|show|note}: disputes with their deadline, sale, payees and reserve; notes are audited. */
@Command(name = "disputes", mixinStandardHelpOptions = true, description = "List and show disputes; add a note.",
		subcommands = { DisputesCommand.Listing.class, DisputesCommand.Show.class, DisputesCommand.Note.class })
class DisputesCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: list, show or note");
	}

	static void line(PrintWriter out, DisputeView view) {
		DisputeRecord dispute = view.dispute();
		out.printf("%-28s %-24s %10d %-4s %-24s %-22s %-28s %10d%n", dispute.disputeId(), dispute.status(),
				dispute.amountCents(), dispute.currency(), dispute.reason(),
				(dispute.evidenceDueBy() != null) ? dispute.evidenceDueBy() : "-",
				(dispute.saleKey() != null) ? dispute.saleKey() : "-", view.reserveHeldCents());
	}

	/** {@code disputes list [--status S] [--limit N]}: nearest deadline first. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Disputes, nearest deadline first.")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--status", description = "Stripe's status, e.g. needs_response, under_review, won, lost")
		String status;

		@Option(names = "--limit", defaultValue = "50", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final DisputeDesk desk;

		Listing(DisputeDesk desk) {
			this.desk = desk;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-28s %-24s %10s %-4s %-24s %-22s %-28s %10s%n", "DISPUTE", "STATUS", "AMOUNT", "CUR",
					"REASON", "EVIDENCE DUE BY", "SALE", "RESERVE");
			this.desk.list(this.status, this.limit).forEach((view) -> line(out, view));
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code disputes show <du_...>}: the dispute, its payees and notes. */
	@Command(name = "show", mixinStandardHelpOptions = true, description = "One dispute with payees and notes.")
	@Component
	@Scope("prototype")
	static class Show extends SpringCommand {

		@Parameters(index = "0", paramLabel = "DISPUTE", description = "du_...")
		String disputeId;

		private final DisputeDesk desk;

		Show(DisputeDesk desk) {
			this.desk = desk;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			try {
				DisputeView view = this.desk.show(this.disputeId);
				line(out, view);
				view.payees().forEach((payee) -> out.printf("  reserved from %-34s %10d%n", payee.account(),
						payee.reservedCents()));
				for (DisputeNote note : view.notes()) {
					out.printf("  note %s %s: %s%n", note.createdAt(), note.author(), note.note());
				}
				out.flush();
				return ExitCodes.OK;
			}
			catch (NoSuchElementException ex) {
				out.println("refused: " + ex.getMessage());
				out.flush();
				return ExitCodes.REFUSED;
			}
		}

	}

	/** {@code disputes note <du_...> "text"}: audited. */
	@Command(name = "note", mixinStandardHelpOptions = true, description = "Add a note to a dispute (audited).")
	@Component
	@Scope("prototype")
	static class Note extends SpringCommand {

		@Parameters(index = "0", paramLabel = "DISPUTE", description = "du_...")
		String disputeId;

		@Parameters(index = "1", paramLabel = "NOTE", description = "The note, 1 to 4000 characters.")
		String note;

		private final DisputeDesk desk;

		private final CliActor actor;

		Note(DisputeDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				DisputeNote added = this.desk.note(this.disputeId, this.note, this.actor.current());
				out().printf("note %d added to %s%n", added.id(), added.disputeId());
				out().flush();
				return ExitCodes.OK;
			}
			catch (NoSuchElementException ex) {
				out().println("refused: " + ex.getMessage());
				out().flush();
				return ExitCodes.REFUSED;
			}
		}

	}

}
