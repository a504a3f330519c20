package com.treasurybatch.launcher.webhooks;

import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import com.treasurybatch.launcher.cli.CliCommand;
import com.treasurybatch.launcher.system.TreasuryHome;

/**
 * CLI verb {@code webhooks}: tools around the Stripe webhook receiver. Runs without a Spring context.
 * Subcommand: {@code send} ({@link WebhooksSendCommand}).
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true, subcommands = WebhooksSendCommand.class,
		description = "Stripe webhooks: send signed event files to the receiver.")
public class WebhooksCommand implements CliCommand, Runnable {

	@Spec
	CommandSpec spec;

	private final Map<String, String> environment;

	private final Supplier<TreasuryHome> home;

	/** Reads the process environment ({@code STRIPE_WEBHOOK_SECRET}, {@code TREASURY_URL}, {@code TREASURY_HOME}). */
	public WebhooksCommand() {
		this(System.getenv(), TreasuryHome::fromProcessEnvironment);
	}

	WebhooksCommand(Map<String, String> environment, Supplier<TreasuryHome> home) {
		this.environment = Map.copyOf(environment);
		this.home = home;
	}

	/** Without a subcommand: a usage error. */
	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing required subcommand: send");
	}

	Map<String, String> environment() {
		return this.environment;
	}

	TreasuryHome home() {
		return this.home.get();
	}

}
