package com.treasurybatch.jobs.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * 1099-NEC box 1 by the date a payment was made to the payee, not the date a sale was credited (IRS Instructions for
 * Forms 1099-MISC and 1099-NEC: report payments "made" in the calendar year; the threshold of the year of payment
 * applies, OBBBA section 70433 for payments after 2025-12-31).
 *
 * <p>A payee's payable is walked in booking order. Each sale credit is a lot (brand offers are nonemployee
 * compensation, everything else goes to the 1099-K); a refund before payment reduces the lot of the sale it refunds,
 * so amounts refunded before payment are never reported; a {@code payout} journal (the transfer to the payee, dated
 * the transfer) pays lots oldest first, and the brand-offer part it pays is reported in the year of the transfer.
 * Lots are counted in the currency they were settled in at Stripe: a sale presented in another currency and settled
 * in USD is converted at Stripe's rate ({@code reconciliation_stripe_rows.exchange_rate} of the charge's balance
 * transaction, docs.stripe.com/api/balance_transactions/object#balance_transaction_object-exchange_rate), rounded
 * half up to the cent. A brand-offer payment in a currency Stripe never converted to USD is refused, never dropped.
 * Not modelled: transfer reversals and disputes after payment (they do not undo a payment made).
 */
@Component
class NecPayments {

	private static final String SQL = """
			SELECT substr(a.code, 9) AS payee, j.id, j.kind, j.effective_at, p.side, p.amount, trim(p.currency),
			       o.item_type,
			       (SELECT r.exchange_rate FROM reconciliation_stripe_rows r
			         WHERE r.payment_intent = o.payment_intent AND r.currency = 'usd' AND r.source_currency = p.currency
			           AND r.exchange_rate IS NOT NULL AND r.amount > 0
			         ORDER BY r.created LIMIT 1) AS usd_rate,
			       ro.journal_id AS refunded_sale
			FROM postings p
			JOIN ledger_accounts a ON a.id = p.account_id AND a.code LIKE 'payable:%'
			JOIN payee_tax_profiles t ON a.code = 'payable:' || t.account_id AND t.country = 'US'
			JOIN journals j ON j.id = p.journal_id
			LEFT JOIN orders o ON o.journal_id = j.id AND j.kind = 'sale'
			LEFT JOIN charge_refunds cr ON cr.journal_id = j.id AND j.kind = 'refund'
			LEFT JOIN orders ro ON ro.id = cr.order_id
			WHERE j.kind IN ('sale', 'refund', 'payout') AND j.effective_at < ?
			  AND (?::text IS NULL OR t.account_id = ?)
			ORDER BY a.code, j.effective_at, j.id, p.id""";

	private final JdbcTemplate jdbc;

	NecPayments(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Brand-offer payments of every US payee (or one) made in a tax year, in US cents, by month of payment (UTC).
	 * @param taxYear the calendar year of payment
	 * @param payee one acct_..., or null for all
	 * @return payees with any such payment, ordered by account; {@code transactions} is the number of payouts
	 * @throws IllegalStateException for a brand-offer payment Stripe did not settle in USD
	 */
	List<Form1099> form1099nec(int taxYear, String payee) {
		Instant end = java.time.LocalDate.of(taxYear + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
		Map<String, Walk> walks = new LinkedHashMap<>();
		this.jdbc.query(SQL, (rs) -> {
			Walk walk = walks.computeIfAbsent(rs.getString(1), (key) -> new Walk(key, taxYear));
			walk.apply(rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getLong(6),
					rs.getString(7), rs.getString(8), rs.getBigDecimal(9),
					(rs.getObject(10) != null) ? rs.getLong(10) : null);
		}, Timestamp.from(end), payee, payee);
		List<Form1099> forms = new ArrayList<>();
		walks.values().stream().filter((walk) -> walk.payouts > 0).forEach((walk) -> {
			long total = 0;
			for (long month : walk.monthly) {
				total += month;
			}
			if (total > 0) {
				forms.add(new Form1099(walk.payee, total, walk.payouts, walk.monthly));
			}
		});
		return forms;
	}

	/** One payee's payable, walked. */
	private static final class Walk {

		private final String payee;

		private final int taxYear;

		private final Map<String, Deque<Lot>> lots = new HashMap<>();

		private final Map<Long, Lot> bySale = new HashMap<>();

		private final long[] monthly = new long[12];

		private long payouts;

		Walk(String payee, int taxYear) {
			this.payee = payee;
			this.taxYear = taxYear;
		}

		void apply(long journalId, String kind, Instant at, String side, long amount, String currency,
				String itemType, BigDecimal usdRate, Long refundedSale) {
			switch (kind) {
				case "sale" -> {
					if ("C".equals(side)) {
						Lot lot = new Lot(journalId, "brand_offer".equals(itemType), currency, amount, usdRate);
						this.lots.computeIfAbsent(lot.settledCurrency(), (key) -> new ArrayDeque<>()).add(lot);
						this.bySale.put(journalId, lot);
					}
				}
				case "refund" -> {
					Lot lot = (refundedSale != null) ? this.bySale.get(refundedSale) : null;
					if (lot != null && "D".equals(side)) {
						lot.refund(amount);
					}
				}
				case "payout" -> {
					if ("D".equals(side)) {
						pay(journalId, at, amount, currency);
					}
				}
				default -> {
				}
			}
		}

		private void pay(long journalId, Instant at, long amount, String currency) {
			Deque<Lot> queue = this.lots.getOrDefault(currency, new ArrayDeque<>());
			long left = amount;
			long nec = 0;
			while (left > 0 && !queue.isEmpty()) {
				Lot lot = queue.peekFirst();
				long taken = Math.min(left, lot.unpaidSettled());
				lot.paySettled(taken);
				left -= taken;
				if (lot.nec) {
					nec += taken;
				}
				if (lot.unpaidSettled() == 0) {
					queue.pollFirst();
				}
			}
			boolean inYear = at.atZone(ZoneOffset.UTC).getYear() == this.taxYear;
			if (nec > 0 && inYear) {
				if (!"usd".equals(currency)) {
					throw new IllegalStateException("Payout journal " + journalId + " paid " + this.payee + " " + nec
							+ " " + currency + " minor units of brand offers that Stripe did not settle in USD: no"
							+ " Stripe rate converts them for the 1099-NEC");
				}
				this.monthly[at.atZone(ZoneOffset.UTC).getMonthValue() - 1] += nec;
				this.payouts++;
			}
		}

	}

	/** A sale credit to the payee, in its presentment currency, and what is still unpaid of it. */
	private static final class Lot {

		private final boolean nec;

		private final String currency;

		private final BigDecimal usdRate;

		private long unpaid;

		private long paidSettled;

		Lot(long journalId, boolean nec, String currency, long amount, BigDecimal usdRate) {
			this.nec = nec;
			this.currency = currency;
			this.usdRate = ("usd".equals(currency)) ? null : usdRate;
			this.unpaid = amount;
		}

		String settledCurrency() {
			return (this.usdRate != null) ? "usd" : this.currency;
		}

		/** A refund before payment takes back what is unpaid; after payment it changes no payment made. */
		void refund(long amount) {
			this.unpaid = Math.max(0, this.unpaid - amount);
		}

		long unpaidSettled() {
			return settled(this.unpaid);
		}

		void paySettled(long settledCents) {
			long total = settled(this.unpaid);
			if (settledCents >= total) {
				this.unpaid = 0;
			}
			else if (this.usdRate == null) {
				this.unpaid -= settledCents;
			}
			else {
				// back to presentment units at the rate, so the rest stays consistent
				this.unpaid -= BigDecimal.valueOf(settledCents)
					.divide(this.usdRate, 0, RoundingMode.HALF_UP)
					.longValueExact();
			}
			this.paidSettled += settledCents;
		}

		private long settled(long presented) {
			return (this.usdRate == null) ? presented
					: ReferenceRates.convert(presented, this.currency, "usd", this.usdRate);
		}

	}

}
