package com.treasurybatch.shared.accounts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores connected accounts. Joins the caller's transaction.
 *
 * <p>Invariants: one row per Stripe account; a row only moves forward in Stripe's time: an event created before
 * the one last applied is ignored (Stripe delivers out of order), one created at the same second or later wins.
 */
@Repository
public class ConnectedAccounts {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public ConnectedAccounts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Reads an account and locks its row until the caller's transaction ends, so that what the caller compares
	 * against stays current.
	 * @param accountId {@code acct_...}
	 * @return the account, or empty if never seen
	 */
	public Optional<ConnectedAccount> findForUpdate(String accountId) {
		return this.jdbc.query("SELECT * FROM connected_accounts WHERE account_id = ? FOR UPDATE",
				ConnectedAccounts::account, accountId).stream().findFirst();
	}

	/**
	 * Reads an account.
	 * @param accountId {@code acct_...}
	 * @return the account, or empty if never seen
	 */
	public Optional<ConnectedAccount> find(String accountId) {
		return this.jdbc.query("SELECT * FROM connected_accounts WHERE account_id = ?", ConnectedAccounts::account,
				accountId).stream().findFirst();
	}

	/**
	 * Stores an account's state unless a newer event was applied already.
	 * @param account the state and the event it comes from
	 * @return true if stored, false if the stored state comes from a newer event
	 * @throws IllegalStateException if the upsert touched more than one row
	 */
	public boolean saveIfNewer(ConnectedAccount account) {
		int changed = this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement("""
					INSERT INTO connected_accounts (account_id, charges_enabled, payouts_enabled, details_submitted,
					    requirements_currently_due, disabled_reason, last_event_id, last_event_created, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (account_id) DO UPDATE SET
					    charges_enabled = EXCLUDED.charges_enabled,
					    payouts_enabled = EXCLUDED.payouts_enabled,
					    details_submitted = EXCLUDED.details_submitted,
					    requirements_currently_due = EXCLUDED.requirements_currently_due,
					    disabled_reason = EXCLUDED.disabled_reason,
					    last_event_id = EXCLUDED.last_event_id,
					    last_event_created = EXCLUDED.last_event_created,
					    updated_at = EXCLUDED.updated_at
					WHERE connected_accounts.last_event_created <= EXCLUDED.last_event_created
					""");
			statement.setString(1, account.accountId());
			statement.setBoolean(2, account.chargesEnabled());
			statement.setBoolean(3, account.payoutsEnabled());
			statement.setBoolean(4, account.detailsSubmitted());
			statement.setArray(5, connection.createArrayOf("text", account.requirementsCurrentlyDue().toArray()));
			statement.setString(6, account.disabledReason());
			statement.setString(7, account.lastEventId());
			statement.setTimestamp(8, Timestamp.from(account.lastEventCreated()));
			statement.setTimestamp(9, Timestamp.from(account.updatedAt()));
			return statement;
		});
		if (changed > 1) {
			throw new IllegalStateException("Saving account " + account.accountId() + " changed " + changed + " rows");
		}
		return changed == 1;
	}

	private static ConnectedAccount account(ResultSet rs, int row) throws SQLException {
		Array due = rs.getArray("requirements_currently_due");
		List<String> dueNames = (due != null) ? Arrays.asList((String[]) due.getArray()) : List.of();
		return new ConnectedAccount(rs.getString("account_id"), rs.getBoolean("charges_enabled"),
				rs.getBoolean("payouts_enabled"), rs.getBoolean("details_submitted"), dueNames,
				rs.getString("disabled_reason"), rs.getString("last_event_id"),
				rs.getTimestamp("last_event_created").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
