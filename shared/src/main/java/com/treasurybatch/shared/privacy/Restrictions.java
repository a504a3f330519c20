package com.treasurybatch.shared.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Rows kept for an erased subject under a legal duty ({@code personal_data_restrictions}, GDPR Art. 18): stored, not
 * otherwise processed, until the duty ends. Holds the subject's hash only.
 */
@Repository
public class Restrictions {

	private final JdbcTemplate jdbc;

	/** @param jdbc the application's database */
	public Restrictions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records that a holder kept a request's rows, in the caller's transaction; a second call for the same request
	 * and holder is a no-op.
	 * @param requestId the erasure request
	 * @param subjectHash its subject's hash
	 * @param holding what was kept, with {@code kept > 0}
	 */
	public void restrict(long requestId, String subjectHash, Holding holding) {
		this.jdbc.update("INSERT INTO personal_data_restrictions (request_id, subject_hash, holder, duty, rows_kept,"
				+ " kept_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, holder) DO NOTHING", requestId,
				subjectHash, holding.holder(), holding.duty().name(), holding.kept(),
				Timestamp.from(holding.keptUntil()));
	}

	/**
	 * Records a chunk's restrictions in one batch, in the caller's transaction; see {@link #restrict}.
	 * @param restrictions request id, subject hash and what was kept, each with {@code kept > 0}
	 */
	public void restrictAll(List<ErasureLog.Entry> restrictions) {
		List<Object[]> batch = new java.util.ArrayList<>();
		for (ErasureLog.Entry entry : restrictions) {
			for (Holding holding : entry.holdings()) {
				if (holding.kept() > 0) {
					batch.add(new Object[] { entry.requestId(), entry.subjectHash(), holding.holder(),
							holding.duty().name(), holding.kept(), Timestamp.from(holding.keptUntil()) });
				}
			}
		}
		if (!batch.isEmpty()) {
			this.jdbc.batchUpdate("INSERT INTO personal_data_restrictions (request_id, subject_hash, holder, duty,"
					+ " rows_kept, kept_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, holder) DO NOTHING",
					batch);
		}
	}

	/**
	 * Lifts the restrictions whose duty has ended: from then on the holder's own retention policy erases the rows.
	 * @param now UTC
	 * @param rowsMax at most this many restrictions
	 * @return how many were lifted
	 */
	public int liftEnded(Instant now, int rowsMax) {
		return this.jdbc.update("UPDATE personal_data_restrictions SET lifted_at = ? WHERE id IN (SELECT id FROM"
				+ " personal_data_restrictions WHERE lifted_at IS NULL AND kept_until <= ? ORDER BY kept_until LIMIT ?)",
				Timestamp.from(now), Timestamp.from(now), rowsMax);
	}

	/**
	 * Marks a payee's records restricted (GDPR Art. 18) in the caller's transaction: readers that render a person
	 * show the opaque account id instead of their name from then on. A second call for the same account is a no-op.
	 * @param requestId the erasure request
	 * @param accountId the payee's connected account, {@code acct_...}
	 * @param now UTC
	 */
	public void restrictAccount(long requestId, String accountId, Instant now) {
		this.jdbc.update("INSERT INTO restricted_accounts (account_id, request_id, restricted_at) VALUES (?, ?, ?)"
				+ " ON CONFLICT (account_id) DO NOTHING", accountId, requestId, Timestamp.from(now));
	}

	/**
	 * The one question a writer rendering a payee asks before printing their name or address.
	 * @param accountId the payee's connected account, {@code acct_...}
	 * @return true when an erasure restricted the payee's records: render the account id only
	 */
	public boolean accountRestricted(String accountId) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM restricted_accounts WHERE account_id = ?)", Boolean.class, accountId));
	}

}
