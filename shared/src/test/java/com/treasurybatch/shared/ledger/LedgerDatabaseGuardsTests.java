package com.treasurybatch.shared.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

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

/**
 * What the database refuses whatever the client does: an unbalanced journal, however its postings are sent and
 * whatever {@code SET CONSTRAINTS} the client runs; and any change to the ledger and the audit trail, or to any
 * table's definition, by the role the application connects as.
 */
@SpringBootTest(classes = LedgerTestConfiguration.class)
@PostgresTest
class LedgerDatabaseGuardsTests {

	private static final Instant AT = Instant.parse("2026-11-20T18:30:00Z");

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void set_constraints_journals_balance_immediate_does_not_let_a_later_posting_commit_unbalanced() throws SQLException {
		String source = LedgerTests.newSessionId();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long journal = insertJournal(connection, source);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_CASH, "D", 100);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_FEE_REVENUE, "C", 100);
			execute(connection, "SET CONSTRAINTS journals_balance IMMEDIATE"); // balanced so far: passes
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_SUSPENSE, "C", 5000);

			// D 100, C 100 + 5000 = 5100
			assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class)
				.hasMessageContaining("does not balance: usd debits 100 credits 5100");
		}
		assertNothingStored(source);
	}

	@Test
	void set_constraints_all_immediate_refuses_the_unbalanced_posting_and_nothing_commits() throws SQLException {
		String source = LedgerTests.newSessionId();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long journal = insertJournal(connection, source);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_CASH, "D", 100);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_FEE_REVENUE, "C", 100);
			execute(connection, "SET CONSTRAINTS ALL IMMEDIATE");

			// every posting is now checked when its statement ends: D 100 against C 5100
			assertThatThrownBy(() -> insertPosting(connection, journal, LedgerAccounts.PLATFORM_SUSPENSE, "C", 5000))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("does not balance: usd debits 100 credits 5100");
			connection.commit(); // the transaction failed: PostgreSQL rolls it back
		}
		assertNothingStored(source);
	}

	@Test
	void switching_the_checks_back_to_deferred_still_checks_at_commit() throws SQLException {
		String source = LedgerTests.newSessionId();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long journal = insertJournal(connection, source);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_CASH, "D", 100);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_FEE_REVENUE, "C", 100);
			execute(connection, "SET CONSTRAINTS ALL IMMEDIATE");
			execute(connection, "SET CONSTRAINTS ALL DEFERRED");
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_SUSPENSE, "C", 5000);

			assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class)
				.hasMessageContaining("does not balance: usd debits 100 credits 5100");
		}
		assertNothingStored(source);
	}

	@Test
	void postings_sent_in_several_statements_commit_only_when_the_journal_balances() throws SQLException {
		String unbalanced = LedgerTests.newSessionId();
		String balanced = LedgerTests.newSessionId();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long journal = insertJournal(connection, unbalanced);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_CASH, "D", 1000);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_FEE_REVENUE, "C", 600);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_SUSPENSE, "C", 399);

			// D 1000, C 600 + 399 = 999
			assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class)
				.hasMessageContaining("does not balance: usd debits 1000 credits 999");
		}
		assertNothingStored(unbalanced);

		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long journal = insertJournal(connection, balanced);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_CASH, "D", 1000);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_FEE_REVENUE, "C", 600);
			insertPosting(connection, journal, LedgerAccounts.PLATFORM_SUSPENSE, "C", 400);
			connection.commit(); // D 1000 = C 600 + 400
		}
		assertThat(this.ledger.lines(this.ledger.journalId(balanced, "sale").getAsLong())).hasSize(3);
	}

	@Test
	void the_application_role_cannot_update_delete_or_truncate_the_ledger_or_the_audit_trail() {
		long journal = this.ledger.post(JournalEntry.of("sale", LedgerTests.newSessionId(), "sale", AT,
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1000, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 1000, "usd"))))
			.getAsLong();
		assertThat(this.jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(TestPostgres.APPLICATION_ROLE);

		for (String statement : List.of("UPDATE postings SET amount = amount + 1 WHERE journal_id = " + journal,
				"DELETE FROM postings WHERE journal_id = " + journal, "TRUNCATE postings",
				"UPDATE journals SET description = 'edited' WHERE id = " + journal,
				"DELETE FROM journals WHERE id = " + journal, "TRUNCATE journals CASCADE",
				"UPDATE ledger_accounts SET type = 'EQUITY'", "DELETE FROM ledger_accounts", "TRUNCATE ledger_accounts",
				"UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log", "TRUNCATE audit_log")) {
			assertThatThrownBy(() -> this.jdbc.execute(statement)).as(statement)
				.isInstanceOf(DataAccessException.class)
				.rootCause()
				.hasMessageContaining("permission denied");
		}
		assertThat(this.ledger.lines(journal)).hasSize(2);
	}

	@Test
	void the_application_role_owns_no_table_and_cannot_alter_drop_or_truncate_any() {
		List<String> tables = this.jdbc.queryForList(
				"SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", String.class);
		assertThat(tables).contains("journals", "postings", "audit_log", "batch_job_execution");

		assertThat(this.jdbc.queryForList("SELECT tablename FROM pg_tables WHERE tableowner = current_user",
				String.class))
			.isEmpty();
		for (String table : tables) {
			for (String statement : List.of("ALTER TABLE " + table + " ADD COLUMN sneaked_in text",
					"ALTER TABLE " + table + " DISABLE TRIGGER ALL", "DROP TABLE " + table + " CASCADE",
					"TRUNCATE " + table)) {
				assertThatThrownBy(() -> this.jdbc.execute(statement)).as(statement)
					.isInstanceOf(DataAccessException.class)
					.rootCause()
					.hasMessageMatching("(?s).*(must be owner of|permission denied).*");
			}
		}
		// nor switch off every trigger of its session (superusers only)
		assertThatThrownBy(() -> this.jdbc.execute("SET session_replication_role = replica"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied");
		// nor create a table of its own next to them
		assertThatThrownBy(() -> this.jdbc.execute("CREATE TABLE public.sneaked_in (id int)"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied");
	}

	private void assertNothingStored(String source) {
		assertThat(this.ledger.journalId(source, "sale")).isEmpty();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM postings p JOIN journals j ON j.id = p.journal_id WHERE j.source_id = ?",
				Long.class, source))
			.isZero();
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
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

}
