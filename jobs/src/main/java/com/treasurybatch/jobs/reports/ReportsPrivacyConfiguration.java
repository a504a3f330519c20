package com.treasurybatch.jobs.reports;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.privacy.DataSubject;
import com.treasurybatch.shared.privacy.DutyBoundRecords;
import com.treasurybatch.shared.privacy.LegalDuty;
import com.treasurybatch.shared.privacy.PersonalDataHolder;
import com.treasurybatch.shared.reports.PayeeTaxProfilesHolder;

/**
 * The {@link PersonalDataHolder}s over this module's records a law makes us keep, by the payee's connected account:
 * VAT invoices and the report files on disk that name a payee (statements, invoices, 1099 copies). Kept, restricted,
 * until their duty ends; the name they print is the tax profile's ({@link PayeeTaxProfilesHolder}).
 */
@Configuration(proxyBeanMethods = false)
class ReportsPrivacyConfiguration {

	/** VAT invoices to a payee (Council Directive 2006/112/EC Art. 226, kept per Art. 244): books, 10 years. */
	@Bean
	PersonalDataHolder vatInvoicesHolder(JdbcTemplate jdbc) {
		return new DutyBoundRecords("vat_invoices", LegalDuty.BOOKKEEPING_10_YEARS, DataSubject::accountIds, """
				SELECT payee_account AS subject_key, count(*) AS rows, max(issue_date)::timestamptz AS latest
				FROM vat_invoices WHERE payee_account = ANY(?::text[])
				GROUP BY payee_account""", jdbc);
	}

	/**
	 * Payee statement and VAT invoice PDFs naming the payee (file names {@code statement-<acct>.pdf},
	 * {@code invoice-<acct>-<currency>.pdf}): records of account, 10 years.
	 */
	@Bean
	PersonalDataHolder reportStatementFilesHolder(JdbcTemplate jdbc) {
		return reportFiles(jdbc, "reports.statements", LegalDuty.BOOKKEEPING_10_YEARS, "'payee-statement', 'vat-invoices'");
	}

	/** 1099-K and 1099-NEC recipient copies naming the payee ({@code <form>-<acct>.pdf}): tax records, 7 years. */
	@Bean
	PersonalDataHolder reportTaxFormFilesHolder(JdbcTemplate jdbc) {
		return reportFiles(jdbc, "reports.tax_forms", LegalDuty.TAX_RECORDS_7_YEARS, "'1099-k', '1099-nec'");
	}

	private static PersonalDataHolder reportFiles(JdbcTemplate jdbc, String name, LegalDuty duty, String types) {
		// account ids are [A-Za-z0-9_] only (DataSubject), safe inside the pattern; '-acct_X.' or '-acct_X-' so that
		// acct_AB does not match acct_ABC's files
		return new DutyBoundRecords(name, duty, DataSubject::accountIds, """
				SELECT k.account_id AS subject_key, count(*) AS rows, max(r.created_at) AS latest
				FROM unnest(?::text[]) AS k(account_id)
				JOIN reports r ON r.type IN (%s) AND r.name ~ ('-' || k.account_id || '[-.]')
				GROUP BY k.account_id""".formatted(types), jdbc);
	}

}
