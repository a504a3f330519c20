package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.JournalProposal;
import com.treasurybatch.shared.ledger.JournalProposals;
import com.treasurybatch.shared.ledger.ManualJournalRefusedException;
import com.treasurybatch.shared.ledger.ManualJournals;
import com.treasurybatch.shared.ledger.Side;

/**
 * {@code journals propose|approve|reject|list|show}: manual journals with four eyes ({@link ManualJournals}), the
 * actor being the CLI user ({@code treasury.actor} or the OS user): a proposal is approved or rejected by another
 * user. Audited as the API's verbs are.
 */
@Command(name = "journals", mixinStandardHelpOptions = true,
		description = "Propose, approve, reject and list manual journals (four eyes).",
		subcommands = { JournalsCommand.Propose.class, JournalsCommand.Approve.class, JournalsCommand.Reject.class,
				JournalsCommand.Listing.class, JournalsCommand.Show.class })
class JournalsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: propose, approve, reject, list or show");
	}

	/** {@code journals propose --description D --reason R --posting D:account:amount:currency ...}. */
	@Command(name = "propose", mixinStandardHelpOptions = true,
			description = "Propose a manual journal; another user approves it. Nothing is posted yet.")
	@Component
	@Scope("prototype")
	static class Propose extends SpringCommand {

		@Option(names = "--description", required = true, description = "ids and amounts only")
		String description;

		@Option(names = "--reason", required = true, description = "why the correction is needed")
		String reason;

		@Option(names = "--posting", required = true,
				description = "SIDE:ACCOUNT:AMOUNT:CURRENCY, e.g. D:platform:suspense:3000:usd; two or more")
		List<String> postings;

		@Option(names = "--suspense-sale", description = "the sale whose suspense money it moves (pi_..., in_...)")
		String suspenseSale;

		@Option(names = "--reverses", description = "propose the reversal of this posted journal id instead")
		Long reverses;

		private final ManualJournals journals;

		private final CliActor actor;

		Propose(ManualJournals journals, CliActor actor) {
			this.journals = journals;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return JournalsCommand.print(out(), () -> {
				if (this.reverses != null) {
					return this.journals.proposeReversal(this.reverses, this.reason, this.actor.current());
				}
				List<JournalLine> lines = new ArrayList<>();
				for (String posting : this.postings) {
					String[] parts = posting.split(":");
					if (parts.length != 5) {
						throw new ManualJournalRefusedException(ManualJournalRefusedException.Kind.INVALID,
								"--posting " + posting + ": expected SIDE:ACCOUNT:AMOUNT:CURRENCY");
					}
					try {
						lines.add(new JournalLine(parts[1] + ":" + parts[2], Side.fromCode(parts[0]),
								Long.parseLong(parts[3]), parts[4]));
					}
					catch (IllegalArgumentException ex) {
						throw new ManualJournalRefusedException(ManualJournalRefusedException.Kind.INVALID,
								"--posting " + posting + ": " + ex.getMessage());
					}
				}
				return this.journals.propose(this.description, this.reason, lines, this.suspenseSale,
						this.actor.current());
			});
		}

	}

	/** {@code journals approve ID}: posts it; never by its proposer. */
	@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve and post a proposal.")
	@Component
	@Scope("prototype")
	static class Approve extends SpringCommand {

		@Parameters(index = "0", paramLabel = "PROPOSAL_ID")
		long id;

		private final ManualJournals journals;

		private final CliActor actor;

		Approve(ManualJournals journals, CliActor actor) {
			this.journals = journals;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return JournalsCommand.print(out(), () -> this.journals.approve(this.id, this.actor.current()));
		}

	}

	/** {@code journals reject ID [--reason R]}: closes it; never by its proposer. */
	@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a proposal.")
	@Component
	@Scope("prototype")
	static class Reject extends SpringCommand {

		@Parameters(index = "0", paramLabel = "PROPOSAL_ID")
		long id;

		@Option(names = "--reason")
		String reason;

		private final ManualJournals journals;

		private final CliActor actor;

		Reject(ManualJournals journals, CliActor actor) {
			this.journals = journals;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return JournalsCommand.print(out(), () -> this.journals.reject(this.id, this.reason, this.actor.current()));
		}

	}

	/** {@code journals list [--status S] [--limit N]}: newest first. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Proposals, newest first.")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--status", description = "PROPOSED, APPROVED or REJECTED")
		String status;

		@Option(names = "--limit", defaultValue = "50")
		int limit;

		private final JournalProposals proposals;

		Listing(JournalProposals proposals) {
			this.proposals = proposals;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-8s %-9s %-16s %-16s %-10s %s%n", "ID", "STATUS", "PROPOSED BY", "DECIDED BY", "JOURNAL",
					"DESCRIPTION");
			for (JournalProposal p : this.proposals.list(this.status, null, this.limit)) {
				out.printf("%-8d %-9s %-16s %-16s %-10s %s%n", p.id(), p.status(), p.proposedBy(),
						(p.decidedBy() != null) ? p.decidedBy() : "-", (p.journalId() != null) ? p.journalId() : "-",
						p.description());
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code journals show ID}. */
	@Command(name = "show", mixinStandardHelpOptions = true, description = "One proposal with its postings.")
	@Component
	@Scope("prototype")
	static class Show extends SpringCommand {

		@Parameters(index = "0", paramLabel = "PROPOSAL_ID")
		long id;

		private final JournalProposals proposals;

		Show(JournalProposals proposals) {
			this.proposals = proposals;
		}

		@Override
		public Integer call() {
			return JournalsCommand.print(out(), () -> this.proposals.find(this.id)
				.orElseThrow(() -> new ManualJournalRefusedException(ManualJournalRefusedException.Kind.NOT_FOUND,
						"no journal proposal with id " + this.id)));
		}

	}

	private static int print(PrintWriter out, Supplier<JournalProposal> work) {
		try {
			JournalProposal p = work.get();
			out.printf("proposal %d %s: %s (reason: %s), proposed by %s%s%n", p.id(), p.status(), p.description(),
					p.reason(), p.proposedBy(), (p.decidedBy() != null) ? ", decided by " + p.decidedBy() : "");
			for (JournalLine line : p.lines()) {
				out.printf("  %s %-32s %12d %s%n", line.side().code(), line.accountCode(), line.amountCents(),
						line.currency());
			}
			if (p.journalId() != null) {
				out.printf("posted as journal %d%n", p.journalId());
			}
			out.flush();
			return ExitCodes.OK;
		}
		catch (ManualJournalRefusedException ex) {
			out.println("refused: " + ex.getMessage());
			out.flush();
			return ExitCodes.REFUSED;
		}
	}

}
