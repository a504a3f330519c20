package com.treasurybatch.shared.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily balance snapshots ({@code ledger_snapshot_days}, {@code ledger_balance_snapshots}, append-only): per account
 * and currency the sums of the postings of every journal effective before the end of a UTC day, and historical
 * figures read from them.
 *
 * <p>A snapshot records the PostgreSQL snapshot of the transaction that made it ({@code pg_current_snapshot()}), so
 * a journal committed after it with an earlier effective time (a late webhook, a settlement) is not lost: readers
 * add the journals effective before the snapshot's end whose {@code created_xact} it did not see. Figures at an
 * instant are therefore: the latest snapshot whose day ended at or before it, plus the postings of journals
 * effective from that day's end up to the instant, plus those late journals. Late journals are looked for among the
 * journals committed since the latest snapshot of all was made and those each run recorded in
 * {@code ledger_late_journals} when it folded them into its chain. The cost follows the journals since the snapshot
 * and the late ones, not the ledger's age.
 *
 * <p>Making a day (in one REPEATABLE READ transaction) computes each missing day from the previous one plus that
 * day's postings, then compares the last day made with a direct sum of all postings effective before its end; a
 * difference in any account throws {@link SnapshotMismatchException} with both figures and writes nothing. Earlier
 * days of a catch-up are verified through the chain: the last day equals the stored start plus every day's
 * postings only if the stored start was right.
 */
@Repository
public class LedgerSnapshots {

	/** After every journal: {@link #figuresAt} at this instant reads everything posted. */
	public static final Instant LATEST = Instant.parse("9999-12-30T00:00:00Z");

	/** Before any journal: figures without a snapshot start here. */
	private static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");

	private static final String SALE_KINDS = "('sale', 'settlement_conversion')";

	private static final String REFUND_KINDS = "('refund', 'dispute_reserve', 'dispute_loss')";

	/** The columns of {@link #SUMS} from postings {@code p} of journals {@code j}. */
	private static final String POSTING_COLUMNS = columns("p", "j", false, false);

	private static final String SUMS = """
			sum(debits)::bigint AS debits, sum(credits)::bigint AS credits, sum(sale_credits)::bigint AS sale_credits,
			    sum(refund_debits)::bigint AS refund_debits, min(first_sale_at) AS first_sale_at
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate repeatableRead;

	/**
	 * @param jdbc database access
	 * @param transactionManager making a snapshot runs in a REPEATABLE READ transaction of its own
	 */
	public LedgerSnapshots(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.repeatableRead = new TransactionTemplate(transactionManager);
		this.repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.repeatableRead.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The instant a UTC day ends (the next day at 00:00 UTC), exclusive. */
	public static Instant endOf(LocalDate day) {
		return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/**
	 * The latest day made, if any.
	 * @return the day
	 */
	public Optional<LocalDate> lastDay() {
		return Optional.ofNullable(this.jdbc.queryForObject("SELECT max(day) FROM ledger_snapshot_days",
				LocalDate.class));
	}

	/**
	 * Makes and verifies every missing day up to {@code day} (from the day after the last snapshot, or from the day
	 * of the first journal). A day already made is left as it is.
	 * @param day a UTC day that has ended
	 * @param now the current instant (UTC)
	 * @return the number of days made
	 * @throws IllegalArgumentException if the day has not ended yet
	 * @throws SnapshotMismatchException if the last day made differs from the direct sum of the postings
	 */
	public int makeThrough(LocalDate day, Instant now) {
		if (endOf(day).isAfter(now)) {
			throw new IllegalArgumentException("day " + day + " has not ended yet (UTC)");
		}
		Integer made = this.repeatableRead.execute((status) -> make(day));
		return (made != null) ? made : 0;
	}

	private int make(LocalDate day) {
		LocalDate last = lastDay().orElse(null);
		if (last != null && !last.isBefore(day)) {
			return 0;
		}
		LocalDate first;
		if (last != null) {
			first = last.plusDays(1);
		}
		else {
			Timestamp earliest = this.jdbc.queryForObject("SELECT min(effective_at) FROM journals", Timestamp.class);
			first = (earliest != null) ? earliest.toInstant().atZone(ZoneOffset.UTC).toLocalDate() : day;
			if (first.isAfter(day)) {
				first = day;
			}
		}
		Map<String, AccountFigures> running = new TreeMap<>();
		if (last != null) {
			for (AccountFigures figures : query("""
					SELECT s.account_id, a.code, s.currency, s.debits, s.credits, s.sale_credits, s.refund_debits,
					    s.first_sale_at
					FROM ledger_balance_snapshots s JOIN ledger_accounts a ON a.id = s.account_id WHERE s.day = ?
					""", last)) {
				running.put(key(figures), figures);
			}
			// journals effective before the last snapshot's end that it did not see
			add(running, query(movementsSql("""
					j.created_xact >= pg_snapshot_xmin(d.xact_snapshot) AND j.effective_at < ?
					    AND NOT pg_visible_in_snapshot(j.created_xact, d.xact_snapshot)""",
					"JOIN ledger_snapshot_days d ON d.day = ?"), last, ts(endOf(last))));
		}
		int made = 0;
		for (LocalDate d = first; !d.isAfter(day); d = d.plusDays(1)) {
			Instant from = (last == null && d.equals(first)) ? BEGINNING : d.atStartOfDay(ZoneOffset.UTC).toInstant();
			add(running, query(movementsSql("j.effective_at >= ? AND j.effective_at < ?", ""), ts(from),
					ts(endOf(d))));
			write(d, running.values());
			made++;
		}
		if (last != null) {
			// the journals folded in above as late, recorded for the readers of every earlier snapshot
			this.jdbc.update("""
					INSERT INTO ledger_late_journals (journal_id, effective_at, found_by_day)
					SELECT j.id, j.effective_at, ? FROM journals j JOIN ledger_snapshot_days d ON d.day = ?
					WHERE j.created_xact >= pg_snapshot_xmin(d.xact_snapshot) AND j.effective_at < ?
					    AND NOT pg_visible_in_snapshot(j.created_xact, d.xact_snapshot)
					ON CONFLICT (journal_id) DO NOTHING""", first, last, ts(endOf(last)));
		}
		verify(day, running);
		return made;
	}

	private void verify(LocalDate day, Map<String, AccountFigures> snapshot) {
		Map<String, AccountFigures> direct = new TreeMap<>();
		add(direct, query(movementsSql("j.effective_at < ?", ""), ts(endOf(day))));
		List<String> differences = new ArrayList<>();
		for (String key : union(snapshot, direct)) {
			AccountFigures made = snapshot.get(key);
			AccountFigures summed = direct.get(key);
			if (made == null || summed == null || !made.sameSums(summed)) {
				differences.add(key + ": snapshot " + ((made != null) ? made.sums() : "none") + "; postings "
						+ ((summed != null) ? summed.sums() : "none"));
			}
		}
		if (!differences.isEmpty()) {
			throw new SnapshotMismatchException("balance snapshot of " + day + " differs from the postings in "
					+ differences.size() + " account(s): " + String.join("; ", differences));
		}
	}

	private static List<String> union(Map<String, AccountFigures> a, Map<String, AccountFigures> b) {
		Map<String, Boolean> keys = new TreeMap<>();
		a.keySet().forEach((k) -> keys.put(k, true));
		b.keySet().forEach((k) -> keys.put(k, true));
		return new ArrayList<>(keys.keySet());
	}

	private void write(LocalDate day, java.util.Collection<AccountFigures> figures) {
		this.jdbc.update("INSERT INTO ledger_snapshot_days (day, xact_snapshot) VALUES (?, pg_current_snapshot())",
				day);
		List<Object[]> rows = new ArrayList<>();
		for (AccountFigures f : figures) {
			rows.add(new Object[] { day, f.accountId(), f.currency(), f.debits(), f.credits(), f.saleCredits(),
					f.refundDebits(), ts(f.firstSaleAt()) });
		}
		this.jdbc.batchUpdate("""
				INSERT INTO ledger_balance_snapshots
				    (day, account_id, currency, debits, credits, sale_credits, refund_debits, first_sale_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
	}

	/**
	 * Every account's figures at an instant: journals effective at or before it.
	 * @param at the instant (UTC)
	 * @param accountCode one account, or null for all
	 * @return one row per account and currency ever posted, by account code and currency
	 */
	public List<AccountFigures> figuresAt(Instant at, String accountCode) {
		FiguresQuery figures = figuresQuery(at, accountCode);
		String sql = "SELECT f.*, a.code FROM (" + figures.sql()
				+ ") f JOIN ledger_accounts a ON a.id = f.account_id ORDER BY a.code, f.currency";
		return this.jdbc.query(sql, LedgerSnapshots::figures, figures.args().toArray());
	}

	/**
	 * A query of the figures at an instant, to use as a subquery: columns {@code account_id, currency, debits,
	 * credits, sale_credits, refund_debits, first_sale_at}; reads the nearer of two snapshots and the journals it
	 * did not see: the latest whose day ended at or before the instant plus the journals effective after its end up
	 * to the instant, or, when the instant is in the later part of a day already made, that day's snapshot less the
	 * journals effective after the instant (so at most half a day of journals is read, not a whole one).
	 * @param at the instant (UTC); {@link #LATEST} for every journal
	 * @param accountCode one account, or null for all
	 * @return the SQL and its arguments, in order
	 */
	public FiguresQuery figuresQuery(Instant at, String accountCode) {
		// the two snapshots around the instant (the latest whose day ended at or before it, and the one of its own
		// day, if made) with the oldest transaction the latest snapshot of all did not see, read once and passed as
		// values: journals committed since then are read from journals, every journal an earlier snapshot missed
		// from ledger_late_journals
		LocalDate atDay = at.atZone(ZoneOffset.UTC).toLocalDate();
		List<Object[]> around = this.jdbc.query("""
				SELECT day, (SELECT pg_snapshot_xmin(xact_snapshot)::text FROM ledger_snapshot_days
				             ORDER BY day DESC LIMIT 1) AS xmin
				FROM ledger_snapshot_days WHERE day <= ? ORDER BY day DESC LIMIT 2""",
				(rs, n) -> new Object[] { rs.getObject("day", LocalDate.class), rs.getString("xmin") }, atDay);
		LocalDate own = (!around.isEmpty() && around.get(0)[0].equals(atDay)) ? atDay : null;
		int previousIndex = (own != null) ? 1 : 0;
		LocalDate previous = (around.size() > previousIndex) ? (LocalDate) around.get(previousIndex)[0] : null;
		String xmin = around.isEmpty() ? null : (String) around.get(0)[1];
		Instant from = (previous != null) ? endOf(previous) : BEGINNING;
		// the nearer snapshot: forward from the previous day's end, or back from the end of the instant's own day
		// (its figures less the journals effective after the instant), whichever reads the shorter stretch
		boolean back = own != null
				&& Duration.between(at, endOf(own)).compareTo(Duration.between(from, at)) < 0;
		LocalDate day = back ? own : previous;
		String account = (accountCode != null) ? " AND p.account_id = (SELECT id FROM ledger_accounts WHERE code = ?)"
				: "";
		List<Object> args = new ArrayList<>();
		StringBuilder parts = new StringBuilder();
		if (day != null) {
			// back: the snapshot's first sale counts only if it took effect by the instant (a later one is not one
			// of the instant's journals, and an earlier one seen by the snapshot is the earliest the instant has)
			parts.append("""
					    SELECT s.account_id, s.currency, s.debits, s.credits, s.sale_credits, s.refund_debits,
					        %s AS first_sale_at
					    FROM ledger_balance_snapshots s WHERE s.day = ?%s
					    UNION ALL
					""".formatted(back ? "CASE WHEN s.first_sale_at <= ? THEN s.first_sale_at END" : "s.first_sale_at",
					account.replace("p.account_id", "s.account_id")));
			if (back) {
				args.add(ts(at));
			}
			args.add(day);
			addIf(args, accountCode);
		}
		if (back) {
			// less the journals effective after the instant up to the day's end, whether the snapshot saw them or
			// not: those it did not see are added back with the late journals below
			parts.append(window(accountCode, account, "effective_at > ? AND effective_at < ?", true, false));
			args.add(ts(at));
			args.add(ts(endOf(own)));
		}
		else {
			parts.append(window(accountCode, account, "effective_at >= ? AND effective_at <= ?", false, false));
			args.add(ts(from));
			args.add(ts(at));
		}
		addIf(args, accountCode);
		if (day != null) {
			// journals effective before the snapshot's end that it did not see (committed later): among those
			// recorded late after its day and those committed since the latest snapshot's xmin (never a scan of
			// everything committed after an old snapshot); the candidates, few, are materialized first and each
			// journal then read by its id. Back from the own day, those effective after the instant were taken off
			// above and are only added back (no first sale).
			Instant end = endOf(day);
			parts.append("""
					    UNION ALL
					    SELECT %s FROM (
					        WITH late AS MATERIALIZED (
					            SELECT journal_id AS id FROM ledger_late_journals WHERE effective_at < ? AND found_by_day > ?
					            UNION
					            SELECT id FROM journals WHERE created_xact >= ?::xid8 AND effective_at < ?)
					        SELECT j.kind, j.effective_at, p.account_id, p.currency, p.side, p.amount
					        FROM late JOIN journals j ON j.id = late.id JOIN postings p ON p.journal_id = j.id
					        WHERE NOT pg_visible_in_snapshot(j.created_xact,
					            (SELECT xact_snapshot FROM ledger_snapshot_days WHERE day = ?))%s
					    ) w
					""".formatted(columns("w", "w", false, back), account));
			if (back) {
				args.add(ts(at));
			}
			args.add(ts(end));
			args.add(day);
			args.add(xmin);
			args.add(ts(end));
			args.add(day);
			addIf(args, accountCode);
		}
		// an account whose every posting took effect after the instant has no row (as without a snapshot)
		String sql = """
				SELECT f.account_id, f.currency, %s
				FROM (
				%s) f
				GROUP BY f.account_id, f.currency
				HAVING sum(f.debits) <> 0 OR sum(f.credits) <> 0
				""".formatted(SUMS, parts);
		return new FiguresQuery(sql, java.util.Collections.unmodifiableList(args));
	}

	/**
	 * The postings of the journals whose effective time matches {@code range} (two {@code ?}), as rows of
	 * {@link #columns}: for one account, its postings of journals from the lowest id in the range on
	 * (postings_account_journal_idx); for every account, the range's journals are mostly one dense range of ids
	 * (journals are numbered about in the order they take effect: from the lowest to the highest within twice
	 * their count of it), whose postings are read as one range of postings_journal_idx and matched to the range by
	 * a hash (a few hundred pages for a day of a busy ledger, where one index probe per journal reads tens of
	 * thousands), and the range's journals numbered past it (a webhook delivered days late, a backfill) are each
	 * looked up by their id. Arguments: the range's two bounds, then the account code if any.
	 */
	private static String window(String accountCode, String account, String range, boolean subtract,
			boolean firstSaleUntilParameter) {
		String columns = columns("w", "w", subtract, firstSaleUntilParameter);
		if (accountCode != null) {
			return """
					    SELECT %s FROM (
					        WITH since AS MATERIALIZED (SELECT id, kind, effective_at FROM journals WHERE %s)
					        SELECT j.kind, j.effective_at, p.account_id, p.currency, p.side, p.amount
					        FROM since j JOIN postings p ON p.journal_id = j.id
					        WHERE true%s AND p.journal_id >= (SELECT min(id) FROM since)
					    ) w
					""".formatted(columns, range, account);
		}
		return """
				    SELECT %s FROM (
				        WITH since AS MATERIALIZED (SELECT id, kind, effective_at FROM journals WHERE %s),
				        dense AS MATERIALIZED (
				            SELECT low, (SELECT max(id) FROM since WHERE id <= low + 2 * n) AS high
				            FROM (SELECT min(id) AS low, count(*) AS n FROM since) c)
				        SELECT j.kind, j.effective_at, p.account_id, p.currency, p.side, p.amount
				        FROM postings p JOIN since j ON j.id = p.journal_id
				        WHERE p.journal_id BETWEEN (SELECT low FROM dense) AND (SELECT high FROM dense)
				        UNION ALL
				        SELECT j.kind, j.effective_at, p.account_id, p.currency, p.side, p.amount
				        FROM since j JOIN postings p ON p.journal_id = j.id
				        WHERE j.id > (SELECT high FROM dense)
				    ) w
				""".formatted(columns, range);
	}

	/**
	 * The columns of {@link #SUMS} from a posting (alias {@code posting}: account_id, currency, side, amount) and its
	 * journal (alias {@code journal}: kind, effective_at): negated to take postings off; the first sale only up to
	 * an instant ({@code ?}) when asked, none when taking off.
	 */
	private static String columns(String posting, String journal, boolean subtract, boolean firstSaleUntilParameter) {
		String sign = subtract ? "-" : "";
		String firstSale = subtract ? "NULL::timestamptz"
				: "CASE WHEN %1$s.side = 'C' AND %2$s.kind IN %3$s%4$s THEN %2$s.effective_at END".formatted(posting,
						journal, SALE_KINDS, firstSaleUntilParameter ? " AND " + journal + ".effective_at <= ?" : "");
		return """
				%1$s.account_id, %1$s.currency,
				    %3$sCASE %1$s.side WHEN 'D' THEN %1$s.amount ELSE 0 END AS debits,
				    %3$sCASE %1$s.side WHEN 'C' THEN %1$s.amount ELSE 0 END AS credits,
				    %3$sCASE WHEN %1$s.side = 'C' AND %2$s.kind IN %4$s THEN %1$s.amount ELSE 0 END AS sale_credits,
				    %3$sCASE WHEN %1$s.side = 'D' AND %2$s.kind IN %5$s THEN %1$s.amount ELSE 0 END AS refund_debits,
				    %6$s AS first_sale_at
				""".formatted(posting, journal, sign, SALE_KINDS, REFUND_KINDS, firstSale);
	}

	private static void addIf(List<Object> args, String value) {
		if (value != null) {
			args.add(value);
		}
	}

	/**
	 * A subquery and its arguments.
	 * @param sql the SQL, with {@code ?} placeholders
	 * @param args the arguments, in order
	 */
	public record FiguresQuery(String sql, List<Object> args) {
	}

	/**
	 * The same figures summed directly from every posting (no snapshot): the reference the snapshots are checked
	 * against, and the baseline of the benchmark. Reads every posting effective up to the instant.
	 * @param at the instant (UTC)
	 * @return as {@link #figuresAt}
	 */
	public List<AccountFigures> figuresSummedAt(Instant at) {
		return this.jdbc.query("""
				SELECT f.account_id, a.code, f.currency, %s FROM (
				    SELECT %s FROM journals j JOIN postings p ON p.journal_id = j.id WHERE j.effective_at <= ?
				) f JOIN ledger_accounts a ON a.id = f.account_id
				GROUP BY f.account_id, a.code, f.currency ORDER BY a.code, f.currency
				""".formatted(SUMS, POSTING_COLUMNS), LedgerSnapshots::figures, ts(at));
	}

	private static String movementsSql(String where, String join) {
		return """
				SELECT f.account_id, a.code, f.currency, %s FROM (
				    SELECT %s FROM journals j %s JOIN postings p ON p.journal_id = j.id WHERE %s
				) f JOIN ledger_accounts a ON a.id = f.account_id
				GROUP BY f.account_id, a.code, f.currency
				""".formatted(SUMS, POSTING_COLUMNS, join, where);
	}

	private List<AccountFigures> query(String sql, Object... args) {
		return this.jdbc.query(sql, LedgerSnapshots::figures, args);
	}

	private static void add(Map<String, AccountFigures> running, List<AccountFigures> movements) {
		for (AccountFigures m : movements) {
			running.merge(key(m), m, (a, b) -> new AccountFigures(a.accountId(), a.accountCode(), a.currency(),
					Math.addExact(a.debits(), b.debits()), Math.addExact(a.credits(), b.credits()),
					Math.addExact(a.saleCredits(), b.saleCredits()), Math.addExact(a.refundDebits(), b.refundDebits()),
					earliest(a.firstSaleAt(), b.firstSaleAt())));
		}
	}

	private static Instant earliest(Instant a, Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isBefore(b)) ? a : b;
	}

	private static String key(AccountFigures figures) {
		return figures.accountCode() + " " + figures.currency();
	}

	private static AccountFigures figures(ResultSet rs, int row) throws SQLException {
		Timestamp first = rs.getTimestamp("first_sale_at");
		return new AccountFigures(rs.getLong("account_id"), rs.getString("code"), rs.getString("currency").trim(),
				rs.getLong("debits"), rs.getLong("credits"), rs.getLong("sale_credits"), rs.getLong("refund_debits"),
				(first != null) ? first.toInstant() : null);
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}


}
