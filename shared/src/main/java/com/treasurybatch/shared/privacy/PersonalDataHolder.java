package com.treasurybatch.shared.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One place that holds personal data, as the {@code gdpr-purge} job sees it. Every Spring bean implementing this is
 * called for every erasure request; the job knows no table itself.
 *
 * <p>
 * To cover a new table (buyers, draft orders, retention tasks, email outbox, analytics events, payee tax profiles,
 * invoices...): add one {@code @Component} implementing this interface next to the table's repository, and a test
 * that stages a subject's rows, runs {@code gdpr-purge} and finds none of them in a dump of the database. Nothing
 * else changes. The contract:
 * <ul>
 * <li>{@link #name()} is the table (or table.column) it covers, unique among holders, {@code [a-z_.]+}: the key of
 * the counts in the erasure log;</li>
 * <li>{@link #assess} counts and changes nothing (the {@code dry-run=true} run);</li>
 * <li>{@link #erase} deletes the subject's rows, or redacts the personal columns of rows that must stay for another
 * reason (a payload, a journal's description), in the caller's transaction: it commits with the erasure log row,
 * or rolls back with it when the chunk fails and the job is restarted. It must be idempotent: a second call for the
 * same subject finds nothing left to erase and reports 0 erased;</li>
 * <li>rows a law makes us keep (ledger, invoices: {@link LegalDuty#BOOKKEEPING_10_YEARS}; tax forms, TINs:
 * {@link LegalDuty#TAX_RECORDS_7_YEARS}; audit trail: {@link LegalDuty#AUDIT_TRAIL_7_YEARS}) are not erased but
 * reported as {@link Holding#kept} with the duty and when it ends for the youngest of them; the job records a
 * restriction, and the holder's own retention sweep erases them once the duty has ended;</li>
 * <li>both methods answer for a whole chunk of requests at once (one statement per chunk, not per subject, as
 * erasures come by the thousand), keyed by {@link ErasureSubject#requestId()}; a request the holder has nothing for
 * may be left out of the map;</li>
 * <li>a holder never writes personal data into its answer: counts and dates only.</li>
 * </ul>
 */
public interface PersonalDataHolder {

	/** @return the table it covers, e.g. {@code webhook_inbox}, unique among holders */
	String name();

	/**
	 * Counts what {@link #erase} would erase and keep; changes nothing.
	 * @param subjects a chunk of requests, at most a few thousand
	 * @return per request id, what would happen
	 */
	Map<Long, Holding> assess(List<ErasureSubject> subjects);

	/**
	 * Erases or redacts the subjects' rows, in the caller's transaction, and reports what it kept and why.
	 * @param subjects a chunk of requests, at most a few thousand
	 * @param now the purge's time, UTC
	 * @return per request id, what was erased and kept
	 * @throws org.springframework.dao.DataAccessException when the database refuses: the chunk rolls back
	 */
	Map<Long, Holding> erase(List<ErasureSubject> subjects, Instant now);

}
