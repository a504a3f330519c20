package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.AlertAcknowledgements;
import com.treasurybatch.shared.alerts.Alerts;

/** {@code alerts list|ack}: what operators must look at, and saying that they did (audited). */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "List alerts; acknowledge one.",
		subcommands = { AlertsCommand.Listing.class, AlertsCommand.Ack.class })
class AlertsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: list or ack");
	}

	/** {@code alerts list [--all] [--limit N]}: open alerts (or all), newest first. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Open alerts (--all: all), newest first.")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--all", description = "acknowledged ones too")
		boolean all;

		@Option(names = "--limit", defaultValue = "50", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final Alerts alerts;

		Listing(Alerts alerts) {
			this.alerts = alerts;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-8s %-20s %-8s %-28s %-30s %s%n", "ID", "RAISED (UTC)", "SEVERITY", "KIND", "SUBJECT",
					"MESSAGE / ACKNOWLEDGED");
			for (Alert alert : this.alerts.latest(!this.all, this.limit)) {
				out.printf("%-8d %-20s %-8s %-28s %-30s %s%n", alert.id(), alert.createdAt().toString().substring(0, 19),
						alert.severity(), alert.kind(), alert.subject(), alert.open() ? alert.message()
								: "acknowledged by " + alert.acknowledgedBy() + " at " + alert.acknowledgedAt());
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code alerts ack <id>}: acknowledges an alert (audited {@code alert.ack}); exit 4 if unknown or done. */
	@Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an alert (audited).")
	@Component
	@Scope("prototype")
	static class Ack extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ALERT_ID", description = "alert id, from alerts list")
		long id;

		private final AlertAcknowledgements acknowledgements;

		private final CliActor actor;

		Ack(AlertAcknowledgements acknowledgements, CliActor actor) {
			this.acknowledgements = acknowledgements;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			AlertAcknowledgements.Outcome outcome = this.acknowledgements.acknowledge(this.id, this.actor.current());
			PrintWriter out = out();
			switch (outcome) {
				case ACKNOWLEDGED -> out.println("alert " + this.id + " acknowledged");
				case ALREADY_ACKNOWLEDGED -> out.println("refused: alert " + this.id + " was acknowledged before");
				case UNKNOWN -> out.println("refused: no alert " + this.id);
			}
			out.flush();
			return (outcome == AlertAcknowledgements.Outcome.ACKNOWLEDGED) ? ExitCodes.OK : ExitCodes.REFUSED;
		}

	}

}
