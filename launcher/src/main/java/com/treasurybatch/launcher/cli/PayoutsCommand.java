package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.function.Supplier;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutReviewRefusedException;
import com.treasurybatch.shared.payouts.PayoutReviews;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;

/** {@code payouts list|release|cancel}: payouts as operators see them, and the review of held ones (audited). */
@Command(name = "payouts", mixinStandardHelpOptions = true,
		description = "List payouts; release or cancel a held payout.",
		subcommands = { PayoutsCommand.Listing.class, PayoutsCommand.Release.class, PayoutsCommand.Cancel.class,
				InstantPayoutCommand.class })
class PayoutsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: list, release or cancel");
	}

	/** {@code payouts list [--status S] [--date D] [--limit N]}: newest business date first. */
	@Command(name = "list", mixinStandardHelpOptions = true, description = "Payouts, newest business date first.")
	@Component
	@Scope("prototype")
	static class Listing extends SpringCommand {

		@Option(names = "--status", description = "PENDING, HELD, TRANSFERRED, IN_TRANSIT, PAID, FAILED, REVERSED or CANCELED")
		PayoutStatus status;

		@Option(names = "--date", description = "business date, yyyy-mm-dd")
		LocalDate date;

		@Option(names = "--limit", defaultValue = "50", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final Payouts payouts;

		Listing(Payouts payouts) {
			this.payouts = payouts;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-10s %-10s %-12s %-28s %12s %-4s %s%n", "ID", "DATE", "STATUS", "PAYEE", "AMOUNT", "CUR",
					"TRANSFER / FAILURE / HOLD REASONS");
			for (Payout payout : this.payouts.list(this.status, this.date, this.limit)) {
				out.printf("%-10d %-10s %-12s %-28s %12d %-4s %s%n", payout.id(), payout.businessDate(),
						payout.status(), payout.payeeAccount(), payout.amountCents(), payout.currency(),
						PayoutsCommand.detail(payout));
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code payouts release <id>}: HELD to PENDING; the next nightly-payouts run pays it. */
	@Command(name = "release", mixinStandardHelpOptions = true,
			description = "Release a HELD payout: the next nightly-payouts run pays it.")
	@Component
	@Scope("prototype")
	static class Release extends SpringCommand {

		@Parameters(index = "0", paramLabel = "PAYOUT_ID", description = "payout id, from payouts list")
		long id;

		private final PayoutReviews reviews;

		private final CliActor actor;

		Release(PayoutReviews reviews, CliActor actor) {
			this.reviews = reviews;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return PayoutsCommand.review(out(), () -> this.reviews.release(this.id, this.actor.current()),
					"released: the next nightly-payouts run pays it");
		}

	}

	/** {@code payouts cancel <id>}: never paid; the amount stays payable to later runs. */
	@Command(name = "cancel", mixinStandardHelpOptions = true,
			description = "Cancel a payout before any money moved; the amount stays in the payee's balance.")
	@Component
	@Scope("prototype")
	static class Cancel extends SpringCommand {

		@Parameters(index = "0", paramLabel = "PAYOUT_ID", description = "payout id, from payouts list")
		long id;

		private final PayoutReviews reviews;

		private final CliActor actor;

		Cancel(PayoutReviews reviews, CliActor actor) {
			this.reviews = reviews;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return PayoutsCommand.review(out(), () -> this.reviews.cancel(this.id, this.actor.current()),
					"canceled: never paid, the amount stays in the payee's balance");
		}

	}

	private static int review(PrintWriter out, Supplier<Payout> move, String done) {
		try {
			Payout payout = move.get();
			out.printf("payout %d (%d %s to %s for %s) %s; now %s%n", payout.id(), payout.amountCents(),
					payout.currency(), payout.payeeAccount(), payout.businessDate(), done, payout.status());
			out.flush();
			return ExitCodes.OK;
		}
		catch (PayoutReviewRefusedException ex) {
			out.println("refused: " + ex.getMessage());
			out.flush();
			return ExitCodes.REFUSED;
		}
	}

	private static String detail(Payout payout) {
		if (payout.stripeTransferId() != null) {
			return payout.stripeTransferId();
		}
		if (payout.failureCode() != null) {
			return payout.failureCode();
		}
		return String.join("; ", payout.holdReasons());
	}

}
