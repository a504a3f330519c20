package com.treasurybatch.shared.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class LedgerTests {

	private static final Instant AT = Instant.parse("2026-11-20T18:30:00Z");

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void posting_the_same_source_twice_writes_one_journal() {
		String payee = LedgerAccounts.payable(newAccountId());
		JournalEntry sale = JournalEntry.of("sale", newSessionId(), "sale", AT,
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 2500, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 250, "usd"),
						JournalLine.credit(payee, 2250, "usd")));

		OptionalLong first = this.ledger.post(sale);
		OptionalLong second = this.ledger.post(sale);

		assertThat(first).isPresent();
		assertThat(second).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM journals WHERE source_id = ? AND kind = 'sale'",
				Long.class, sale.sourceId()))
			.isEqualTo(1);
		assertThat(this.ledger.balance(payee, "usd").balanceCents()).isEqualTo(2250);
		assertThat(this.ledger.lines(first.getAsLong())).containsExactlyElementsOf(sale.lines());
	}

	@Test
	void posting_a_batch_writes_each_new_journal_once_with_its_rate_and_skips_those_already_posted() {
		String payee = LedgerAccounts.payable(newAccountId());
		String txn = "txn_" + newSessionId().substring(3);
		JournalEntry fee = JournalEntry.of("stripe_fee", txn, "fee", AT,
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_STRIPE_FEES, 320, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 320, "usd")));
		JournalEntry conversion = new JournalEntry("settlement_conversion", txn, "conversion", AT,
				List.of(JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 1000, "eur"), JournalLine.debit(payee, 1000, "eur"),
						JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 861, "gbp"), JournalLine.credit(payee, 861, "gbp")),
				null, new java.math.BigDecimal("0.861"));
		this.ledger.post(fee);

		int written = this.ledger.postAll(List.of(fee, conversion));
		int again = this.ledger.postAll(List.of(fee, conversion));

		assertThat(written).isEqualTo(1);
		assertThat(again).isZero();
		long id = this.ledger.journalId(txn, "settlement_conversion").orElseThrow();
		assertThat(this.ledger.lines(id)).containsExactlyElementsOf(conversion.lines());
		assertThat(this.jdbc.queryForObject("SELECT exchange_rate FROM journals WHERE id = ?", java.math.BigDecimal.class,
				id)).isEqualByComparingTo("0.861");
		assertThat(this.ledger.lines(this.ledger.journalId(txn, "stripe_fee").orElseThrow()))
			.containsExactlyElementsOf(fee.lines());
		assertThatThrownBy(() -> this.ledger.postAll(List.of(fee, fee))).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void the_database_refuses_a_journal_that_does_not_balance() throws SQLException {
		String source = newSessionId();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long journal = insertJournal(connection, source);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_CASH, "D", 1000);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_FEE_REVENUE, "C", 999);

			assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class).hasMessageContaining("does not balance");
		}
		assertThat(this.ledger.journalId(source, "sale")).isEmpty();
	}

	@Test
	void the_database_refuses_a_journal_with_fewer_than_two_postings() throws SQLException {
		String source = newSessionId();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long journal = insertJournal(connection, source);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_CASH, "D", 1000);

			assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class).hasMessageContaining("at least two");
		}
		assertThat(this.ledger.journalId(source, "sale")).isEmpty();
	}

	@Test
	void the_database_refuses_postings_added_to_a_committed_journal() {
		long journal = postSale(newSessionId(), 1000).getAsLong();

		assertThatThrownBy(() -> insertBalancedPostings(journal))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("committed by an earlier transaction");
	}

	@Test
	void the_database_refuses_postings_naming_a_journal_that_does_not_exist() {
		long missing = postSale(newSessionId(), 1000).getAsLong() + 1_000_000;

		assertThatThrownBy(() -> insertBalancedPostings(missing))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("journal " + missing + " does not exist");
	}

	/** Two balanced postings of 5 cents (cash debit, suspense credit) into a journal, by plain SQL. */
	private void insertBalancedPostings(long journalId) {
		this.jdbc.update("""
				INSERT INTO postings (journal_id, account_id, side, amount, currency)
				VALUES (?, ?, 'D', 5, 'usd'), (?, ?, 'C', 5, 'usd')
				""", journalId, this.ledger.accountId(LedgerAccounts.PLATFORM_CASH), journalId,
				this.ledger.accountId(LedgerAccounts.PLATFORM_SUSPENSE));
	}

	@Test
	void the_database_refuses_update_delete_and_truncate_of_the_ledger_even_to_its_owner() {
		long journal = postSale(newSessionId(), 1000).getAsLong();
		// the application role may not even try (LedgerDatabaseGuardsTests); the append-only triggers stop the owner
		JdbcTemplate owner = TestPostgres.ownerJdbc(this.dataSource);

		assertThatThrownBy(() -> owner.update("UPDATE postings SET amount = amount + 1 WHERE journal_id = ?", journal))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("UPDATE on postings refused");
		assertThatThrownBy(() -> owner.update("DELETE FROM postings WHERE journal_id = ?", journal))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("DELETE on postings refused");
		assertThatThrownBy(() -> owner.update("UPDATE journals SET description = 'edited' WHERE id = ?", journal))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("UPDATE on journals refused");
		assertThatThrownBy(() -> owner.update("DELETE FROM journals WHERE id = ?", journal))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("DELETE on journals refused");
		assertThatThrownBy(() -> owner.execute("TRUNCATE postings"))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("TRUNCATE on postings refused");
		assertThatThrownBy(() -> owner.execute("TRUNCATE journals CASCADE"))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("refused");
		assertThat(this.ledger.lines(journal)).hasSize(2);
	}

	@Test
	void a_reversal_mirrors_the_journal_once_and_nets_to_zero() {
		String payee = LedgerAccounts.payable(newAccountId());
		long sale = this.ledger.post(JournalEntry.of("sale", newSessionId(), "sale", AT,
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 4000, "eur"),
						JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 400, "eur"),
						JournalLine.credit(payee, 3600, "eur"))))
			.getAsLong();

		OptionalLong reversal = this.ledger.reverse(sale, "sale booked twice by hand", AT.plusSeconds(60));
		OptionalLong again = this.ledger.reverse(sale, "sale booked twice by hand", AT.plusSeconds(120));

		assertThat(reversal).isPresent();
		assertThat(again).isEmpty();
		assertThat(this.ledger.lines(reversal.getAsLong())).containsExactly(
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 4000, "eur"),
				JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, 400, "eur"), JournalLine.debit(payee, 3600, "eur"));
		assertThat(this.ledger.balance(payee, "eur").balanceCents()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT reverses_journal_id FROM journals WHERE id = ?", Long.class,
				reversal.getAsLong()))
			.isEqualTo(sale);
	}

	@Test
	void the_trial_balance_balances_in_every_currency() {
		postSale(newSessionId(), 1999);
		this.ledger.post(JournalEntry.of("sale", newSessionId(), "sale", AT,
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 5000, "jpy"),
						JournalLine.credit(LedgerAccounts.PLATFORM_SUSPENSE, 5000, "jpy"))));

		List<TrialBalanceLine> trialBalance = this.ledger.trialBalance();

		assertThat(trialBalance).extracting(TrialBalanceLine::currency).contains("usd", "jpy");
		assertThat(trialBalance).allMatch(TrialBalanceLine::balanced);
		assertThat(trialBalance).allSatisfy((line) -> assertThat(line.debitsCents()).isPositive());
	}

	@Test
	void payee_accounts_are_created_on_first_use_as_liabilities() {
		String payee = LedgerAccounts.payable(newAccountId());

		long id = this.ledger.accountId(payee);

		assertThat(this.ledger.accountId(payee)).isEqualTo(id);
		assertThat(this.jdbc.queryForObject("SELECT type FROM ledger_accounts WHERE id = ?", String.class, id))
			.isEqualTo("LIABILITY");
	}

	private OptionalLong postSale(String source, long cents) {
		return this.ledger.post(JournalEntry.of("sale", source, "sale", AT,
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, cents, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, cents, "usd"))));
	}

	private static long insertJournal(Connection connection, String source) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"INSERT INTO journals (kind, source_id, description, effective_at) VALUES ('sale', ?, 'raw', ?) RETURNING id")) {
			statement.setString(1, source);
			statement.setTimestamp(2, Timestamp.from(AT));
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	private void insertPosting(Connection connection, long journal, String account, String side, long amount)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"INSERT INTO postings (journal_id, account_id, side, amount, currency) VALUES (?, ?, ?, ?, 'usd')")) {
			statement.setLong(1, journal);
			statement.setLong(2, this.ledger.accountId(account));
			statement.setString(3, side);
			statement.setLong(4, amount);
			statement.executeUpdate();
		}
	}

	static String newSessionId() {
		return "cs_test_a1" + randomAlphanumeric(56);
	}

	static String newAccountId() {
		return "acct_1" + randomAlphanumeric(15);
	}

	private static String randomAlphanumeric(int length) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
		}
		return text.toString();
	}

}
