package com.treasurybatch.shared.privacy;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention policies per record type, under {@code treasury.retention} (environment
 * {@code TREASURY_RETENTION_INBOX_PAYLOADS=90d}, ...; periods as {@code 90d}, {@code 24m}, {@code 7y}). The
 * {@code gdpr-purge} job applies those whose table exists, nightly, in batches; the others are declared for the
 * tables other modules add (their holders apply them).
 *
 * @param inboxPayloads a processed or ignored Stripe event's personal paths are redacted this long after it was
 * received
 * @param analyticsEventsHot raw analytics events stay queryable this long
 * @param analyticsEventsArchived then stay this long in compressed archive files, then are deleted
 * @param emails sent emails (outbox bodies) are deleted this long after sending
 * @param auditLog the audit trail and the Spring Batch history archives are kept this long
 * ({@link LegalDuty#AUDIT_TRAIL_7_YEARS})
 * @param ledger journals and postings ({@link LegalDuty#BOOKKEEPING_10_YEARS})
 * @param invoices invoices ({@link LegalDuty#BOOKKEEPING_10_YEARS})
 * @param sweepBatchRows rows changed and committed together by a sweep, 1 to 100000
 * @param sweepBatchesPerRunMax bound on the batches one run commits per policy; the rest waits for the next night
 */
@ConfigurationProperties("treasury.retention")
public record RetentionProperties(@DefaultValue("90d") Period inboxPayloads, @DefaultValue("24m") Period analyticsEventsHot,
		@DefaultValue("12m") Period analyticsEventsArchived, @DefaultValue("2y") Period emails,
		@DefaultValue("7y") Period auditLog, @DefaultValue("10y") Period ledger, @DefaultValue("10y") Period invoices,
		@DefaultValue("1000") int sweepBatchRows, @DefaultValue("10000") int sweepBatchesPerRunMax) {

	/**
	 * Checks ranges: legal minimums cannot be configured away.
	 * @throws IllegalArgumentException for a negative period, a ledger, invoice or audit period shorter than its
	 * legal duty, or a batch size out of range
	 */
	public RetentionProperties {
		for (Period period : new Period[] { inboxPayloads, analyticsEventsHot, analyticsEventsArchived, emails }) {
			if (period.isNegative() || period.isZero()) {
				throw new IllegalArgumentException("treasury.retention periods must be positive: " + period);
			}
		}
		requireAtLeast(auditLog, LegalDuty.AUDIT_TRAIL_7_YEARS, "audit-log");
		requireAtLeast(ledger, LegalDuty.BOOKKEEPING_10_YEARS, "ledger");
		requireAtLeast(invoices, LegalDuty.BOOKKEEPING_10_YEARS, "invoices");
		if (sweepBatchRows < 1 || sweepBatchRows > 100_000) {
			throw new IllegalArgumentException("treasury.retention.sweep-batch-rows must be 1..100000");
		}
		if (sweepBatchesPerRunMax < 1) {
			throw new IllegalArgumentException("treasury.retention.sweep-batches-per-run-max must be at least 1");
		}
	}

	private static void requireAtLeast(Period period, LegalDuty duty, String name) {
		if (period.toTotalMonths() + period.getDays() / 31 < duty.period().toTotalMonths()) {
			throw new IllegalArgumentException(
					"treasury.retention." + name + " cannot be shorter than its legal duty: " + duty.source());
		}
	}

}
