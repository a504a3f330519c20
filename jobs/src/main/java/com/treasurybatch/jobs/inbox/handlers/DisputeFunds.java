package com.treasurybatch.jobs.inbox.handlers;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.StripeFees;

/**
 * Books the money Stripe moves for a dispute, from the balance transactions the dispute object lists in full
 * ({@code balance_transactions}: docs.stripe.com/api/disputes/object; an array of balance transaction objects, not
 * references, so no Stripe call is needed): the withdrawal of the disputed amount with Stripe's dispute fee
 * ({@code charge.dispute.funds_withdrawn}; reporting category {@code dispute}) and their return when the dispute is
 * won ({@code charge.dispute.funds_reinstated}; {@code dispute_reversal}). Every dispute event books whatever listed
 * balance transaction is not booked yet, so events arriving out of order or missed book the same journals.
 *
 * <p>Per balance transaction {@code txn_...}, in its currency:
 * <pre>
 * dispute_funds (source txn_...)  amount &lt; 0: Dr platform:dispute_funds / Cr platform:cash   |amount|
 *                                 amount &gt; 0: Dr platform:cash / Cr platform:dispute_funds   amount
 * stripe_fee    (source txn_...)  the fee (the dispute fee; negative when Stripe gives it back)
 * </pre>
 * The {@code stripe_fee} journal is the one the settlement step of {@code stripe-reconciliation} would book from the
 * same balance transaction: unique by source, so booked once whoever comes first.
 */
@Component
class DisputeFunds {

	/** The kind of the journal of a dispute's balance movement; its source is the balance transaction id. */
	static final String FUNDS_KIND = "dispute_funds";

	private final Ledger ledger;

	DisputeFunds(Ledger ledger) {
		this.ledger = ledger;
	}

	/**
	 * Books the dispute's listed balance transactions not booked yet.
	 * @param disputeId {@code du_...}
	 * @param dispute the dispute object
	 * @return journals posted
	 * @throws InapplicableEventException if a listed balance transaction is malformed
	 */
	int book(String disputeId, JsonNode dispute) {
		JsonNode listed = dispute.path("balance_transactions");
		if (!listed.isArray()) {
			return 0;
		}
		int posted = 0;
		for (JsonNode txn : listed) {
			if (!txn.isObject()) {
				throw new InapplicableEventException("Dispute " + disputeId + " lists a balance transaction that is not "
						+ "an object: " + txn);
			}
			String id = EventJson.requireText(txn, "id");
			long amount = EventJson.requireLong(txn, "amount");
			long fee = EventJson.requireLong(txn, "fee");
			String currency = EventJson.requireText(txn, "currency").toLowerCase(Locale.ROOT);
			Instant created = Instant.ofEpochSecond(EventJson.requireLong(txn, "created"));
			String category = EventJson.optionalText(txn, "reporting_category");
			if (amount != 0) {
				long cents = Math.abs(amount);
				List<JournalLine> lines = (amount < 0)
						? List.of(JournalLine.debit(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, cents, currency),
								JournalLine.credit(LedgerAccounts.PLATFORM_CASH, cents, currency))
						: List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, currency),
								JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, cents, currency));
				if (this.ledger.post(JournalEntry.of(FUNDS_KIND, id, "dispute " + disputeId + " " + category + " " + id
						+ ": " + amount + " " + currency, created, lines)).isPresent()) {
					posted++;
				}
			}
			if (fee != 0 && this.ledger.post(StripeFees.journal(id, fee, currency, created,
					"Stripe fee " + fee + " " + currency + " of " + id + " (dispute " + disputeId + ")")).isPresent()) {
				posted++;
			}
		}
		return posted;
	}

}
