package com.treasurybatch.shared.payouts;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Serialises the decisions that claim a payee's available balance in one currency (a nightly payout, an instant
 * payout), across threads and nodes: a PostgreSQL transaction-scoped advisory lock on (payee, currency), released
 * at commit or rollback.
 *
 * <p>Invariants: whoever holds the lock reads the available balance after every earlier claim committed (open
 * PENDING and HELD payouts are subtracted from it), so two claims can never both count the same cents.
 */
@Component
public class PayeeBalanceLock {

	/** First key of these advisory locks, so that they never collide with other advisory locks. */
	private static final int LOCK_CLASS = 0x70617965;

	private final JdbcTemplate jdbc;

	/** @param jdbc database access, joining the caller's transaction */
	public PayeeBalanceLock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Waits for and takes the lock of one payee's balance in one currency, until the caller's transaction ends.
	 * @param payeeAccount {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @throws IllegalStateException if called outside a transaction (the lock would be released at once)
	 */
	public void lock(String payeeAccount, String currency) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("A payee balance lock needs a transaction to live in");
		}
		this.jdbc.query("SELECT pg_advisory_xact_lock(?, hashtext(?))", (rs) -> {
		}, LOCK_CLASS, payeeAccount + ":" + currency);
	}

}
