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
import com.treasurybatch.shared.alerts.AlertWork;
import com.treasurybatch.shared.alerts.Alerts;

/**
 * {@code alerts list|ack|assign|resolve}: what operators must look at, saying that they did, who works it and how it
 * ended (each audited).
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
		description = "List alerts; acknowledge, assign or resolve one.", subcommands = { AlertsCommand.Listing.class,
				AlertsCommand.Ack.class, AlertsCommand.Assign.class, AlertsCommand.Resolve.class })
class AlertsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: list, ack, assign or resolve");
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
						alert.severity(), alert.kind(), alert.subject(), state(alert));
			}
			out.flush();
			return ExitCodes.OK;
		}

		private static String state(Alert alert) {
			String assigned = (alert.assignedTo() != null) ? " [assigned to " + alert.assignedTo() + "]" : "";
			if (alert.resolved()) {
				return "resolved by " + alert.resolvedBy() + " at " + alert.resolvedAt() + ": " + alert.resolutionNote();
			}
			return (alert.open() ? alert.message()
					: "acknowledged by " + alert.acknowledgedBy() + " at " + alert.acknowledgedAt()) + assigned;
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

	/** {@code alerts assign <id> <assignee>}: who works an alert (audited {@code alert.assign}); exit 4 if unknown or resolved. */
	@Command(name = "assign", mixinStandardHelpOptions = true, description = "Assign an alert to a person (audited).")
	@Component
	@Scope("prototype")
	static class Assign extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ALERT_ID", description = "alert id, from alerts list")
		long id;

		@Parameters(index = "1", paramLabel = "ASSIGNEE", description = "who works it")
		String assignee;

		private final AlertWork work;

		private final CliActor actor;

		Assign(AlertWork work, CliActor actor) {
			this.work = work;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return report(out(), this.id, this.work.assign(this.id, this.assignee, this.actor.current()),
					"assigned to " + this.assignee);
		}

	}

	/** {@code alerts resolve <id> --note TEXT}: resolves an alert (audited {@code alert.resolve}); exit 4 if unknown or resolved. */
	@Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve an alert with a note (audited).")
	@Component
	@Scope("prototype")
	static class Resolve extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ALERT_ID", description = "alert id, from alerts list")
		long id;

		@Option(names = "--note", required = true, description = "why it is resolved")
		String note;

		private final AlertWork work;

		private final CliActor actor;

		Resolve(AlertWork work, CliActor actor) {
			this.work = work;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return report(out(), this.id, this.work.resolve(this.id, this.note, this.actor.current()), "resolved");
		}

	}

	private static int report(PrintWriter out, long id, AlertWork.Outcome outcome, String done) {
		switch (outcome) {
			case DONE -> out.println("alert " + id + " " + done);
			case ALREADY_RESOLVED -> out.println("refused: alert " + id + " is resolved");
			case UNKNOWN -> out.println("refused: no alert " + id);
		}
		out.flush();
		return (outcome == AlertWork.Outcome.DONE) ? ExitCodes.OK : ExitCodes.REFUSED;
	}

}
