package com.treasurybatch.jobs.payouts;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutConventions;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.stripe.IdempotencyKey;
import com.treasurybatch.shared.stripe.IdempotencyKeyReusedException;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeRejectedException;
import com.treasurybatch.shared.stripe.StripeTransfer;
import com.treasurybatch.shared.stripe.StripeTransientException;
import com.treasurybatch.shared.stripe.TransferRequest;

/**
 * Transfers each PENDING payout (committed by {@link PayoutDecider}) to its payee's connected account
 * ({@code POST /v1/transfers}, docs.stripe.com/api/transfers/create) with the row's deterministic idempotency key
 * suffixed {@code :transfer} (docs.stripe.com/api/idempotent_requests), then records the answer: the transfer
 * journal (kind {@code payout}, source = the row's key: Dr payable, Cr platform cash) and TRANSFERRED, in one
 * transaction per payout.
 *
 * <p>Invariants: one Stripe transfer per payout row (same key on every attempt, run and node, so Stripe replays
 * the first transfer); one transfer journal per payout (unique source); the transfer Stripe answers matches the
 * row (destination, amount, currency), else the step fails.
 *
 * <p>Failures: retryable ones are retried by the gateway (throttle, backoff, jitter); if they persist the payee is
 * escalated (CRITICAL alert) and left PENDING for a restart, and the others go on. A refusal (e.g.
 * {@code balance_insufficient}, an account that cannot receive transfers) moves the row to FAILED with Stripe's
 * code and raises a CRITICAL alert. A database failure while recording fails the step: the row stays PENDING and
 * a restart replays the same key.
 */
public class PayoutTransferWriter implements ItemWriter<Payout> {

	private static final Logger log = LoggerFactory.getLogger(PayoutTransferWriter.class);

	/** Suffix of the transfer's Idempotency-Key, after the row's key ({@link PayoutConventions}). */
	static final String TRANSFER_KEY_SUFFIX = "transfer";

	/** The kind of the transfer journal. */
	static final String JOURNAL_KIND = "payout";

	private final StripeGateway stripe;

	private final Ledger ledger;

	private final Payouts payouts;

	private final Alerts alerts;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final AtomicInteger deferred = new AtomicInteger();

	/**
	 * @param stripe the gateway
	 * @param ledger the journal of each transfer
	 * @param payouts the payout rows
	 * @param alerts deferred and refused transfers
	 * @param ownTransaction a REQUIRES_NEW template: each recorded transfer commits on its own
	 * @param clock the UTC clock of the journal
	 */
	public PayoutTransferWriter(StripeGateway stripe, Ledger ledger, Payouts payouts, Alerts alerts,
			TransactionTemplate ownTransaction, Clock clock) {
		this.stripe = stripe;
		this.ledger = ledger;
		this.payouts = payouts;
		this.alerts = alerts;
		this.ownTransaction = ownTransaction;
		this.clock = clock;
	}

	@Override
	public void write(Chunk<? extends Payout> chunk) {
		for (Payout payout : chunk) {
			pay(payout);
		}
	}

	/** How many payouts this writer left PENDING after persistent transient failures. */
	int deferred() {
		return this.deferred.get();
	}

	private void pay(Payout payout) {
		StripeTransfer transfer;
		try {
			transfer = this.stripe.createTransfer(request(payout),
					new IdempotencyKey(payout.idempotencyKey() + ":" + TRANSFER_KEY_SUFFIX));
		}
		catch (StripeTransientException ex) {
			this.deferred.incrementAndGet();
			log.warn("Payout {} left PENDING: {}", payout.id(), ex.getMessage());
			this.alerts.raise(Severity.CRITICAL, "payout_transfer_deferred", payout.payeeAccount(),
					"Payout " + payout.id() + " (" + payout.amountCents() + " " + payout.currency()
							+ ") left PENDING after " + ex.attempts() + " attempts: HTTP " + ex.httpStatus() + " "
							+ ex.code() + "; a restart retries it with the same idempotency key",
					"payout_transfer_deferred:" + payout.idempotencyKey());
			return;
		}
		catch (StripeRejectedException | IdempotencyKeyReusedException ex) {
			String code = (ex.code() != null) ? ex.code() : "stripe_rejected";
			refused(payout, code, ex.failure().message());
			return;
		}
		record(payout, transfer);
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
