package com.treasurybatch.shared.sales;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerProperties;
import com.treasurybatch.shared.ledger.Splits;

/**
 * A paid sale, and how it is booked: one journal of kind {@value #JOURNAL_KIND}, sourced by the Checkout Session
 * id, so that every event about the same session posts it at most once.
 *
 * <p>The journal, in the sale's currency:
 * <ul>
 * <li>Dr {@code platform:cash} the gross amount minus Stripe's fee (when the fee is known; otherwise the gross);</li>
 * <li>Dr {@code platform:stripe_fees} Stripe's fee, when known and not zero;</li>
 * <li>Cr {@code platform:fee_revenue} the platform fee: gross × fee bps / 10000, rounded by largest remainder;</li>
 * <li>Cr {@code payable:<acct>} for each payee, its share of the rest by largest remainder; or Cr
 * {@code platform:suspense} the whole rest when nobody can be paid.</li>
 * </ul>
 * The platform bears Stripe's fee; payees share the gross minus the platform fee. Zero lines are left out.
 *
 * <p>Invariants: the gross is positive; the credits sum to the gross exactly; so do the debits.
 *
 * @param checkoutSessionId Stripe Checkout Session id, {@code cs_...}: the journal's source
 * @param paidAt when the payment was confirmed (UTC): the journal's effective time
 * @param currency lowercase ISO 4217 code
 * @param grossCents what the buyer paid, minor units, positive
 * @param stripeFeeCents Stripe's fee in the same currency, minor units, zero or more; empty when unknown
 * @param platformFeeBps the platform's commission, 0 to 10000 bps of the gross
 * @param shares the payees' shares summing to 10000 bps, or empty to put the payee share in suspense
 */
public record PaidSale(String checkoutSessionId, Instant paidAt, String currency, long grossCents,
		OptionalLong stripeFeeCents, int platformFeeBps, List<Share> shares) {

	/** The kind of the journal of a sale. */
	public static final String JOURNAL_KIND = "sale";

	/**
	 * Checks the invariants.
	 * @throws IllegalArgumentException if the gross is not positive, the fee is negative, the platform fee is out of
	 * range or the shares do not make a whole
	 */
	public PaidSale {
		Objects.requireNonNull(checkoutSessionId, "checkoutSessionId");
		Objects.requireNonNull(paidAt, "paidAt");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(stripeFeeCents, "stripeFeeCents");
		shares = shares.isEmpty() ? List.of() : Share.whole(shares);
		if (grossCents <= 0) {
			throw new IllegalArgumentException("A paid sale has a positive gross amount, got " + grossCents);
		}
		if (stripeFeeCents.isPresent() && stripeFeeCents.getAsLong() < 0) {
			throw new IllegalArgumentException("Stripe's fee cannot be negative, got " + stripeFeeCents.getAsLong());
		}
		if (platformFeeBps < 0 || platformFeeBps > LedgerProperties.BPS_WHOLE) {
			throw new IllegalArgumentException("Platform fee must be 0 to 10000 bps, got " + platformFeeBps);
		}
	}

	/**
	 * The platform's commission.
	 * @return minor units, the gross's share of {@code platformFeeBps} by largest remainder
	 */
	public long platformFeeCents() {
		return Splits.allocate(this.grossCents,
				new long[] { this.platformFeeBps, LedgerProperties.BPS_WHOLE - this.platformFeeBps })[0];
	}

	/**
	 * The journal that books this sale.
	 * @return a balanced journal entry of kind {@value #JOURNAL_KIND}, source {@link #checkoutSessionId()}
	 */
	public JournalEntry journal() {
		List<JournalLine> lines = new ArrayList<>();
		if (this.stripeFeeCents.isPresent()) {
			long fee = this.stripeFeeCents.getAsLong();
			long net = this.grossCents - fee;
			if (net > 0) {
				lines.add(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, net, this.currency));
			}
			else if (net < 0) {
				lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_CASH, -net, this.currency));
			}
			if (fee > 0) {
				lines.add(JournalLine.debit(LedgerAccounts.PLATFORM_STRIPE_FEES, fee, this.currency));
			}
		}
		else {
			lines.add(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, this.grossCents, this.currency));
		}
		long platformFee = platformFeeCents();
		if (platformFee > 0) {
			lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, platformFee, this.currency));
		}
		long payeeTotal = this.grossCents - platformFee;
		if (payeeTotal > 0) {
			if (this.shares.isEmpty()) {
				lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_SUSPENSE, payeeTotal, this.currency));
			}
			else {
				long[] weights = this.shares.stream().mapToLong(Share::bps).toArray();
				long[] parts = Splits.allocate(payeeTotal, weights);
				for (int i = 0; i < parts.length; i++) {
					if (parts[i] > 0) {
						lines.add(JournalLine.credit(LedgerAccounts.payable(this.shares.get(i).payeeAccount()), parts[i],
								this.currency));
					}
				}
			}
		}
		String description = "sale " + this.checkoutSessionId + " gross " + this.grossCents + " " + this.currency
				+ (this.shares.isEmpty() ? ", payee share in suspense" : "");
		return JournalEntry.of(JOURNAL_KIND, this.checkoutSessionId, description, this.paidAt, lines);
	}

}
