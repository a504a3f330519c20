package com.treasurybatch.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.payouts.InstantPayoutDesk;
import com.treasurybatch.shared.payouts.InstantPayoutRefusedException;
import com.treasurybatch.shared.payouts.InstantPayoutRequest;

/**
 * {@code payouts instant <acct> [--currency usd] [--amount-cents N]}: records a payee's instant payout request
 * (audited); the {@code instant-payouts} job pays it within a minute if its funds are past their cool-off and the
 * payee's risk is low. Exit 0 when recorded, 4 when refused (one request already open), 2 when malformed.
 */
@Command(name = "instant", mixinStandardHelpOptions = true,
		description = "Request an instant payout for a payee (paid by the instant-payouts job).")
@Component
@Scope("prototype")
class InstantPayoutCommand extends SpringCommand {

	@Parameters(index = "0", paramLabel = "ACCOUNT", description = "The payee's connected account, acct_...")
	String account;

	@Option(names = "--currency", defaultValue = "usd", description = "Lowercase ISO 4217 code (default usd).")
	String currency;

	@Option(names = "--amount-cents", description = "Amount in minor units; default: all available when paid.")
	Long amountCents;

	private final InstantPayoutDesk desk;

	private final CliActor actor;

	InstantPayoutCommand(InstantPayoutDesk desk, CliActor actor) {
		this.desk = desk;
		this.actor = actor;
	}

	@Override
	public Integer call() {
		try {
			InstantPayoutRequest request = this.desk.request(this.account, this.currency, this.amountCents,
					this.actor.current());
			out().printf("instant payout request %d recorded for %s in %s (%s); the instant-payouts job pays it%n",
					request.id(), request.payeeAccount(), request.currency(),
					(request.amountCents() != null) ? request.amountCents() + " minor units" : "all available");
			out().flush();
			return ExitCodes.OK;
		}
		catch (InstantPayoutRefusedException ex) {
			out().println("refused: " + ex.getMessage());
			out().flush();
			return ex.duplicate() ? ExitCodes.REFUSED : ExitCodes.USAGE;
		}
	}

}
