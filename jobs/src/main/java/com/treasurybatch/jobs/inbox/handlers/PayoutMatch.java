package com.treasurybatch.jobs.inbox.handlers;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutConventions;
import com.treasurybatch.shared.payouts.Payouts;

/**
 * Finds, and locks, the payout row a Stripe transfer or payout belongs to, by the rules of
 * {@link PayoutConventions}: the recorded Stripe id first, then the {@value PayoutConventions#PAYOUT_ID_METADATA}
 * metadata.
 *
 * <ul>
 * <li>Neither: not ours (a transfer made by hand, an automatic payout of the connected account): empty, the event
 * is IGNORED and the reason logged.</li>
 * <li>The metadata names a row that does not exist, or one that recorded another Stripe id: an operating error.</li>
 * <li>The metadata names a row that has not recorded its transfer yet (the payout job's commit after Stripe
 * answered is still to come, or it crashed before it and will replay the same request on restart): an operating
 * error, so the event is retried with backoff until the row catches up.</li>
 * </ul>
 */
@Component
class PayoutMatch {

	private static final Log logger = LogFactory.getLog(PayoutMatch.class);

	private final Payouts payouts;

	PayoutMatch(Payouts payouts) {
		this.payouts = payouts;
	}

	/**
	 * The row of a Stripe transfer.
	 * @param event the event, for messages
	 * @param transferId {@code tr_...}
	 * @param metadata the transfer's metadata
	 * @return the locked row, or empty when the transfer is not ours
	 * @throws InapplicableEventException as described on the class
	 */
	Optional<Payout> forTransfer(ParsedStripeEvent event, String transferId, Map<String, String> metadata) {
		return match(event, transferId, metadata, this.payouts::findByTransferForUpdate, Payout::stripeTransferId);
	}

	/**
	 * The payout of a {@code payout.*} event and its row: empty for the platform's own payouts (no top-level
	 * {@code account}) and for payouts that are not ours.
	 * @param event a {@code payout.*} event
	 * @return Stripe's payout and the locked row
	 * @throws InapplicableEventException as described on the class, if the payload is not a payout, or if the row pays
	 * another account
	 */
	Optional<MatchedPayout> forPayoutEvent(ParsedStripeEvent event) {
		if (event.account() == null) {
			return Optional.empty();
		}
		EventPayout stripePayout = EventPayout.from(event);
		return forPayout(event, stripePayout.id(), stripePayout.metadata())
			.map((row) -> new MatchedPayout(stripePayout, row));
	}

	/**
	 * A connected account's payout and our row of it.
	 * @param stripe the payout as Stripe sent it
	 * @param row our payout row, locked
	 */
	record MatchedPayout(EventPayout stripe, Payout row) {
	}

	/**
	 * The row of a payout on a connected account.
	 * @param event the event, whose top-level {@code account} must be the row's payee
	 * @param payoutId {@code po_...}
	 * @param metadata the payout's metadata
	 * @return the locked row, or empty when the payout is not ours
	 * @throws InapplicableEventException as described on the class, or if the row pays another account
	 */
	private Optional<Payout> forPayout(ParsedStripeEvent event, String payoutId, Map<String, String> metadata) {
		Optional<Payout> found = match(event, payoutId, metadata, this.payouts::findByStripePayoutForUpdate,
				Payout::stripePayoutId);
		found.ifPresent((payout) -> {
			if (!payout.payeeAccount().equals(event.account())) {
				throw new InapplicableEventException("Payout " + payoutId + " of " + event.account() + " names payout row "
						+ payout.id() + " of " + payout.payeeAccount());
			}
		});
		return found;
	}

	private Optional<Payout> match(ParsedStripeEvent event, String stripeId, Map<String, String> metadata,
			Function<String, Optional<Payout>> byStripeId, Function<Payout, String> recordedId) {
		Optional<Payout> byId = byStripeId.apply(stripeId);
		if (byId.isPresent()) {
			return byId;
		}
		OptionalLong rowId;
		try {
			rowId = PayoutConventions.payoutId(metadata);
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException(stripeId + ": " + ex.getMessage(), ex);
		}
		if (rowId.isEmpty()) {
			logger.info("Ignoring " + event.type() + " " + event.id() + ": " + stripeId
					+ " is not a payout of ours (no recorded id, no " + PayoutConventions.PAYOUT_ID_METADATA + ")");
			return Optional.empty();
		}
		Payout payout = this.payouts.findForUpdate(rowId.getAsLong())
			.orElseThrow(() -> new InapplicableEventException(stripeId + " names payout row " + rowId.getAsLong()
					+ ", which does not exist"));
		String recorded = recordedId.apply(payout);
		if (recorded != null && !recorded.equals(stripeId)) {
			throw new InapplicableEventException(stripeId + " names payout row " + payout.id() + ", which recorded "
					+ recorded);
		}
		if (payout.stripeTransferId() == null) {
			throw new InapplicableEventException(stripeId + " names payout row " + payout.id() + " (" + payout.status()
					+ "), which has not recorded its transfer yet; retried until the payout job commits it");
		}
		return Optional.of(payout);
	}

}
