package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.sales.InlineSplit;
import com.treasurybatch.shared.sales.SplitRule;
import com.treasurybatch.shared.sales.SplitRuleDesk;
import com.treasurybatch.shared.sales.SplitRuleRefusedException;
import com.treasurybatch.shared.sales.SplitRuleVersion;

/**
 * {@code split-rules list|show|create|update|retire}, as {@code /api/split-rules}: shares as
 * {@code acct_A:7000,acct_B:3000} (summing to 10000). {@code retire} retires a rule some sale named and deletes one
 * no sale named. Audited. Exit 0 done, 4 refused, 2 malformed.
 */
@Command(name = "split-rules", mixinStandardHelpOptions = true,
		description = "List, show, create, change (new version) or retire split rules.",
		subcommands = { SplitRulesCommand.Listing.class, SplitRulesCommand.Show.class, SplitRulesCommand.Create.class,
				SplitRulesCommand.Update.class, SplitRulesCommand.Retire.class })
class SplitRulesCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: list, show, create, update or retire");
	}

	static void print(PrintWriter out, SplitRuleVersion version) {
		SplitRule rule = version.rule();
		out.printf("%-32s v%-3d %-6s %-26s %s%s%n", rule.id(), version.version(),
				rule.platformFeeBps().isPresent() ? Integer.toString(rule.platformFeeBps().getAsInt()) : "default",
				version.effectiveFrom(),
				rule.shares().stream().map((share) -> share.payeeAccount() + ":" + share.bps())
					.collect(Collectors.joining(",")),
				(version.retiredAt() != null) ? "  (retired " + version.retiredAt() + ")" : "");
	}

	static int refused(PrintWriter out, SplitRuleRefusedException ex) {
		out.println("refused: " + ex.getMessage());
		out.flush();
		return ExitCodes.REFUSED;
	}

	static SplitRule rule(String name, String description, String shares, Integer feeBps) {
		return new SplitRule(name, (description != null) ? description : name,
				(feeBps != null) ? OptionalInt.of(feeBps) : OptionalInt.empty(), InlineSplit.parse(shares));
	}

	/** {@code split-rules list [--include-retired]}. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Split rules, current versions.")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--include-retired", description = "List retired rules too.")
		boolean includeRetired;

		private final SplitRuleDesk desk;

		Listing(SplitRuleDesk desk) {
			this.desk = desk;
		}

		@Override
		public Integer call() {
			out().printf("%-32s %-4s %-6s %-26s %s%n", "NAME", "VER", "FEE", "EFFECTIVE FROM", "SHARES");
			this.desk.list(this.includeRetired).forEach((version) -> print(out(), version));
			out().flush();
			return ExitCodes.OK;
		}

	}

	/** {@code split-rules show <name>}: every version, oldest first. */
	@Command(name = "show", mixinStandardHelpOptions = true, description = "Every version of a split rule.")
	@Component
	@Scope("prototype")
	static class Show extends SpringCommand {

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		private final SplitRuleDesk desk;

		Show(SplitRuleDesk desk) {
			this.desk = desk;
		}

		@Override
		public Integer call() {
			try {
				List<SplitRuleVersion> versions = this.desk.versions(this.name);
				versions.forEach((version) -> print(out(), version));
				out().flush();
				return ExitCodes.OK;
			}
			catch (SplitRuleRefusedException ex) {
				return refused(out(), ex);
			}
		}

	}

	/** {@code split-rules create <name> --shares acct_A:7000,acct_B:3000 [--fee-bps N] [--description D]}. */
	@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a split rule (version 1).")
	@Component
	@Scope("prototype")
	static class Create extends SpringCommand {

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		@Option(names = "--shares", required = true, description = "acct_A:7000,acct_B:3000 (bps summing to 10000)")
		String shares;

		@Option(names = "--fee-bps", description = "Platform fee in bps; default: the configured default.")
		Integer feeBps;

		@Option(names = "--description", description = "For people; default the name.")
		String description;

		private final SplitRuleDesk desk;

		private final CliActor actor;

		Create(SplitRuleDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				print(out(), this.desk.create(rule(this.name, this.description, this.shares, this.feeBps),
						this.actor.current()));
				out().flush();
				return ExitCodes.OK;
			}
			catch (SplitRuleRefusedException ex) {
				return refused(out(), ex);
			}
		}

	}

	/** {@code split-rules update <name> --shares ... [--fee-bps N]}: a new version effective now. */
	@Command(name = "update", mixinStandardHelpOptions = true,
			description = "Change a split rule: a new version effective now; earlier sales keep theirs.")
	@Component
	@Scope("prototype")
	static class Update extends SpringCommand {

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		@Option(names = "--shares", required = true, description = "acct_A:7000,acct_B:3000 (bps summing to 10000)")
		String shares;

		@Option(names = "--fee-bps", description = "Platform fee in bps; default: the configured default.")
		Integer feeBps;

		@Option(names = "--description", description = "For people; default the name.")
		String description;

		private final SplitRuleDesk desk;

		private final CliActor actor;

		Update(SplitRuleDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				print(out(), this.desk.update(rule(this.name, this.description, this.shares, this.feeBps),
						this.actor.current()));
				out().flush();
				return ExitCodes.OK;
			}
			catch (SplitRuleRefusedException ex) {
				return refused(out(), ex);
			}
		}

	}

	/** {@code split-rules retire <name>}: retired if a sale named it, else deleted. */
	@Command(name = "retire", mixinStandardHelpOptions = true,
			description = "Retire a split rule (deleted instead if no sale ever named it).")
	@Component
	@Scope("prototype")
	static class Retire extends SpringCommand {

		@Parameters(index = "0", paramLabel = "NAME")
		String name;

		private final SplitRuleDesk desk;

		private final CliActor actor;

		Retire(SplitRuleDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				SplitRuleDesk.Removal removal = this.desk.remove(this.name, this.actor.current());
				out().printf("split rule %s %s%n", this.name, removal.name().toLowerCase(java.util.Locale.ROOT));
				out().flush();
				return ExitCodes.OK;
			}
			catch (SplitRuleRefusedException ex) {
				return refused(out(), ex);
			}
		}

	}

}
