package com.treasurybatch.shared.sales;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerProperties;
import com.treasurybatch.shared.ledger.Splits;

/**
 * A paid sale, and how it is booked: one journal of kind {@value #JOURNAL_KIND}, sourced by the sale key (the
 * PaymentIntent {@code pi_...}, or the invoice {@code in_...} of a subscription), so that every event about the same
 * payment (Checkout, PaymentIntent, invoice; redeliveries and replays) posts it at most once.
 *
 * <p>The journal, in the sale's (presentment) currency:
 * <ul>
 * <li>Dr {@code platform:cash} the gross amount, tax included;</li>
 * <li>Cr {@code platform:tax_payable} the sales tax (Checkout {@code total_details.amount_tax}, the invoice's
 * taxes), never split;</li>
 * <li>Cr {@code platform:fee_revenue} the platform fee: (gross − tax) × fee bps / 10000, by largest remainder;</li>
 * <li>Cr {@code payable:<acct>} for each payee, its share of the rest by largest remainder; or Cr
 * {@code platform:suspense} the whole rest when nobody can be paid.</li>
 * </ul>
 * Stripe's fee is not here: no webhook carries it (a payload is never expanded; the fee lives only on the charge's
 * balance transaction, docs.stripe.com/api/balance_transactions/object). The settlement step of
 * {@code stripe-reconciliation} books it as a {@code stripe_fee} journal, and converts the sale when Stripe settled
 * it in another currency. Zero lines are left out.
 *
 * <p>Invariants: the gross is positive; the tax is 0 to the gross; the credits sum to the gross exactly.
 *
 * @param saleKey the journal's source: {@code pi_...}, {@code in_...}, or {@code cs_...} for a session without a
 * PaymentIntent
 * @param paidAt when the payment was confirmed (UTC): the journal's effective time
 * @param currency lowercase ISO 4217 code
 * @param grossCents what the buyer paid, tax included, minor units, positive
 * @param taxCents the sales tax in it, minor units, 0 to {@code grossCents}
 * @param platformFeeBps the platform's commission, 0 to 10000 bps of the amount without tax
 * @param shares the payees' shares summing to 10000 bps, or empty to put the payee share in suspense
 * @param origin what was paid, for the description, e.g. {@code checkout cs_...} or {@code invoice in_...}
 */
public record PaidSale(String saleKey, Instant paidAt, String currency, long grossCents, long taxCents,
		int platformFeeBps, List<Share> shares, String origin) {

	/** The kind of the journal of a sale. */
	public static final String JOURNAL_KIND = "sale";

	/**
	 * Checks the invariants.
	 * @throws IllegalArgumentException if the gross is not positive, the tax is out of range, the platform fee is out
	 * of range or the shares do not make a whole
	 */
	public PaidSale {
		Objects.requireNonNull(saleKey, "saleKey");
		Objects.requireNonNull(paidAt, "paidAt");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(origin, "origin");
		shares = shares.isEmpty() ? List.of() : Share.whole(shares);
		if (grossCents <= 0) {
			throw new IllegalArgumentException("A paid sale has a positive gross amount, got " + grossCents);
		}
		if (taxCents < 0 || taxCents > grossCents) {
			throw new IllegalArgumentException("Tax " + taxCents + " must be 0 to the gross " + grossCents);
		}
		if (platformFeeBps < 0 || platformFeeBps > LedgerProperties.BPS_WHOLE) {
			throw new IllegalArgumentException("Platform fee must be 0 to 10000 bps, got " + platformFeeBps);
		}
	}

	/**
	 * A sale without tax, described by its key.
	 * @param saleKey the journal's source
	 * @param paidAt UTC
	 * @param currency lowercase ISO code
	 * @param grossCents minor units, positive
	 * @param platformFeeBps 0 to 10000
	 * @param shares payees' shares, or empty for suspense
	 * @return the sale
	 */
	public static PaidSale untaxed(String saleKey, Instant paidAt, String currency, long grossCents,
			int platformFeeBps, List<Share> shares) {
		return new PaidSale(saleKey, paidAt, currency, grossCents, 0, platformFeeBps, shares, saleKey);
	}

	/**
	 * What the platform fee and the payees share: the gross without tax.
	 * @return minor units
	 */
	public long netOfTaxCents() {
		return this.grossCents - this.taxCents;
	}

	/**
	 * The platform's commission.
	 * @return minor units, the untaxed amount's share of {@code platformFeeBps} by largest remainder
	 */
	public long platformFeeCents() {
		return Splits.allocate(netOfTaxCents(),
				new long[] { this.platformFeeBps, LedgerProperties.BPS_WHOLE - this.platformFeeBps })[0];
	}

	/**
	 * The journal that books this sale.
	 * @return a balanced journal entry of kind {@value #JOURNAL_KIND}, source {@link #saleKey()}
	 */
	public JournalEntry journal() {
		List<JournalLine> lines = new ArrayList<>();
		lines.add(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, this.grossCents, this.currency));
		if (this.taxCents > 0) {
			lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_TAX_PAYABLE, this.taxCents, this.currency));
		}
		long platformFee = platformFeeCents();
		if (platformFee > 0) {
			lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, platformFee, this.currency));
		}
		long payeeTotal = netOfTaxCents() - platformFee;
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
		String description = "sale " + this.saleKey + " (" + this.origin + ") gross " + this.grossCents + " "
				+ this.currency + ((this.taxCents > 0) ? ", tax " + this.taxCents : "")
				+ (this.shares.isEmpty() ? ", payee share in suspense" : "");
		return JournalEntry.of(JOURNAL_KIND, this.saleKey, description, this.paidAt, lines);
	}

}
