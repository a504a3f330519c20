package com.treasurybatch.launcher.cli;

import java.io.PrintWriter;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.treasurybatch.shared.refunds.RefundDesk;
import com.treasurybatch.shared.refunds.RefundRefusedException;
import com.treasurybatch.shared.refunds.RefundRequestRecord;
import com.treasurybatch.shared.refunds.RefundRequestStatus;
import com.treasurybatch.shared.refunds.RefundRequests;

/**
 * {@code refunds issue|requests|approve|decline}: refunds at Stripe (audited), as {@code POST /api/refunds} and
 * {@code /api/refund-requests} do. Exit 0 done, 4 refused (no sale, more than is left, wrong state, Stripe refused or
 * unavailable), 2 malformed.
 */
@Command(name = "refunds", mixinStandardHelpOptions = true,
		description = "Issue a refund; list, approve or decline buyers' refund requests.",
		subcommands = { RefundsCommand.Issue.class, RefundsCommand.Requests.class, RefundsCommand.Approve.class,
				RefundsCommand.Decline.class })
class RefundsCommand implements CliCommand, Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing subcommand: issue, requests, approve or decline");
	}

	static void print(PrintWriter out, RefundRequestRecord request) {
		out.printf("%-8d %-10s %-6s %-30s %10d %-4s %-16s %s%n", request.id(), request.status(), request.origin(),
				request.paymentIntent(), request.amountCents(), request.currency(),
				(request.stripeRefundId() != null) ? request.stripeRefundId() : "-",
				(request.decisionReason() != null) ? request.decisionReason() : request.reason());
	}

	static int refused(PrintWriter out, RefundRefusedException ex) {
		out.println("refused: " + ex.getMessage());
		out.flush();
		return ExitCodes.REFUSED;
	}

	/** {@code refunds issue --payment-intent pi_... --amount-cents N --reason "..." --request-id ID}. */
	@Command(name = "issue", mixinStandardHelpOptions = true, description = "Refund a sale at Stripe now.")
	@Component
	@Scope("prototype")
	static class Issue extends SpringCommand {

		@Option(names = "--request-id", required = true,
				description = "Your own id of this refund: running it again with the same id refunds once.")
		String requestId;

		@Option(names = "--payment-intent", description = "pi_... of the sale")
		String paymentIntent;

		@Option(names = "--charge", description = "ch_... of the sale (instead of --payment-intent)")
		String charge;

		@Option(names = "--amount-cents", required = true, description = "Minor units of the sale's currency.")
		long amountCents;

		@Option(names = "--reason", required = true, description = "Why (kept in the audit trail).")
		String reason;

		@Option(names = "--stripe-reason", description = "duplicate, fraudulent or requested_by_customer")
		String stripeReason;

		private final RefundDesk desk;

		private final CliActor actor;

		Issue(RefundDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				RefundRequestRecord issued = this.desk.issue(new RefundDesk.Ask(this.requestId, this.paymentIntent,
						this.charge, this.amountCents, this.reason, this.stripeReason), this.actor.current());
				print(out(), issued);
				out().println("the ledger books it when Stripe's refund.created is processed (inbox-processing)");
				out().flush();
				return ExitCodes.OK;
			}
			catch (RefundRefusedException ex) {
				return refused(out(), ex);
			}
		}

	}

	/** {@code refunds requests [--status S] [--limit N]}: newest first. */
	@Command(name = "requests", mixinStandardHelpOptions = true, description = "Refund requests, newest first.")
	@Component
	@Scope("prototype")
	static class Requests extends SpringCommand {

		@Option(names = "--status", description = "REQUESTED, DECLINED, APPROVED, ISSUED or FAILED")
		RefundRequestStatus status;

		@Option(names = "--limit", defaultValue = "50", description = "most rows, 1 to 1000 (default ${DEFAULT-VALUE})")
		int limit;

		private final RefundRequests requests;

		Requests(RefundRequests requests) {
			this.requests = requests;
		}

		@Override
		public Integer call() {
			PrintWriter out = out();
			out.printf("%-8s %-10s %-6s %-30s %10s %-4s %-16s %s%n", "ID", "STATUS", "ORIGIN", "PAYMENT INTENT",
					"AMOUNT", "CUR", "REFUND", "REASON");
			this.requests.list(this.status, this.limit).forEach((request) -> print(out, request));
			out.flush();
			return ExitCodes.OK;
		}

	}

	/** {@code refunds approve <id>}: issues the refund at Stripe. */
	@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a buyer's refund request.")
	@Component
	@Scope("prototype")
	static class Approve extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ID", description = "The refund request's id.")
		long id;

		private final RefundDesk desk;

		private final CliActor actor;

		Approve(RefundDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				print(out(), this.desk.approve(this.id, this.actor.current()));
				out().flush();
				return ExitCodes.OK;
			}
			catch (RefundRefusedException ex) {
				return refused(out(), ex);
			}
		}

	}

	/** {@code refunds decline <id> --reason "..."}. */
	@Command(name = "decline", mixinStandardHelpOptions = true, description = "Decline a buyer's refund request.")
	@Component
	@Scope("prototype")
	static class Decline extends SpringCommand {

		@Parameters(index = "0", paramLabel = "ID", description = "The refund request's id.")
		long id;

		@Option(names = "--reason", required = true, description = "Why it is declined.")
		String reason;

		private final RefundDesk desk;

		private final CliActor actor;

		Decline(RefundDesk desk, CliActor actor) {
			this.desk = desk;
			this.actor = actor;
		}

		@Override
		public Integer call() {
			try {
				print(out(), this.desk.decline(this.id, this.reason, this.actor.current()));
				out().flush();
				return ExitCodes.OK;
			}
			catch (RefundRefusedException ex) {
				return refused(out(), ex);
			}
		}

	}

}
