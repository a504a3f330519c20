package com.treasurybatch.jobs.reconciliation;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.StripeFees;
import com.treasurybatch.shared.ledger.Side;
import com.treasurybatch.shared.ledger.Splits;

/**
 * What the settlement step books from staged balance transactions ({@code reconciliation_stripe_rows}), with no
 * Stripe call: per row, in the row's currency, effective at its {@code created}, sourced by its {@code txn_...}
 * (journal kinds of shared/.../ledger/README.md):
 * <ul>
 * <li>{@code stripe_fee} when {@code fee} is not 0: Dr {@code platform:stripe_fees} / Cr {@code platform:cash} the
 * fee (sides swapped for a negative fee);</li>
 * <li>{@code platform_payout} for the platform's {@code payout}, {@code payout_failure}, {@code payout_cancel}:
 * money leaving the balance Dr {@code platform:bank_payouts} / Cr cash, money coming back the other way;</li>
 * <li>{@code stripe_balance} for the types {@link BalanceTransactionTypes} maps to category {@code settlement}:
 * cash against the mapped account, the same way round;</li>
 * <li>{@code settlement_conversion} when a charge's or refund's currency ({@code source.currency}) differs from the
 * row's: the original journal (the sale through the charge's payment intent and {@code orders.journal_id}, the
 * {@code refund} or {@code refund_failure} journal by {@code re_} id) reversed in the presentment currency, and its
 * accounts and sides again in the row's currency, each side's amounts allocated from {@code |amount|} by largest
 * remainder ({@link Splits}) in proportion to the original lines; {@code journals.exchange_rate} = Stripe's rate.
 * A row whose original journal is not booked yet is left for a later run ({@link #conversionBacklog}).</li>
 * </ul>
 * Writes go through {@link Ledger#postAll} (one statement per chunk); a journal already booked is skipped by its
 * {@code (source_id, kind)} key, so a rerun or a restart books nothing twice. Joins the caller's transaction.
 */
class SettlementBooking {

	static final String STRIPE_FEE = StripeFees.JOURNAL_KIND;

	static final String SETTLEMENT_CONVERSION = "settlement_conversion";

	static final String PLATFORM_PAYOUT = "platform_payout";

	static final String STRIPE_BALANCE = "stripe_balance";

	private static final String COLUMNS = "txn_id, type, reporting_category, source_id, source_type, payment_intent,"
			+ " amount, fee, currency, source_currency, exchange_rate, created";

	/** One staged balance transaction, as the settlement step reads it (minor units, signed as Stripe). */
	record StagedRow(String txnId, String type, String reportingCategory, String sourceId, String sourceType,
			String paymentIntent, long amount, long fee, String currency, String sourceCurrency,
			BigDecimal exchangeRate, Instant created) {

		String category() {
			return BalanceTransactionTypes.category(this.type, this.reportingCategory, this.sourceType, this.sourceId);
		}

		boolean needsConversion() {
			String category = category();
			return this.sourceCurrency != null && !this.sourceCurrency.equals(this.currency) && this.amount != 0
					&& (category.equals("charge") || category.equals("refund") || category.equals("refund_failure"));
		}

	}

	private final JdbcTemplate jdbc;

	private final Ledger ledger;

	SettlementBooking(JdbcTemplate jdbc, Ledger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
	}

	/**
	 * The next rows of a day, by {@code txn_id}.
	 * @param date the business date staged
	 * @param after the last {@code txn_id} already booked, empty to start
	 * @param size rows at most
	 * @return the rows, in {@code txn_id} order
	 */
	List<StagedRow> dayChunk(LocalDate date, String after, int size) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM reconciliation_stripe_rows"
				+ " WHERE business_date = ? AND txn_id > ? ORDER BY txn_id LIMIT ?", SettlementBooking::row,
				Date.valueOf(date), after, size);
	}

	/**
	 * Earlier days' rows still waiting for their conversion (their original journal was not booked when their day
	 * was settled), oldest first.
	 * @param date the business date being settled: rows of dates before it
	 * @param max rows at most
	 * @return the rows
	 */
	List<StagedRow> conversionBacklog(LocalDate date, int max) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM reconciliation_stripe_rows r"
				+ " WHERE r.business_date < ? AND r.source_currency IS NOT NULL AND r.source_currency <> r.currency"
				+ " AND NOT EXISTS (SELECT 1 FROM journals j WHERE j.source_id = r.txn_id AND j.kind = ?)"
				+ " ORDER BY r.business_date, r.txn_id LIMIT ?", SettlementBooking::row, Date.valueOf(date),
				SETTLEMENT_CONVERSION, max);
	}

	/**
	 * Books what the rows call for (see the class comment).
	 * @param rows staged rows
	 * @return journals newly written
	 */
	int book(List<StagedRow> rows) {
		Map<String, List<JournalLine>> originals = originals(rows);
		List<JournalEntry> entries = new ArrayList<>();
		for (StagedRow row : rows) {
			if (row.fee() != 0) {
				entries.add(fee(row));
			}
			String account = BalanceTransactionTypes.account(row.type(), row.reportingCategory(), row.sourceType(),
					row.sourceId());
			if (account != null && row.amount() != 0) {
				String kind = BalanceTransactionTypes.PAYOUT.equals(row.category()) ? PLATFORM_PAYOUT : STRIPE_BALANCE;
				entries.add(JournalEntry.of(kind, row.txnId(), row.type() + " " + row.txnId() + " of " + row.sourceId(),
						row.created(), cashAgainst(account, row.amount(), row.currency())));
			}
			if (row.needsConversion()) {
				List<JournalLine> original = originals.get(row.txnId());
				if (original != null) {
					JournalEntry conversion = conversion(row, original);
					if (conversion != null) {
						entries.add(conversion);
					}
				}
			}
		}
		return this.ledger.postAll(entries);
	}

	private static JournalEntry fee(StagedRow row) {
		return StripeFees.journal(row.txnId(), row.fee(), row.currency(), row.created(),
				"Stripe fee of " + row.type() + " " + row.txnId());
	}

	/** Money leaving the balance (negative): Dr account / Cr cash; money coming in: Dr cash / Cr account. */
	private static List<JournalLine> cashAgainst(String account, long amount, String currency) {
		long absolute = Math.abs(amount);
		return (amount < 0)
				? List.of(JournalLine.debit(account, absolute, currency),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, absolute, currency))
				: List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, absolute, currency),
						JournalLine.credit(account, absolute, currency));
	}

	/** The original journal reversed in the presentment currency, then rebooked in the row's; null if nothing to. */
	private static JournalEntry conversion(StagedRow row, List<JournalLine> original) {
		List<JournalLine> presented = original.stream()
			.filter((line) -> line.currency().equals(row.sourceCurrency()))
			.toList();
		if (presented.isEmpty()) {
			return null;
		}
		List<JournalLine> lines = new ArrayList<>();
		presented.forEach((line) -> lines.add(line.mirrored()));
		long settled = Math.abs(row.amount());
		for (Side side : Side.values()) {
			List<JournalLine> sided = presented.stream().filter((line) -> line.side() == side).toList();
			if (sided.isEmpty()) {
				continue;
			}
			long[] parts = Splits.allocate(settled,
					sided.stream().mapToLong(JournalLine::amountCents).toArray());
			for (int i = 0; i < parts.length; i++) {
				if (parts[i] > 0) {
					lines.add(new JournalLine(sided.get(i).accountCode(), side, parts[i], row.currency()));
				}
			}
		}
		return new JournalEntry(SETTLEMENT_CONVERSION, row.txnId(),
				row.type() + " " + row.sourceId() + " presented in " + row.sourceCurrency() + ", settled "
						+ settled + " " + row.currency() + " at " + row.exchangeRate(),
				row.created(), lines, null, row.exchangeRate());
	}

	/** The original journals' lines of the rows that need a conversion, by {@code txn_id}; booked ones only. */
	private Map<String, List<JournalLine>> originals(List<StagedRow> rows) {
		List<String> intents = new ArrayList<>();
		List<String> refunds = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		for (StagedRow row : rows) {
			if (row.needsConversion()) {
				switch (row.category()) {
					case "charge" -> intents.add(row.paymentIntent());
					case "refund" -> refunds.add(row.sourceId());
					default -> failures.add(row.sourceId());
				}
			}
		}
		if (intents.isEmpty() && refunds.isEmpty() && failures.isEmpty()) {
			return Map.of();
		}
		Map<String, Long> journalByKey = new HashMap<>();
		this.jdbc.query("""
				SELECT 'charge:' || payment_intent, journal_id FROM orders
				 WHERE payment_intent = ANY (?::text[]) AND journal_id IS NOT NULL
				UNION ALL
				SELECT kind || ':' || source_id, id FROM journals
				 WHERE (kind = 'refund' AND source_id = ANY (?::text[]))
				    OR (kind = 'refund_failure' AND source_id = ANY (?::text[]))
				""", (ResultSet rs) -> {
			journalByKey.putIfAbsent(rs.getString(1), rs.getLong(2));
		}, intents.toArray(String[]::new), refunds.toArray(String[]::new), failures.toArray(String[]::new));
		Map<Long, List<JournalLine>> lines = new HashMap<>();
		if (!journalByKey.isEmpty()) {
			this.jdbc.query("""
					SELECT p.journal_id, a.code, p.side, p.amount, p.currency
					  FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
					 WHERE p.journal_id = ANY (?::bigint[]) ORDER BY p.id""", (ResultSet rs) -> {
				lines.computeIfAbsent(rs.getLong(1), (id) -> new ArrayList<>())
					.add(new JournalLine(rs.getString(2), Side.fromCode(rs.getString(3)), rs.getLong(4),
							rs.getString(5).trim()));
			}, (Object) journalByKey.values().toArray(Long[]::new));
		}
		Map<String, List<JournalLine>> byTxn = new HashMap<>();
		for (StagedRow row : rows) {
			if (row.needsConversion()) {
				String key = switch (row.category()) {
					case "charge" -> "charge:" + row.paymentIntent();
					case "refund" -> "refund:" + row.sourceId();
					default -> "refund_failure:" + row.sourceId();
				};
				Long journal = journalByKey.get(key);
				if (journal != null && lines.containsKey(journal)) {
					byTxn.put(row.txnId(), lines.get(journal));
				}
			}
		}
		return byTxn;
	}

	private static StagedRow row(ResultSet rs, int rowNumber) throws SQLException {
		String sourceCurrency = rs.getString(10);
		return new StagedRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getString(9).trim(),
				(sourceCurrency != null) ? sourceCurrency.trim() : null, rs.getBigDecimal(11),
				rs.getTimestamp(12).toInstant());
	}

}
