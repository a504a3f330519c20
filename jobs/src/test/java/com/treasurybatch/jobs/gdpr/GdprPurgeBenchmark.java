package com.treasurybatch.jobs.gdpr;

import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.treasurybatch.shared.batch.AsGivenJob;
import com.treasurybatch.jobs.MutableClock;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.TrialBalanceLine;
import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure of {@value #SUBJECTS_DEFAULT} subjects in one gdpr-purge run over {@value #POSTINGS_DEFAULT} postings and
 * {@value #INBOX_DEFAULT} inbox rows, versus the same redactions, restrictions, erasure log rows and request
 * completions done by hand-written set-based SQL in the same run, on the same data restored in between. The job runs
 * first (cold), the baseline second (warm caches): the ratio does not flatter the job.
 *
 * <p>
 * Data ({@code INSERT ... SELECT generate_series}, not measured): every subject is a buyer with an email and a Stripe
 * customer id and a host with a connected account; people appear in about 4 inbox events each (checkout sessions,
 * refunded charges) and hosts in about 5 {@code account.updated} events; postings are sales split between
 * {@code platform:cash} and 20,000 payable accounts.
 *
 * <p>
 * {@code ./mvnw -Pbench -pl jobs -am verify -Dtest=GdprPurgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.subjects=N -Dbench.postings=N -Dbench.inbox=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest
@PostgresTest
class GdprPurgeBenchmark {

	static final int SUBJECTS_DEFAULT = 10_000;

	static final int POSTINGS_DEFAULT = 1_000_000;

	static final int INBOX_DEFAULT = 1_000_000;

	private static final int SUBJECTS = Integer.getInteger("bench.subjects", SUBJECTS_DEFAULT);

	private static final int POSTINGS = Integer.getInteger("bench.postings", POSTINGS_DEFAULT);

	private static final int INBOX = Integer.getInteger("bench.inbox", INBOX_DEFAULT);

	private static final int PAYEES = Math.max(2 * SUBJECTS, 1);

	private static final int PEOPLE = Math.max(INBOX * 9 / 10 / 4, SUBJECTS);

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier(GdprPurgeJobConfiguration.JOB_NAME)
	Job job;

	@Autowired
	JdbcTemplate jdbc;

	/** Seeding, restoring and the hand-written SQL run as the owner: they need DDL, VACUUM and TRUNCATE-like rights. */
	private JdbcTemplate owner;

	@Autowired
	Ledger ledger;

	@Autowired
	MutableClock clock;

	@Test
	void erasure_of_subjects_against_hand_written_sql() throws Exception {
		this.owner = TestPostgres.ownerJdbc(this.jdbc.getDataSource());
		this.clock.set(Instant.parse("2026-12-01T03:15:00Z"));
		long setupStarted = System.nanoTime();
		seed();
		System.out.printf(Locale.ROOT, "setup: %,d subjects, %,d postings, %,d inbox rows in %.1f s%n", SUBJECTS,
				POSTINGS, INBOX, seconds(setupStarted));
		long rowsToRedact = count("bench_inbox");

		long jobStarted = System.nanoTime();
		JobExecution execution = this.jobOperator.start(new AsGivenJob(this.job),
				new JobParametersBuilder().addLong("run.id", System.nanoTime()).toJobParameters());
		double jobSeconds = seconds(jobStarted);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long jobRedacted = redactedCount();
		long jobRestrictions = count("personal_data_restrictions");
		assertThat(jobRedacted).isEqualTo(rowsToRedact);
		assertThat(count("erasure_log")).isEqualTo(SUBJECTS);

		restore();

		long baselineStarted = System.nanoTime();
		// one transaction of one owner session: the temporary table of hits lives until its commit
		this.owner.execute((ConnectionCallback<Void>) (connection) -> {
			connection.setAutoCommit(false);
			baseline(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
			connection.commit();
			return null;
		});
		double baselineSeconds = seconds(baselineStarted);
		assertThat(redactedCount()).isEqualTo(jobRedacted);
		assertThat(count("personal_data_restrictions")).isEqualTo(jobRestrictions);
		assertThat(count("erasure_log")).isEqualTo(SUBJECTS);
		assertThat(this.ledger.trialBalance()).allMatch(TrialBalanceLine::balanced);

		System.out.printf(Locale.ROOT,
				"gdpr-purge: %,d subjects, %,d inbox rows redacted, %,d restrictions (ledger postings kept): %.2f s%n",
				SUBJECTS, jobRedacted, jobRestrictions, jobSeconds);
		System.out.printf(Locale.ROOT, "hand-written SQL, same work: %.2f s%n", baselineSeconds);
		System.out.printf(Locale.ROOT, "ratio job / SQL: %.2f (must be <= 3)%n", jobSeconds / baselineSeconds);
		assertThat(jobSeconds / baselineSeconds).isLessThanOrEqualTo(3.0);
	}

	private void seed() {
		// no ledger triggers while seeding: one session of the owner (only a superuser may set the role)
		this.owner.execute((ConnectionCallback<Void>) (connection) -> {
			JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			session.execute("SET session_replication_role = replica");
			seedLedger(session);
			session.execute("SET session_replication_role = origin");
			return null;
		});
		this.owner.execute("DROP INDEX webhook_inbox_subject_keys_idx");
		// g % 10 = 0: a host's account.updated; otherwise a buyer's checkout session or refunded charge
		this.owner.update("""
				INSERT INTO webhook_inbox (event_id, type, account, created, payload, received_at, status, processed_at)
				SELECT 'evt_bench' || g, t.type, t.account, t.at, t.payload, t.at, 'PROCESSED', t.at
				FROM generate_series(0, ?) g
				CROSS JOIN LATERAL (SELECT g % ? AS person, g % ? AS payee,
				    timestamptz '2026-11-01' + (g % 100000) * interval '10 seconds' AS at) p
				CROSS JOIN LATERAL (SELECT
				    CASE WHEN g % 10 = 0 THEN 'account.updated' WHEN g % 2 = 0 THEN 'checkout.session.completed'
				         ELSE 'charge.refunded' END AS type,
				    CASE WHEN g % 10 = 0 THEN 'acct_bench' || p.payee END AS account,
				    p.at,
				    CASE WHEN g % 10 = 0 THEN jsonb_build_object('id', 'evt_bench' || g, 'type', 'account.updated',
				        'data', jsonb_build_object('object', jsonb_build_object('id', 'acct_bench' || p.payee,
				          'object', 'account', 'email', 'host' || p.payee || '@example.org',
				          'individual', jsonb_build_object('first_name', 'Host' || p.payee, 'last_name', 'Durand'),
				          'charges_enabled', true)))
				    WHEN g % 2 = 0 THEN jsonb_build_object('id', 'evt_bench' || g, 'type', 'checkout.session.completed',
				        'data', jsonb_build_object('object', jsonb_build_object('id', 'cs_test_bench' || g,
				          'object', 'checkout.session', 'amount_total', 2500, 'currency', 'usd',
				          'customer', 'cus_bench' || p.person, 'customer_email', 'buyer' || p.person || '@example.org',
				          'customer_details', jsonb_build_object('email', 'buyer' || p.person || '@example.org',
				            'name', 'Buyer ' || p.person, 'address', jsonb_build_object('line1', p.person || ' rue Neuve',
				            'city', 'Lyon', 'country', 'FR')),
				          'metadata', jsonb_build_object('tb_item_type', 'ticket', 'tb_payee', 'acct_bench' || p.payee))))
				    ELSE jsonb_build_object('id', 'evt_bench' || g, 'type', 'charge.refunded',
				        'data', jsonb_build_object('object', jsonb_build_object('id', 'ch_bench' || g, 'object', 'charge',
				          'amount', 2500, 'amount_refunded', 2500, 'currency', 'usd',
				          'receipt_email', 'buyer' || p.person || '@example.org',
				          'billing_details', jsonb_build_object('email', 'buyer' || p.person || '@example.org',
				            'name', 'Buyer ' || p.person, 'address', jsonb_build_object('line1', p.person || ' rue Neuve')))))
				    END AS payload) t""", INBOX - 1, PEOPLE, PAYEES);
		this.owner.execute("CREATE INDEX webhook_inbox_subject_keys_idx ON webhook_inbox"
				+ " USING gin (subject_keys) WITH (fastupdate = off)"); // as in V39
		this.owner.update("""
				INSERT INTO erasure_requests (subject_hash, emails, customer_ids, account_ids, received_at, due_at,
				    channel, requested_by)
				SELECT encode(sha256(('bench' || s)::bytea), 'hex'), ARRAY['buyer' || s || '@example.org'],
				       ARRAY['cus_bench' || s], ARRAY['acct_bench' || s], timestamptz '2026-11-30', timestamptz '2026-12-30',
				       'cli', 'bench'
				FROM generate_series(0, ?) s""", SUBJECTS - 1);
		this.owner.execute("""
				CREATE TABLE bench_subject_keys AS
				SELECT r.id AS request_id, k.key
				FROM erasure_requests r
				CROSS JOIN LATERAL (SELECT 'email:' || e FROM unnest(r.emails) e
				                    UNION ALL SELECT 'customer:' || c FROM unnest(r.customer_ids) c
				                    UNION ALL SELECT 'account:' || a FROM unnest(r.account_ids) a) AS k(key)""");
		this.owner.execute("CREATE TABLE bench_requests AS SELECT * FROM erasure_requests");
		this.owner.execute("CREATE TABLE bench_inbox AS SELECT DISTINCT w.id, w.payload FROM bench_subject_keys k"
				+ " CROSS JOIN LATERAL (SELECT id, payload FROM webhook_inbox"
				+ " WHERE subject_keys @> ARRAY[k.key]) AS w");
		this.owner.execute("ANALYZE");
	}

	private static void seedLedger(JdbcTemplate session) {
		session.update("INSERT INTO ledger_accounts (code, type) SELECT 'payable:acct_bench' || g, 'LIABILITY'"
				+ " FROM generate_series(0, ?) g", PAYEES - 1);
		session.update("INSERT INTO journals (kind, source_id, description, effective_at) SELECT 'sale',"
				+ " 'cs_bench_' || g, 'sale cs_bench_' || g, timestamptz '2026-01-01' + g * interval '20 seconds'"
				+ " FROM generate_series(0, ?) g", POSTINGS / 2 - 1);
		session.update("""
				INSERT INTO postings (journal_id, account_id, side, amount, currency)
				SELECT j.id, CASE s.side WHEN 'D' THEN cash.id ELSE payee.id END, s.side, 1000 + j.id % 5000, 'usd'
				FROM journals j
				CROSS JOIN (VALUES ('D'), ('C')) AS s(side)
				JOIN ledger_accounts cash ON cash.code = 'platform:cash'
				JOIN ledger_accounts payee ON payee.code = 'payable:acct_bench' || (substr(j.source_id, 10)::int % ?)
				WHERE j.source_id LIKE 'cs\\_bench\\_%'""", PAYEES);
	}

	/** Puts the subjects' payloads and requests back as they were before the job. */
	private void restore() {
		this.owner.update("UPDATE webhook_inbox w SET payload = b.payload, redacted_at = NULL FROM bench_inbox b"
				+ " WHERE w.id = b.id");
		this.owner.update("DELETE FROM personal_data_restrictions");
		this.owner.update("DELETE FROM erasure_log");
		this.owner.update("""
				UPDATE erasure_requests r SET status = 'PENDING', completed_at = NULL, emails = b.emails,
				    customer_ids = b.customer_ids, account_ids = b.account_ids
				FROM bench_requests b WHERE r.id = b.id""");
		this.owner.execute("VACUUM ANALYZE webhook_inbox");
	}

	/** The same work as the job, set-based, by hand: one statement per table, in the caller's transaction. */
	private void baseline(JdbcTemplate session) {
		String redacted = redactedExpression();
		session.execute("""
				CREATE TEMP TABLE hits ON COMMIT DROP AS
				SELECT w.id AS inbox_id, k.request_id
				FROM bench_subject_keys k
				JOIN erasure_requests r ON r.id = k.request_id AND r.status = 'PENDING'
				CROSS JOIN LATERAL (SELECT id FROM webhook_inbox
				                    WHERE subject_keys @> ARRAY[k.key]) AS w""");
		session.update("UPDATE webhook_inbox SET payload = " + redacted + ", redacted_at = now()"
				+ " WHERE id IN (SELECT inbox_id FROM hits) AND payload IS DISTINCT FROM " + redacted);
		session.update("""
				INSERT INTO personal_data_restrictions (request_id, subject_hash, holder, duty, rows_kept, kept_until)
				SELECT r.id, r.subject_hash, 'ledger_postings', 'BOOKKEEPING_10_YEARS', count(*),
				       max(j.effective_at) + interval '10 years'
				FROM erasure_requests r
				CROSS JOIN LATERAL unnest(r.account_ids) AS a(account_id)
				JOIN ledger_accounts la ON la.code = 'payable:' || a.account_id
				JOIN postings p ON p.account_id = la.id
				JOIN journals j ON j.id = p.journal_id
				WHERE r.status = 'PENDING'
				GROUP BY r.id, r.subject_hash""");
		session.update("""
				INSERT INTO erasure_log (request_id, erased_at, subject_hash, holdings)
				SELECT r.id, now(), r.subject_hash, jsonb_build_array(jsonb_build_object('holder', 'webhook_inbox',
				       'erased', coalesce(c.rows, 0)))
				FROM erasure_requests r
				LEFT JOIN (SELECT request_id, count(DISTINCT inbox_id) AS rows FROM hits GROUP BY request_id) c
				       ON c.request_id = r.id
				WHERE r.status = 'PENDING'""");
		session.update("UPDATE erasure_requests SET status = 'DONE', completed_at = now(), emails = '{}',"
				+ " customer_ids = '{}', account_ids = '{}', analytics_user_ids = '{}' WHERE status = 'PENDING'");
	}

	private String redactedExpression() {
		String expression = "payload";
		for (String path : new com.treasurybatch.shared.privacy.PrivacyProperties(30,
				java.util.List.of("data.object.customer_details", "data.object.customer_email",
						"data.object.shipping_details", "data.object.collected_information",
						"data.object.billing_details", "data.object.receipt_email", "data.object.shipping",
						"data.object.email", "data.object.individual", "data.object.business_profile",
						"data.object.company", "data.object.evidence.customer_name",
						"data.object.evidence.customer_email_address", "data.object.evidence.billing_address",
						"data.object.evidence.shipping_address", "data.object.evidence.customer_purchase_ip",
						"data.previous_attributes.email", "data.previous_attributes.individual",
						"data.previous_attributes.business_profile"),
				500).inboxRedactedPaths()) {
			expression = "jsonb_set(" + expression + ", '{" + path.replace('.', ',') + "}', 'null'::jsonb, false)";
		}
		return expression;
	}

	private long redactedCount() {
		return this.owner.queryForObject("SELECT count(*) FROM webhook_inbox WHERE redacted_at IS NOT NULL", Long.class);
	}

	private long count(String table) {
		return this.owner.queryForObject("SELECT count(*) FROM " + table, Long.class);
	}

	private static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

}
