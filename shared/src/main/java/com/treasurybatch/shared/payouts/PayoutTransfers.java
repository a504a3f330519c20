package com.treasurybatch.shared.payouts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.IdempotencyKeyReusedException;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeRejectedException;
import com.treasurybatch.shared.stripe.StripeTransfer;
import com.treasurybatch.shared.stripe.StripeTransientException;
import com.treasurybatch.shared.stripe.TransferRequest;

/**
 * The one way a PENDING payout row (nightly or instant) becomes a Stripe transfer: the row is committed first,
 * then {@code POST /v1/transfers} (docs.stripe.com/api/transfers/create) with the row's idempotency key suffixed
 * {@value #TRANSFER_KEY_SUFFIX}, {@code transfer_group} = the row's key and the {@link PayoutConventions} metadata;
 * then, in one transaction of its own, the journal (kind {@value #JOURNAL_KIND}, source = the row's key: Dr
 * payable, Cr platform cash) and TRANSFERRED.
 *
 * <p><b>Keys older than a day.</b> Stripe removes idempotency keys once they are at least 24 hours old, and a
 * request reusing a removed key is a new request (docs.stripe.com/api/idempotent_requests). A row created more
 * than {@link #LOOKUP_AFTER} ago (its first attempt was at or after its creation) is therefore first looked up at
 * Stripe by its transfer group ({@code GET /v1/transfers?transfer_group=}): a transfer found there carrying the
 * row's {@value PayoutConventions#PAYOUT_ID_METADATA} is recorded and nothing is POSTed; none found, the POST is
 * safe (nothing was made). A younger row's replay is covered by the key itself.
 *
 * <p>Invariants: at most one Stripe transfer per payout row; one transfer journal per row (unique source); the
 * transfer recorded matches the row (destination, amount, currency), else {@link IllegalStateException}.
 *
 * <p>Failures: a transient one that outlasts the gateway's retries leaves the row PENDING and raises the CRITICAL
 * alert {@code payout_transfer_deferred}; a refusal moves the row to FAILED with Stripe's code and raises
 * {@code payout_transfer_failed}; a database failure while recording propagates, the row stays PENDING and the
 * next attempt replays the key (or finds the transfer by its group).
 */
public class PayoutTransfers {

	private static final Logger log = LoggerFactory.getLogger(PayoutTransfers.class);

	/** Suffix of the transfer's Idempotency-Key, after the row's key. */
	public static final String TRANSFER_KEY_SUFFIX = "transfer";

	/** The kind of the transfer journal. */
	public static final String JOURNAL_KIND = "payout";

	/**
	 * How old a row may be before its transfer is looked up at Stripe before any POST: an hour inside Stripe's
	 * 24-hour key retention, so a key is never relied on when it may be gone.
	 */
	public static final Duration LOOKUP_AFTER = Duration.ofHours(23);

	/** What {@link #transfer(Payout)} did. */
	public enum Outcome {
		/** The transfer is made (now, or found made earlier) and recorded: TRANSFERRED. */
		TRANSFERRED,
		/** Stripe stayed unavailable: still PENDING, the next attempt replays the key. */
		DEFERRED,
		/** Stripe refused it: FAILED, nothing moved. */
		REFUSED
	}

	private final StripeGateway stripe;

	private final Ledger ledger;

	private final Payouts payouts;

	private final Alerts alerts;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	/**
	 * @param stripe the gateway
	 * @param ledger the journal of each transfer
	 * @param payouts the payout rows
	 * @param alerts deferred and refused transfers
	 * @param ownTransaction a REQUIRES_NEW template: each recorded transfer commits on its own
	 * @param clock the UTC clock of the journal and of the row's age
	 */
	public PayoutTransfers(StripeGateway stripe, Ledger ledger, Payouts payouts, Alerts alerts,
			TransactionTemplate ownTransaction, Clock clock) {
		this.stripe = stripe;
		this.ledger = ledger;
		this.payouts = payouts;
		this.alerts = alerts;
		this.ownTransaction = ownTransaction;
		this.clock = clock;
	}

	/**
	 * Transfers one PENDING payout, or records the transfer Stripe already made for it.
	 * @param payout a row read as PENDING
	 * @return what happened
	 * @throws IllegalStateException if Stripe's transfer does not match the row, or the row moved meanwhile
	 * @throws org.springframework.dao.DataAccessException if recording fails (the row stays PENDING)
	 */
	public Outcome transfer(Payout payout) {
		StripeTransfer transfer;
		try {
			Optional<StripeTransfer> earlier = earlierTransfer(payout);
			transfer = earlier.isPresent() ? earlier.get()
					: this.stripe.createTransfer(request(payout),
							new IdempotencyKey(payout.idempotencyKey() + ":" + TRANSFER_KEY_SUFFIX));
		}
		catch (StripeTransientException ex) {
			log.warn("Payout {} left PENDING: {}", payout.id(), ex.getMessage());
			this.alerts.raise(Severity.CRITICAL, "payout_transfer_deferred", payout.payeeAccount(),
					"Payout " + payout.id() + " (" + payout.amountCents() + " " + payout.currency()
							+ ") left PENDING after " + ex.attempts() + " attempts: HTTP " + ex.httpStatus() + " "
							+ ex.code() + "; a restart retries it with the same idempotency key",
					"payout_transfer_deferred:" + payout.idempotencyKey());
			return Outcome.DEFERRED;
		}
		catch (StripeRejectedException | IdempotencyKeyReusedException ex) {
			String code = (ex.code() != null) ? ex.code() : "stripe_rejected";
			refused(payout, code, ex.failure().message());
			return Outcome.REFUSED;
		}
		record(payout, transfer);
		return Outcome.TRANSFERRED;
	}

	/**
	 * The transfer Stripe made for this row earlier, when its key may have been pruned.
	 * @return the transfer of the row's group naming the row; empty for a young row or when there is none
	 */
	private Optional<StripeTransfer> earlierTransfer(Payout payout) {
		if (payout.createdAt().plus(LOOKUP_AFTER).isAfter(this.clock.instant())) {
			return Optional.empty();
		}
		String rowId = Long.toString(payout.id());
		List<StripeTransfer> group = this.stripe.transfersInGroup(payout.idempotencyKey());
		List<StripeTransfer> ours = group.stream()
			.filter((transfer) -> rowId.equals(transfer.metadata().get(PayoutConventions.PAYOUT_ID_METADATA)))
			.toList();
		if (ours.size() > 1) {
			throw new IllegalStateException("Payout " + payout.id() + " has " + ours.size()
					+ " transfers at Stripe in group " + payout.idempotencyKey() + ": "
					+ ours.stream().map(StripeTransfer::id).toList() + "; reverse all but one by hand");
		}
		if (!ours.isEmpty()) {
			log.info("Payout {} is older than {}: found its transfer {} by transfer_group, not POSTing again",
					payout.id(), LOOKUP_AFTER, ours.get(0).id());
		}
		return ours.stream().findFirst();
	}

	private void refused(Payout payout, String code, String message) {
		this.ownTransaction.executeWithoutResult((status) -> {
			if (!this.payouts.markTransferFailed(payout.id(), code, message)) {
				throw new IllegalStateException("Payout " + payout.id() + " refused by Stripe (" + code
						+ ") but no longer PENDING");
			}
			this.alerts.raise(Severity.CRITICAL, "payout_transfer_failed", payout.payeeAccount(),
					"Payout " + payout.id() + " (" + payout.amountCents() + " " + payout.currency()
							+ ") refused by Stripe: " + code + ((message != null) ? " " + message : ""),
					"payout_transfer_failed:" + payout.idempotencyKey());
		});
	}

	private void record(Payout payout, StripeTransfer transfer) {
		if (!transfer.destination().equals(payout.payeeAccount()) || transfer.amount() != payout.amountCents()
				|| !transfer.currency().equals(payout.currency())) {
			throw new IllegalStateException("Stripe answered transfer " + transfer.id() + " (" + transfer.amount()
					+ " " + transfer.currency() + " to " + transfer.destination() + ") for payout " + payout.id()
					+ " (" + payout.amountCents() + " " + payout.currency() + " to " + payout.payeeAccount() + ")");
		}
		this.ownTransaction.executeWithoutResult((status) -> {
			JournalEntry entry = JournalEntry.of(JOURNAL_KIND, payout.idempotencyKey(),
					"payout " + payout.id() + " transfer " + transfer.id(), this.clock.instant(),
					List.of(JournalLine.debit(LedgerAccounts.payable(payout.payeeAccount()), payout.amountCents(),
							payout.currency()),
							JournalLine.credit(LedgerAccounts.PLATFORM_CASH, payout.amountCents(), payout.currency())));
			long journalId = this.ledger.post(entry)
				.orElseGet(() -> this.ledger.journalId(payout.idempotencyKey(), JOURNAL_KIND)
					.orElseThrow(() -> new IllegalStateException("Journal of payout " + payout.id() + " vanished")));
			if (!this.payouts.markTransferred(payout.id(), transfer.id(), journalId)) {
				Payout now = this.payouts.find(payout.id()).orElseThrow();
				if (now.status() != PayoutStatus.TRANSFERRED || !transfer.id().equals(now.stripeTransferId())) {
					throw new IllegalStateException("Payout " + payout.id() + " was transferred as " + transfer.id()
							+ " but is now " + now.status() + " with transfer " + now.stripeTransferId());
				}
			}
		});
	}

	private static TransferRequest request(Payout payout) {
		return new TransferRequest(payout.amountCents(), payout.currency(), payout.payeeAccount(),
				payout.idempotencyKey(),
				Map.of(PayoutConventions.PAYOUT_ID_METADATA, Long.toString(payout.id()),
						PayoutConventions.IDEMPOTENCY_KEY_METADATA, payout.idempotencyKey()),
				payout.kind().code() + " payout " + payout.businessDate());
	}

}
