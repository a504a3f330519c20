package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.treasurybatch.shared.privacy.ErasureDesk;
import com.treasurybatch.shared.privacy.ErasureLog;
import com.treasurybatch.shared.privacy.ErasureRefusedException;
import com.treasurybatch.shared.privacy.ErasureRequest;
import com.treasurybatch.shared.privacy.ErasureRequests;

/**
 * {@code gdpr erase|requests|log}: records data subjects' erasure requests (audited, without the identifiers), lists
 * them, and shows the erasure log (the proof: counts per table, what was kept under which duty). The
 * {@code gdpr-purge} job does the erasing.
 */
@Command(name = "gdpr", mixinStandardHelpOptions = true,
		description = "GDPR erasure requests: record one, list them, show the erasure log.",
		subcommands = { GdprCommand.Erase.class, GdprCommand.Requests.class, GdprCommand.Log.class })
class GdprCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing subcommand: erase, requests or log");
	}

	/**
	 * {@code gdpr erase [--email E]... [--customer cus_...]... [--account acct_...]... [--analytics-user U]...}: exit 0
	 * when recorded, 2 when nothing or something malformed is given.
	 */
	@Command(name = "erase", mixinStandardHelpOptions = true,
			description = "Record an erasure request naming the subject by any of their identifiers; gdpr-purge honours it.")
	@Component
	@Scope("prototype")
	static class Erase extends SpringCommand {

		@Option(names = "--email", description = "an email address of the subject (repeatable)")
		List<String> emails = new ArrayList<>();

		@Option(names = "--customer", description = "a Stripe customer id, cus_... (repeatable)")
		List<String> customers = new ArrayList<>();

		@Option(names = "--account", description = "a Stripe connected account id, acct_... (repeatable)")
		List<String> accounts = new ArrayList<>();

		@Option(names = "--analytics-user", description = "an analytics user id (repeatable)")
		List<String> analyticsUsers = new ArrayList<>();

		private final ErasureDesk desk;

		private final CliActor actor;

		Erase(ErasureDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				ErasureRequest request = this.desk.request(this.emails, this.customers, this.accounts,
						this.analyticsUsers, this.actor.current());
				out().printf("erasure request %d recorded (subject %s), due %s; the gdpr-purge job honours it%n",
						request.id(), request.subjectHash(), TextFormat.instant(request.dueAt()));
				out().flush();
				return ExitCodes.OK;
			}
			catch (ErasureRefusedException ex) {
				out().println("refused: " + ex.getMessage());
				out().flush();
				return ExitCodes.USAGE;
			}
		}

	}

	/** {@code gdpr requests [--limit N]}: newest first, without identifiers. */
	@Command(name = "requests", mixinStandardHelpOptions = true, description = "Erasure requests, newest first.")
	@Component
	@Scope("prototype")
	static class Requests extends SpringCommand {

		@Option(names = "--limit", defaultValue = "50", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final ErasureRequests requests;

		Requests(ErasureRequests requests) {
			this.requests = requests;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-8s %-8s %-20s %-20s %-20s %-6s %-16s %s%n", "ID", "STATUS", "RECEIVED (UTC)", "DUE (UTC)",
					"COMPLETED (UTC)", "VIA", "BY", "SUBJECT HASH");
			for (ErasureRequest request : this.requests.list(this.limit)) {
				out.printf("%-8d %-8s %-20s %-20s %-20s %-6s %-16s %s%n", request.id(), request.status(),
						TextFormat.instant(request.receivedAt()), TextFormat.instant(request.dueAt()),
						TextFormat.instant(request.completedAt()), request.channel(), request.requestedBy(),
						request.subjectHash());
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code gdpr log [--limit N]}: the erasure log, newest first. */
	@Command(name = "log", mixinStandardHelpOptions = true,
			description = "The erasure log: per request, counts per table and what was kept under which duty.")
	@Component
	@Scope("prototype")
	static class Log extends SpringCommand {

		@Option(names = "--limit", defaultValue = "50", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final ErasureLog erasureLog;

		Log(ErasureLog erasureLog) {
			this.erasureLog = erasureLog;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			for (Map<String, Object> row : this.erasureLog.list(this.limit)) {
				out.printf("request %s erased at %s, subject %s%n  %s%n", row.get("request_id"), row.get("erased_at"),
						row.get("subject_hash"), row.get("holdings"));
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

}
