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

import com.treasurybatch.shared.ledger.MinorUnits;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutFailure;
import com.treasurybatch.shared.payouts.PayoutFailureStatus;
import com.treasurybatch.shared.payouts.PayoutFailures;
import com.treasurybatch.shared.payouts.PayoutReviewRefusedException;
import com.treasurybatch.shared.payouts.PayoutReviews;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;

/**
 * {@code payouts list|release|cancel|failed|retry}: payouts as operators see them, the review of held ones and the
 * retry of failed ones (audited).
 */
@Command(name = "payouts", mixinStandardHelpOptions = true,
		description = "List payouts; release or cancel a held payout; list failed bank payouts; retry a failed payout.",
		subcommands = { PayoutsCommand.Listing.class, PayoutsCommand.Release.class, PayoutsCommand.Cancel.class,
				PayoutsCommand.Failed.class, PayoutsCommand.Retry.class, InstantPayoutCommand.class })
class PayoutsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: list, release, cancel, failed or retry");
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
				out.printf("%-10d %-10s %-12s %-28s %12s %-4s %s%n", payout.id(), payout.businessDate(),
						payout.status(), payout.payeeAccount(),
						MinorUnits.decimal(payout.amountCents(), payout.currency()), payout.currency(),
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

	/** {@code payouts failed [--status S] [--limit N]}: failed bank payouts and the reversal of their transfer. */
	@Command(name = "failed", mixinStandardHelpOptions = true,
			description = "Failed bank payouts, newest first, and where the reversal of their transfer stands.")
	@Component
	@Scope("prototype")
	static class Failed extends SpringCommand {

		@Option(names = "--status", description = "OPEN, REVERSAL_MADE or REVERSAL_REFUSED")
		PayoutFailureStatus status;

		@Option(names = "--limit", defaultValue = "50", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final PayoutFailures failures;

		Failed(PayoutFailures failures) {
			this.failures = failures;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-10s %-30s %-20s %-28s %12s %-4s %-16s %s%n", "PAYOUT", "FAILED PAYOUT", "FAILED AT", "PAYEE",
					"AMOUNT", "CUR", "STATUS", "CODE / REVERSAL");
			for (PayoutFailure failure : this.failures.list(this.status, this.limit)) {
				String detail = failure.failureCode() + ((failure.stripeReversalId() != null)
						? " / " + failure.stripeReversalId() : "")
						+ ((failure.reversalError() != null) ? " / " + failure.reversalError() : "");
				out.printf("%-10d %-30s %-20s %-28s %12s %-4s %-16s %s%n", failure.payoutId(),
						failure.stripePayoutId(), failure.failedAt(), failure.payeeAccount(),
						MinorUnits.decimal(failure.amountCents(), failure.currency()), failure.currency(),
						failure.status(), detail);
			}
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code payouts retry <id>}: a FAILED payout tried again where that cannot pay twice. */
	@Command(name = "retry", mixinStandardHelpOptions = true,
			description = "Retry a FAILED payout: a refused transfer (while no later payout paid its amount), or the "
					+ "reversal of a failed bank payout that Stripe refused.")
	@Component
	@Scope("prototype")
	static class Retry extends SpringCommand {

		@Parameters(index = "0", paramLabel = "PAYOUT_ID", description = "payout id, from payouts list or failed")
		long id;

		private final PayoutReviews reviews;

		private final CliActor actor;

		Retry(PayoutReviews reviews, CliActor actor) {
			this.reviews = reviews;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			return PayoutsCommand.review(out(), () -> this.reviews.retry(this.id, this.actor.current()),
					"retried: a refused transfer is paid by the next nightly-payouts run, a refused reversal is "
							+ "asked again by the next instant-payouts run");
		}

	}

	private static int review(PrintWriter out, Supplier<Payout> move, String done) {
		try {
			Payout payout = move.get();
			out.printf("payout %d (%s %s to %s for %s) %s; now %s%n", payout.id(),
					MinorUnits.decimal(payout.amountCents(), payout.currency()), payout.currency(),
					payout.payeeAccount(), payout.businessDate(), done, payout.status());
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
