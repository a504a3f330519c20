package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.launcher.operations.InboxReplays;
import com.treasurybatch.shared.inbox.InboxStatistics;
import com.treasurybatch.shared.inbox.InboxStatus;
import com.treasurybatch.shared.inbox.WebhookInbox;

/** {@code inbox stats|replay}: the webhook inbox as operators see it. */
@Command(name = "inbox", mixinStandardHelpOptions = true, description = "Inspect the webhook inbox, replay an event.",
		subcommands = { InboxCommand.Stats.class, InboxCommand.Replay.class })
class InboxCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: stats or replay");
	}

	/** {@code inbox stats}: rows per status and per type, and the backlog's age. */
	@Command(name = "stats", mixinStandardHelpOptions = true,
			description = "Events per status and per type; how many wait and since when.")
	@Component
	@Scope("prototype")
	static class Stats extends SpringCommand {

		private final WebhookInbox inbox;

		Stats(WebhookInbox inbox) {
			this.inbox = inbox;
		}

		@Override
		public Integer call() {
			InboxStatistics statistics = this.inbox.statistics();
			PrintWriter out = out();
			out.println("by status:");
			print(out, statistics.countsByStatus());
			out.println("by type:");
			print(out, statistics.countsByType());
			out.printf("waiting (RECEIVED): %d, oldest received %s ago%n", statistics.backlog().receivedCount(),
					TextFormat.duration(statistics.backlog().oldestReceivedAge().toMillis()));
			out.flush();
			return ExitCodes.OK;
		}

		private static void print(PrintWriter out, Map<String, Long> counts) {
			if (counts.isEmpty()) {
				out.println("  (none)");
			}
			counts.forEach((key, count) -> out.printf("  %-40s %10d%n", key, count));
		}

	}

	/**
	 * {@code inbox replay <eventId>}: puts a staged event back to RECEIVED so that the next inbox-processing run
	 * applies it again. Safe for a PROCESSED event: journals are unique by their source, so a replay adds nothing
	 * that was already posted.
	 */
	@Command(name = "replay", mixinStandardHelpOptions = true,
			description = "Mark a staged event RECEIVED again so the next inbox-processing run takes it.")
	@Component
	@Scope("prototype")
	static class Replay extends SpringCommand {

		@Parameters(index = "0", paramLabel = "EVENT_ID", description = "Stripe event id, evt_...")
		String eventId;

		private final InboxReplays replays;

		private final CliActor actor;

		Replay(InboxReplays replays, CliActor actor) {
			this.replays = replays;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			InboxStatus before = this.replays.replay(this.eventId, this.actor.current());
			out().printf("event %s was %s, now RECEIVED: the next inbox-processing run applies it%n", this.eventId,
					before);
			out().flush();
			return ExitCodes.OK;
		}

	}

}
