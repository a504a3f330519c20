package com.treasurybatch.shared.privacy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link PersonalDataHolder}s over records a law makes us keep, on the tables of this module: they reference
 * people by connected account id ({@code acct_...}) only, and are kept, restricted, until their duty ends.
 */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {

	/** Postings on a payee's {@code payable:acct_...} account: books of account, 10 years. */
	@Bean
	public PersonalDataHolder ledgerPostingsHolder(JdbcTemplate jdbc) {
		return new DutyBoundRecords("ledger_postings", LegalDuty.BOOKKEEPING_10_YEARS, DataSubject::accountIds, """
				SELECT k.account_id AS subject_key, count(*) AS rows, max(j.effective_at) AS latest
				FROM unnest(?::text[]) AS k(account_id)
				JOIN ledger_accounts a ON a.code = 'payable:' || k.account_id
				JOIN postings p ON p.account_id = a.id
				JOIN journals j ON j.id = p.journal_id
				GROUP BY k.account_id""", jdbc);
	}

	/** Payouts to a payee, and their instant payout requests: records of payments, 10 years. */
	@Bean
	public PersonalDataHolder payoutsHolder(JdbcTemplate jdbc) {
		return new DutyBoundRecords("payouts", LegalDuty.BOOKKEEPING_10_YEARS, DataSubject::accountIds, """
				WITH k AS (SELECT unnest(?::text[]) AS account_id)
				SELECT payee_account AS subject_key, count(*) AS rows, max(at) AS latest
				FROM (SELECT payee_account, created_at AS at FROM payouts WHERE payee_account IN (SELECT account_id FROM k)
				      UNION ALL
				      SELECT payee_account, requested_at FROM instant_payout_requests
				      WHERE payee_account IN (SELECT account_id FROM k)) AS kept
				GROUP BY payee_account""", jdbc);
	}

	/**
	 * Audit rows about a payee's or customer's id (e.g. an instant payout request): the operators' audit trail,
	 * append-only, 7 years. Identifiers are found in the target and the parameters by {@code audit_subject_ids}
	 * (one GIN probe per identifier).
	 */
	@Bean
	public PersonalDataHolder auditLogHolder(JdbcTemplate jdbc) {
		return new DutyBoundRecords("audit_log", LegalDuty.AUDIT_TRAIL_7_YEARS, DutyBoundRecordsKeys::ids, """
				SELECT k.id AS subject_key, count(*) AS rows, max(a.occurred_at) AS latest
				FROM unnest(?::text[]) AS k(id)
				CROSS JOIN LATERAL (SELECT occurred_at FROM audit_log
				                    WHERE audit_subject_ids(target, parameters) @> ARRAY[k.id]) AS a
				GROUP BY k.id""", jdbc);
	}

	private static final class DutyBoundRecordsKeys {

		static java.util.List<String> ids(DataSubject subject) {
			java.util.List<String> ids = new java.util.ArrayList<>(subject.accountIds());
			ids.addAll(subject.customerIds());
			return ids;
		}

	}

}
