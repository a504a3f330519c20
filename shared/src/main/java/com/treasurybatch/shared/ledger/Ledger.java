package com.treasurybatch.shared.ledger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The double-entry ledger: posts journals, reverses them, reports balances. Joins the caller's transaction.
 *
 * <p>Invariants (each checked here before the write, and by PostgreSQL at the write, see
 * {@code schema/V4__ledger.sql}):
 * <ul>
 * <li>every journal has at least two postings and balances in every currency ({@link JournalEntry} on
 * construction; a deferred constraint trigger at commit);</li>
 * <li>a journal is written at most once per {@code (sourceId, kind)}: posting the same source again is a no-op
 * ({@code ON CONFLICT DO NOTHING} on a unique key);</li>
 * <li>postings and journals are never updated or deleted: corrections are reversal journals
 * ({@link #reverse}); a journal is reversed at most once;</li>
 * <li>amounts are positive {@code long} minor units; balances are sums of them, never floating point;</li>
 * <li>each account has one type for ever: an account code found with another type than
 * {@link LedgerAccounts#typeOf} says is a bug and throws.</li>
 * </ul>
 */
@Repository
public class Ledger {

	/** The kind of every reversal journal; its source id is {@code journal:<reversed id>}. */
	public static final String REVERSAL_KIND = "reversal";

	private static final String POST_SQL = """
			WITH journal AS (
			    INSERT INTO journals (kind, source_id, description, effective_at, reverses_journal_id, exchange_rate)
			    VALUES (?, ?, ?, ?, ?, ?)
			    ON CONFLICT (source_id, kind) DO NOTHING
			    RETURNING id
			), posted AS (
			    INSERT INTO postings (journal_id, account_id, side, amount, currency)
			    SELECT journal.id, line.account_id, line.side, line.amount, line.currency
			    FROM journal CROSS JOIN unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[])
			        AS line (account_id, side, amount, currency)
			    RETURNING 1
			)
			SELECT journal.id, (SELECT count(*) FROM posted) AS postings FROM journal
			""";

	private static final String POST_ALL_SQL = """
			WITH entry AS (
			    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::bigint[], ?::numeric[])
			        WITH ORDINALITY AS e (kind, source_id, description, effective_at, reverses_journal_id, exchange_rate, n)
			), journal AS (
			    INSERT INTO journals (kind, source_id, description, effective_at, reverses_journal_id, exchange_rate)
			    SELECT kind, source_id, description, effective_at, reverses_journal_id, exchange_rate FROM entry ORDER BY n
			    ON CONFLICT (source_id, kind) DO NOTHING
			    RETURNING id, kind, source_id
			), posted AS (
			    INSERT INTO postings (journal_id, account_id, side, amount, currency)
			    SELECT journal.id, line.account_id, line.side, line.amount, line.currency
			    FROM unnest(?::int[], ?::bigint[], ?::text[], ?::bigint[], ?::text[])
			        WITH ORDINALITY AS line (entry_n, account_id, side, amount, currency, n)
			    JOIN entry ON entry.n = line.entry_n
			    JOIN journal ON journal.kind = entry.kind AND journal.source_id = entry.source_id
			    ORDER BY line.n
			    RETURNING journal_id
			)
			SELECT entry.n, journal.id, (SELECT count(*) FROM posted) AS postings
			FROM journal JOIN entry ON entry.kind = journal.kind AND entry.source_id = journal.source_id
			""";

	private static final String BALANCES_SQL = """
			SELECT p.currency,
			       coalesce(sum(p.amount) FILTER (WHERE p.side = 'D'), 0)::bigint AS debits,
			       coalesce(sum(p.amount) FILTER (WHERE p.side = 'C'), 0)::bigint AS credits
			FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
			WHERE a.code = ?
			GROUP BY p.currency ORDER BY p.currency
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	/** Account ids by code; only committed accounts, which are never deleted, so never stale. */
	private final ConcurrentMap<String, Long> accountIds = new ConcurrentHashMap<>();

	/**
	 * @param jdbc database access, joining the caller's transaction
	 * @param transactionManager used to create accounts in a transaction of their own (see {@link #accountId})
	 */
	public Ledger(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Posts a journal unless one with the same {@code (sourceId, kind)} exists. Creates the accounts it names on
	 * first use. Joins the caller's transaction: the journal commits (and is checked by the database) with it.
	 * @param entry a balanced journal
	 * @return the new journal's id; empty if the source was already posted (nothing written)
	 * @throws IllegalStateException if the database wrote another number of postings than the entry has
	 * @throws org.springframework.dao.DataAccessException if the database refuses or fails
	 */
	public OptionalLong post(JournalEntry entry) {
		int size = entry.lines().size();
		long[] accounts = new long[size];
		String[] sides = new String[size];
		long[] amounts = new long[size];
		String[] currencies = new String[size];
		for (int i = 0; i < size; i++) {
			JournalLine line = entry.lines().get(i);
			accounts[i] = accountId(line.accountCode());
			sides[i] = line.side().code();
			amounts[i] = line.amountCents();
			currencies[i] = line.currency();
		}
		long[] result = this.jdbc.query((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement(POST_SQL);
			statement.setString(1, entry.kind());
			statement.setString(2, entry.sourceId());
			statement.setString(3, entry.description());
			statement.setTimestamp(4, Timestamp.from(entry.effectiveAt()));
			if (entry.reversesJournalId() == null) {
				statement.setNull(5, Types.BIGINT);
			}
			else {
				statement.setLong(5, entry.reversesJournalId());
			}
			statement.setBigDecimal(6, entry.exchangeRate());
			statement.setArray(7, longArray(connection, accounts));
			statement.setArray(8, connection.createArrayOf("text", sides));
			statement.setArray(9, longArray(connection, amounts));
			statement.setArray(10, connection.createArrayOf("text", currencies));
			return statement;
		}, (resultSet) -> resultSet.next() ? new long[] { resultSet.getLong(1), resultSet.getLong(2) } : null);
		if (result == null) {
			return OptionalLong.empty();
		}
		if (result[1] != size) {
			throw new IllegalStateException("Journal " + entry.kind() + " " + entry.sourceId() + " got " + result[1]
					+ " postings written for " + size + " lines");
		}
		return OptionalLong.of(result[0]);
	}

	/**
	 * Posts many journals in one statement (one round trip: journals and postings as arrays), each unless one with
	 * the same {@code (sourceId, kind)} exists, as {@link #post} one by one would. Creates the accounts they name on
	 * first use. Joins the caller's transaction; the database checks every journal's balance at commit.
	 * @param entries balanced journals; two with the same {@code (sourceId, kind)} in one call are refused
	 * @return how many journals were written (the others existed already)
	 * @throws IllegalArgumentException if two entries share a {@code (sourceId, kind)}
	 * @throws IllegalStateException if the database wrote another number of postings than the new journals have
	 * @throws org.springframework.dao.DataAccessException if the database refuses or fails
	 */
	public int postAll(List<JournalEntry> entries) {
		return (int) postEach(entries).stream().filter(OptionalLong::isPresent).count();
	}

	/**
	 * Posts many journals in one statement, as {@link #postAll}, and tells which were written.
	 * @param entries balanced journals; two with the same {@code (sourceId, kind)} in one call are refused
	 * @return one element per entry, in their order: the new journal's id, or empty if its source was already
	 * posted (nothing written for it)
	 * @throws IllegalArgumentException if two entries share a {@code (sourceId, kind)}
	 * @throws IllegalStateException if the database wrote another number of postings than the new journals have
	 * @throws org.springframework.dao.DataAccessException if the database refuses or fails
	 */
	public List<OptionalLong> postEach(List<JournalEntry> entries) {
		if (entries.isEmpty()) {
			return List.of();
		}
		java.util.Set<String> keys = new java.util.HashSet<>();
		int lineCount = 0;
		for (JournalEntry entry : entries) {
			if (!keys.add(entry.kind() + "\u0000" + entry.sourceId())) {
				throw new IllegalArgumentException("Journal " + entry.kind() + " " + entry.sourceId()
						+ " appears twice in one batch");
			}
			lineCount += entry.lines().size();
		}
		Map<String, Long> lineAccounts = accountIds(
				entries.stream().flatMap((entry) -> entry.lines().stream()).map(JournalLine::accountCode).toList());
		int size = entries.size();
		String[] kinds = new String[size];
		String[] sources = new String[size];
		String[] descriptions = new String[size];
		Timestamp[] effective = new Timestamp[size];
		Long[] reverses = new Long[size];
		java.math.BigDecimal[] rates = new java.math.BigDecimal[size];
		Integer[] lineEntries = new Integer[lineCount];
		Long[] accounts = new Long[lineCount];
		String[] sides = new String[lineCount];
		Long[] amounts = new Long[lineCount];
		String[] currencies = new String[lineCount];
		int l = 0;
		for (int i = 0; i < size; i++) {
			JournalEntry entry = entries.get(i);
			kinds[i] = entry.kind();
			sources[i] = entry.sourceId();
			descriptions[i] = entry.description();
			effective[i] = Timestamp.from(entry.effectiveAt());
			reverses[i] = entry.reversesJournalId();
			rates[i] = entry.exchangeRate();
			for (JournalLine line : entry.lines()) {
				lineEntries[l] = i + 1;
				accounts[l] = lineAccounts.get(line.accountCode());
				sides[l] = line.side().code();
				amounts[l] = line.amountCents();
				currencies[l] = line.currency();
				l++;
			}
		}
		OptionalLong[] written = new OptionalLong[size];
		Arrays.fill(written, OptionalLong.empty());
		long[] postings = { -1 };
		this.jdbc.query((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement(POST_ALL_SQL);
			statement.setArray(1, connection.createArrayOf("text", kinds));
			statement.setArray(2, connection.createArrayOf("text", sources));
			statement.setArray(3, connection.createArrayOf("text", descriptions));
			statement.setArray(4, connection.createArrayOf("timestamptz", effective));
			statement.setArray(5, connection.createArrayOf("bigint", reverses));
			statement.setArray(6, connection.createArrayOf("numeric", rates));
			statement.setArray(7, connection.createArrayOf("int4", lineEntries));
			statement.setArray(8, connection.createArrayOf("bigint", accounts));
			statement.setArray(9, connection.createArrayOf("text", sides));
			statement.setArray(10, connection.createArrayOf("bigint", amounts));
			statement.setArray(11, connection.createArrayOf("text", currencies));
			return statement;
		}, (ResultSet resultSet) -> {
			written[(int) resultSet.getLong(1) - 1] = OptionalLong.of(resultSet.getLong(2));
			postings[0] = resultSet.getLong(3);
		});
		long expected = 0;
		for (int i = 0; i < size; i++) {
			if (written[i].isPresent()) {
				expected += entries.get(i).lines().size();
			}
		}
		if (expected > 0 && postings[0] != expected) {
			throw new IllegalStateException("A batch of " + size + " journals got " + postings[0]
					+ " postings written for " + expected + " lines of its new journals");
		}
		return List.of(written);
	}

	/**
	 * Finds the journals posted for many sources of one kind, in one query.
	 * @param sourceIds what caused them, e.g. {@code pi_...}
	 * @param kind e.g. {@code sale}
	 * @return journal id by source id; a source with no journal is absent
	 */
	public Map<String, Long> journalIds(Collection<String> sourceIds, String kind) {
		Map<String, Long> ids = new HashMap<>();
		if (sourceIds.isEmpty()) {
			return ids;
		}
		this.jdbc.query((Connection connection) -> {
			PreparedStatement statement = connection
				.prepareStatement("SELECT source_id, id FROM journals WHERE kind = ? AND source_id = ANY (?)");
			statement.setString(1, kind);
			statement.setArray(2, connection.createArrayOf("text", sourceIds.toArray()));
			return statement;
		}, (ResultSet resultSet) -> {
			ids.put(resultSet.getString(1), resultSet.getLong(2));
		});
		return ids;
	}

	/**
	 * Posts the mirror of a journal (every debit becomes a credit and the other way round), referencing it. A
	 * journal is reversed at most once: a second call is a no-op.
	 * @param journalId the journal to cancel
	 * @param description why, for people; no personal data
	 * @param effectiveAt when the correction takes effect (UTC)
	 * @return the reversal journal's id; empty if the journal was already reversed
	 * @throws IllegalArgumentException if there is no such journal
	 */
	public OptionalLong reverse(long journalId, String description, Instant effectiveAt) {
		List<JournalLine> lines = lines(journalId);
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("Cannot reverse journal " + journalId + ": it does not exist");
		}
		List<JournalLine> mirrored = lines.stream().map(JournalLine::mirrored).toList();
		return post(new JournalEntry(REVERSAL_KIND, "journal:" + journalId, description, effectiveAt, mirrored,
				journalId));
	}

	/**
	 * Finds the journal posted for a source.
	 * @param sourceId what caused it, e.g. {@code cs_...}
	 * @param kind e.g. {@code sale}
	 * @return its id, or empty if none was posted
	 */
	public OptionalLong journalId(String sourceId, String kind) {
		List<Long> ids = this.jdbc.queryForList("SELECT id FROM journals WHERE source_id = ? AND kind = ?", Long.class,
				sourceId, kind);
		return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(0));
	}

	/**
	 * The postings of one journal, in the order they were written.
	 * @param journalId journal id
	 * @return its lines; empty if there is no such journal
	 */
	public List<JournalLine> lines(long journalId) {
		return this.jdbc.query("""
				SELECT a.code, p.side, p.amount, p.currency
				FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
				WHERE p.journal_id = ? ORDER BY p.id
				""", (rs, row) -> new JournalLine(rs.getString(1), Side.fromCode(rs.getString(2)), rs.getLong(3),
				rs.getString(4)), journalId);
	}

	/**
	 * One account's totals in one currency.
	 * @param accountCode e.g. {@code payable:acct_1IuHosQveW0ONQsd}
	 * @param currency lowercase ISO code
	 * @return its totals; zero if nothing was ever posted to it
	 * @throws IllegalArgumentException for a code outside the chart of accounts
	 */
	public AccountBalance balance(String accountCode, String currency) {
		AccountType type = LedgerAccounts.typeOf(accountCode);
		return balances(accountCode).stream()
			.filter((balance) -> balance.currency().equals(currency))
			.findFirst()
			.orElse(new AccountBalance(accountCode, type, currency, 0, 0));
	}

	/**
	 * One account's totals, one line per currency it was ever posted in, by currency.
	 * @param accountCode e.g. {@code platform:cash}
	 * @return its balances; empty if nothing was ever posted to it
	 * @throws IllegalArgumentException for a code outside the chart of accounts
	 */
	public List<AccountBalance> balances(String accountCode) {
		AccountType type = LedgerAccounts.typeOf(accountCode);
		return this.jdbc.query(BALANCES_SQL,
				(rs, row) -> new AccountBalance(accountCode, type, rs.getString(1), rs.getLong(2), rs.getLong(3)),
				accountCode);
	}

	/**
	 * What the platform owes each payee: the balances of the {@code payable:acct_...} accounts, one line per
	 * account and currency, largest owed first (then by account code).
	 * @param limit most lines, at least 1
	 * @return up to {@code limit} balances (liabilities: credits minus debits is what is owed)
	 */
	public List<AccountBalance> payableBalances(int limit) {
		return this.jdbc.query("""
				SELECT a.code, p.currency,
				       coalesce(sum(p.amount) FILTER (WHERE p.side = 'D'), 0)::bigint AS debits,
				       coalesce(sum(p.amount) FILTER (WHERE p.side = 'C'), 0)::bigint AS credits
				FROM ledger_accounts a JOIN postings p ON p.account_id = a.id
				WHERE a.code LIKE 'payable:%'
				GROUP BY a.code, p.currency
				ORDER BY coalesce(sum(p.amount) FILTER (WHERE p.side = 'C'), 0)
				       - coalesce(sum(p.amount) FILTER (WHERE p.side = 'D'), 0) DESC, a.code, p.currency
				LIMIT ?""", (rs, row) -> new AccountBalance(rs.getString(1), AccountType.LIABILITY, rs.getString(2),
				rs.getLong(3), rs.getLong(4)), Math.max(1, limit));
	}

	/**
	 * The sums of all debits and all credits ever posted, one line per currency, by currency. Every line of a
	 * sound ledger is {@link TrialBalanceLine#balanced() balanced}. Reads every posting: for reports, not for
	 * hot paths.
	 * @return one line per currency
	 */
	public List<TrialBalanceLine> trialBalance() {
		return this.jdbc.query("""
				SELECT currency,
				       coalesce(sum(amount) FILTER (WHERE side = 'D'), 0)::bigint AS debits,
				       coalesce(sum(amount) FILTER (WHERE side = 'C'), 0)::bigint AS credits
				FROM postings GROUP BY currency ORDER BY currency
				""", (rs, row) -> new TrialBalanceLine(rs.getString(1), rs.getLong(2), rs.getLong(3)));
	}

	/**
	 * The id of an account, created on first use. Creation commits in a transaction of its own, so that an
	 * account row never disappears with the caller's rollback (or a savepoint's) while its id is cached; an
	 * account that ends up with no postings is harmless.
	 * @param accountCode a code of the chart of accounts
	 * @return the account id
	 * @throws IllegalArgumentException for a code outside the chart of accounts
	 * @throws IllegalStateException if the account exists with another type
	 */
	public long accountId(String accountCode) {
		Long known = this.accountIds.get(accountCode);
		if (known != null) {
			return known;
		}
		AccountType type = LedgerAccounts.typeOf(accountCode);
		Long id = this.ownTransaction.execute((status) -> {
			this.jdbc.update("INSERT INTO ledger_accounts (code, type) VALUES (?, ?) ON CONFLICT (code) DO NOTHING",
					accountCode, type.name());
			return this.jdbc.queryForObject("SELECT id, type FROM ledger_accounts WHERE code = ?", (rs, row) -> {
				if (!type.name().equals(rs.getString(2))) {
					throw new IllegalStateException("Account " + accountCode + " exists as " + rs.getString(2)
							+ " but the chart of accounts says " + type);
				}
				return rs.getLong(1);
			}, accountCode);
		});
		if (id == null) {
			throw new IllegalStateException("Account " + accountCode + " was not found after its creation");
		}
		this.accountIds.put(accountCode, id);
		return id;
	}

	/**
	 * The ids of many accounts, those not known yet created together: in one transaction of their own (as
	 * {@link #accountId}), with one INSERT and one SELECT for all of them instead of three round trips per new
	 * account. New codes are inserted in code order, so that two callers creating overlapping sets never deadlock.
	 * @param accountCodes codes of the chart of accounts, repeats allowed
	 * @return account id by code, one entry per distinct code
	 * @throws IllegalArgumentException for a code outside the chart of accounts
	 * @throws IllegalStateException if an account exists with another type
	 */
	public Map<String, Long> accountIds(Collection<String> accountCodes) {
		Map<String, Long> ids = new HashMap<>();
		SortedMap<String, AccountType> missing = new TreeMap<>();
		for (String code : accountCodes) {
			Long known = this.accountIds.get(code);
			if (known != null) {
				ids.put(code, known);
			}
			else if (!missing.containsKey(code)) {
				missing.put(code, LedgerAccounts.typeOf(code));
			}
		}
		if (missing.isEmpty()) {
			return ids;
		}
		String[] codes = missing.keySet().toArray(new String[0]);
		String[] types = missing.values().stream().map(AccountType::name).toArray(String[]::new);
		Map<String, Long> created = this.ownTransaction.execute((status) -> {
			this.jdbc.update((Connection connection) -> {
				PreparedStatement statement = connection.prepareStatement("""
						INSERT INTO ledger_accounts (code, type)
						SELECT code, type FROM unnest(?::text[], ?::text[]) AS a (code, type) ORDER BY code
						ON CONFLICT (code) DO NOTHING
						""");
				statement.setArray(1, connection.createArrayOf("text", codes));
				statement.setArray(2, connection.createArrayOf("text", types));
				return statement;
			});
			Map<String, Long> found = new HashMap<>();
			this.jdbc.query((Connection connection) -> {
				PreparedStatement statement = connection
					.prepareStatement("SELECT code, id, type FROM ledger_accounts WHERE code = ANY (?)");
				statement.setArray(1, connection.createArrayOf("text", codes));
				return statement;
			}, (ResultSet resultSet) -> {
				String code = resultSet.getString(1);
				AccountType type = missing.get(code);
				if (!type.name().equals(resultSet.getString(3))) {
					throw new IllegalStateException("Account " + code + " exists as " + resultSet.getString(3)
							+ " but the chart of accounts says " + type);
				}
				found.put(code, resultSet.getLong(2));
			});
			return found;
		});
		for (String code : codes) {
			Long id = (created != null) ? created.get(code) : null;
			if (id == null) {
				throw new IllegalStateException("Account " + code + " was not found after its creation");
			}
			this.accountIds.put(code, id);
			ids.put(code, id);
		}
		return ids;
	}

	private static Array longArray(Connection connection, long[] values) throws SQLException {
		Long[] boxed = new Long[values.length];
		for (int i = 0; i < values.length; i++) {
			boxed[i] = values[i];
		}
		return connection.createArrayOf("bigint", boxed);
	}

}
