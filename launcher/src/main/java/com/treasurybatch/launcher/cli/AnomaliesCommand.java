package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.anomalies.Anomalies;
import com.treasurybatch.shared.anomalies.Anomaly;

/** {@code anomalies list|resolve}: what the nightly ledger-anomalies job flagged, and resolving it (audited). */
@Command(name = "anomalies", mixinStandardHelpOptions = true, description = "List ledger anomalies; resolve one.",
		subcommands = { AnomaliesCommand.Listing.class, AnomaliesCommand.Resolve.class })
class AnomaliesCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: list or resolve");
	}

	/** {@code anomalies list [--all] [--limit N]}: open anomalies (or all), newest date first. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Open anomalies (--all: all).")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--all", description = "resolved ones too")
		boolean all;

		@Option(names = "--limit", defaultValue = "100", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final Anomalies anomalies;

		Listing(Anomalies anomalies) {
			this.anomalies = anomalies;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-8s %-10s %-24s %-28s %s%n", "ID", "DATE", "RULE", "SUBJECT", "MESSAGE / FIGURES");
			for (Anomaly anomaly : this.anomalies.list(!this.all, this.limit)) {
				out.printf("%-8d %-10s %-24s %-28s %s %s%s%n", anomaly.id(), anomaly.businessDate(), anomaly.rule(),
						anomaly.subject(), anomaly.message(), anomaly.figures(),
						(anomaly.resolvedAt() != null) ? " [resolved by " + anomaly.resolvedBy() + ": "
								+ anomaly.resolutionNote() + "]" : "");
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code anomalies resolve <id> --note TEXT}: audited {@code anomaly.resolve}; exit 4 if unknown or resolved. */
	@Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve an anomaly with a note (audited).")
	@Component
	@Scope("prototype")
	static class Resolve extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ANOMALY_ID", description = "anomaly id, from anomalies list")
		long id;

		@Option(names = "--note", required = true, description = "why it is resolved")
		String note;

		private final Anomalies anomalies;

		private final CliActor actor;

		Resolve(Anomalies anomalies, CliActor actor) {
			this.anomalies = anomalies;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			Anomalies.Outcome outcome = this.anomalies.resolve(this.id, this.note, this.actor.current());
			PrintWriter out = out();
			switch (outcome) {
				case RESOLVED -> out.println("anomaly " + this.id + " resolved");
				case ALREADY_RESOLVED -> out.println("refused: anomaly " + this.id + " is resolved");
				case UNKNOWN -> out.println("refused: no anomaly " + this.id);
			}
			out.flush();
			return (outcome == Anomalies.Outcome.RESOLVED) ? ExitCodes.OK : ExitCodes.REFUSED;
		}

	}

}
