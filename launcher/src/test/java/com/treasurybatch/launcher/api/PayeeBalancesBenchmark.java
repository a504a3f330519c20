package com.treasurybatch.launcher.api;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.treasurybatch.launcher.testing.OperationsTest;
import com.treasurybatch.shared.ledger.LedgerSnapshots;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /api/payees/{account}} and {@code GET /api/accounts?as_of=} on a ledger of {@value #POSTINGS_DEFAULT}
 * postings (two per sale journal, {@value #PAYEES} payees, spread over {@value #DAYS} days up to now, daily
 * snapshots made by {@link LedgerSnapshots#makeThrough} as the days go in, as the nightly job makes them, with
 * {@value #LATE_PER_BATCH} sales a week booked after the snapshots of their day), against the same figures computed by one SQL sum over all
 * postings; p50 and p95 of each printed side by side with the ratio of their p95. The client authenticates once with
 * HTTP Basic and then sends its session (as a real client keeps the cookie); the p95 of a request that reads nothing
 * is printed with the session and with HTTP Basic on every request (bcrypt each time). Target: p95 under 50 ms for
 * both endpoints.
 *
 * <p>{@code ./mvnw -Pbench -pl launcher -am verify -Dtest=PayeeBalancesBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.postings=N} for another size).
 */
@Tag("benchmark")
@OperationsTest
@TestPropertySource(properties = "treasury.bench=payee-balances")
class PayeeBalancesBenchmark {

	static final int POSTINGS_DEFAULT = 10_000_000;

	private static final int POSTINGS = Integer.getInteger("bench.postings", POSTINGS_DEFAULT);

	private static final int PAYEES = 2_000;

	private static final int DAYS = 365;

	private static final int REQUESTS = 200;

	private static final int LATE_PER_BATCH = 100;

	private static final int BASELINE_RUNS = 10;

	@Autowired
	MockMvc mvc;

	@Autowired
	LedgerSnapshots snapshots;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void payeeAndHistoricalBalancesAgainstOneSumOverAllPostings() throws Exception {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant start = now.minus(DAYS, ChronoUnit.DAYS);
		long journals = POSTINGS / 2;
		long seedStarted = System.nanoTime();
		long snapshotNanos = 0;
		int days = 0;
		long late = 0;
		JdbcTemplate owner = TestPostgres.ownerJdbc(this.dataSource);
		try (Connection connection = owner.getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			// seeding as the owner, triggers off for the bulk load (each journal below balances by construction)
			statement.execute("SET session_replication_role = replica");
			statement.execute("INSERT INTO ledger_accounts (code, type) SELECT 'payable:acct_1Bench' || lpad(g::text, 6, '0'),"
					+ " 'LIABILITY' FROM generate_series(1, " + PAYEES + ") g ON CONFLICT DO NOTHING");
			statement.execute("CREATE TEMP TABLE bench_payees AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, id"
					+ " FROM ledger_accounts WHERE code LIKE 'payable:acct_1Bench%'");
			// as production builds it: the nightly job makes each day's snapshot after the day's journals and before
			// the next day's (here a week at a time, day by day for the last week), and some journals arrive late,
			// after the snapshots of their day: each batch books LATE_PER_BATCH sales effective up to 30 days before
			// it; the journals since the last snapshot (today) are booked after it; each journal's postings are stored
			// together, in journal order, as the ledger writes them
			double step = (double) DAYS * 86_400 / journals;
			LocalDate firstDay = start.atZone(ZoneOffset.UTC).toLocalDate();
			LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
			long lastId = 0;
			LocalDate batchStart = firstDay;
			while (!batchStart.isAfter(today)) {
				LocalDate batchEnd = batchStart.plusDays(today.minusDays(7).isAfter(batchStart) ? 7 : 1);
				if (batchStart.isAfter(firstDay)) {
					long t = System.nanoTime();
					days += this.snapshots.makeThrough(batchStart.minusDays(1), now);
					snapshotNanos += System.nanoTime() - t;
				}
				Instant from = batchStart.atStartOfDay(ZoneOffset.UTC).toInstant();
				Instant to = batchEnd.atStartOfDay(ZoneOffset.UTC).toInstant();
				long gFrom = Math.max(1, (long) Math.ceil((from.getEpochSecond() - start.getEpochSecond()) / step));
				long gTo = Math.min(journals, (long) Math.ceil((to.getEpochSecond() - start.getEpochSecond()) / step) - 1);
				statement.execute("INSERT INTO journals (kind, source_id, description, effective_at)"
						+ " SELECT 'sale', 'pi_bench' || g, 'bench sale', timestamptz '" + start + "' + (g * " + step
						+ ") * interval '1 second' FROM generate_series(" + gFrom + ", " + gTo + ") g");
				if (batchStart.isAfter(firstDay.plusDays(30))) {
					statement.execute("INSERT INTO journals (kind, source_id, description, effective_at)"
							+ " SELECT 'sale', 'pi_bench_late_" + batchStart + "_' || g, 'bench late sale', timestamptz '"
							+ from + "' - ((g * 7919) % 2592000 + 1) * interval '1 second'"
							+ " FROM generate_series(1, " + LATE_PER_BATCH + ") g");
					late += LATE_PER_BATCH;
				}
				statement.execute("""
						INSERT INTO postings (journal_id, account_id, side, amount, currency)
						SELECT j.id, CASE WHEN s.d THEN cash.id ELSE b.id END,
						    CASE WHEN s.d THEN 'D' ELSE 'C' END, 1000 + j.id %% 100, 'usd'
						FROM journals j JOIN bench_payees b ON b.n = j.id %% %d
						    CROSS JOIN (SELECT id FROM ledger_accounts WHERE code = 'platform:cash') cash
						    CROSS JOIN (VALUES (true), (false)) AS s (d)
						WHERE j.id > %d
						ORDER BY j.id, s.d DESC
						""".formatted(PAYEES, lastId));
				try (var rs = statement.executeQuery("SELECT max(id) FROM journals")) {
					rs.next();
					lastId = rs.getLong(1);
				}
				batchStart = batchEnd;
			}
			statement.execute("RESET session_replication_role");
			statement.execute("ANALYZE journals");
			statement.execute("ANALYZE postings");
		}
		double seedSeconds = (System.nanoTime() - seedStarted - snapshotNanos) / 1e9;
		long postings = this.jdbc.queryForObject("SELECT count(*) FROM postings", Long.class);
		double snapshotSeconds = snapshotNanos / 1e9;
		long lateRecorded = this.jdbc.queryForObject("SELECT count(*) FROM ledger_late_journals", Long.class);
		TestPostgres.ownerJdbc(this.jdbc.getDataSource()).execute("ANALYZE ledger_balance_snapshots");

		// -Dbench.explain=true prints the plans of an old instant and of now
		if (Boolean.getBoolean("bench.explain")) {
			for (Instant probe : new Instant[] { start.plus(100, ChronoUnit.DAYS).plusSeconds(40_000), now }) {
				LedgerSnapshots.FiguresQuery q = this.snapshots.figuresQuery(probe, null);
				System.out.println("PLAN " + probe);
				this.jdbc.query("EXPLAIN (ANALYZE, BUFFERS) " + q.sql(), (rs) -> { System.out.println(rs.getString(1)); }, q.args().toArray());
			}
		}
		// a client as a script or a service keeps one: HTTP Basic once, then the session cookie (MockMvc: the session)
		MockHttpSession session = (MockHttpSession) this.mvc
			.perform(get("/api/accounts").with(httpBasic("finance", "finance-password")))
			.andExpect(status().isOk())
			.andReturn()
			.getRequest()
			.getSession(false);
		assertThat(session).as("the API session opened by HTTP Basic").isNotNull();
		Random random = new Random(14);
		long[] payee = new long[REQUESTS];
		long[] accounts = new long[REQUESTS];
		for (int i = 0; i < REQUESTS + 20; i++) {
			String account = "acct_1Bench" + String.format("%06d", 1 + random.nextInt(PAYEES));
			Instant asOf = start.plusSeconds((long) (random.nextDouble() * DAYS * 86_400));
			long t0 = System.nanoTime();
			this.mvc.perform(get("/api/payees/{account}", account).session(session)).andExpect(status().isOk());
			long t1 = System.nanoTime();
			this.mvc.perform(get("/api/accounts").param("as_of", asOf.toString()).session(session))
				.andExpect(status().isOk());
			long t2 = System.nanoTime();
			if (i >= 20) {
				payee[i - 20] = t1 - t0;
				accounts[i - 20] = t2 - t1;
			}
		}
		// what a request pays before any ledger read, on a path that reads nothing: with the session, and with
		// HTTP Basic on every request (bcrypt each time, what a client that drops the cookie pays)
		long[] sessionOnly = new long[REQUESTS];
		long[] authentication = new long[REQUESTS];
		for (int i = 0; i < REQUESTS + 20; i++) {
			long t0 = System.nanoTime();
			this.mvc.perform(get("/api/bench-unmapped").session(session));
			long t1 = System.nanoTime();
			this.mvc.perform(get("/api/bench-unmapped").with(httpBasic("finance", "finance-password")));
			long t2 = System.nanoTime();
			if (i >= 20) {
				sessionOnly[i - 20] = t1 - t0;
				authentication[i - 20] = t2 - t1;
			}
		}
		// the historical figures alone, without HTTP: the same instants again, straight from LedgerSnapshots
		long[] figuresOnly = new long[REQUESTS];
		Random again = new Random(14);
		for (int i = 0; i < REQUESTS + 20; i++) {
			again.nextInt(PAYEES);
			Instant asOf = start.plusSeconds((long) (again.nextDouble() * DAYS * 86_400));
			long t0 = System.nanoTime();
			this.snapshots.figuresAt(asOf, null);
			if (i >= 20) {
				figuresOnly[i - 20] = System.nanoTime() - t0;
			}
		}
		long[] payeeBaseline = new long[BASELINE_RUNS];
		long[] accountsBaseline = new long[BASELINE_RUNS];
		for (int i = 0; i < BASELINE_RUNS; i++) {
			String account = "payable:acct_1Bench" + String.format("%06d", 1 + random.nextInt(PAYEES));
			Instant asOf = start.plusSeconds((long) (random.nextDouble() * DAYS * 86_400));
			long t0 = System.nanoTime();
			this.jdbc.queryForObject("""
					SELECT sum(CASE p.side WHEN 'C' THEN p.amount ELSE -p.amount END) FROM postings p
					WHERE p.account_id = (SELECT id FROM ledger_accounts WHERE code = ?)""", Long.class, account);
			long t1 = System.nanoTime();
			this.jdbc.queryForList("""
					SELECT p.account_id, p.currency, sum(CASE p.side WHEN 'D' THEN p.amount ELSE -p.amount END)
					FROM postings p JOIN journals j ON j.id = p.journal_id WHERE j.effective_at <= ?
					GROUP BY p.account_id, p.currency""", Timestamp.from(asOf));
			long t2 = System.nanoTime();
			payeeBaseline[i] = t1 - t0;
			accountsBaseline[i] = t2 - t1;
		}
		System.out.printf("%npayee balances benchmark: %,d postings (%,d journals, %,d of them booked after their day's"
				+ " snapshot, %,d recorded late), %d payees, %d days), seeded in %.1f s; %d daily snapshots made and"
				+ " verified as the days went in %.1f s%n", postings, journals + late, late, lateRecorded, PAYEES, DAYS,
				seedSeconds, days, snapshotSeconds);
		System.out.printf("%-40s %10s %10s %24s %10s %10s%n", "endpoint (" + REQUESTS + " requests)", "p50 ms", "p95 ms",
				"one SQL sum (" + BASELINE_RUNS + " runs)", "p50 ms", "p95 ms");
		print("GET /api/payees/{account}", payee, "sum of the payable's postings", payeeBaseline);
		print("GET /api/accounts?as_of=", accounts, "sum of all postings to as_of", accountsBaseline);
		System.out.printf("%-40s %10.1f %10.1f%n", "of as_of: LedgerSnapshots.figuresAt alone", percentile(figuresOnly, 50),
				percentile(figuresOnly, 95));
		System.out.printf("%-40s %10.1f %10.1f%n", "of which session + dispatch alone", percentile(sessionOnly, 50),
				percentile(sessionOnly, 95));
		System.out.printf("%-40s %10.1f %10.1f%n", "HTTP Basic + dispatch alone (no session)",
				percentile(authentication, 50), percentile(authentication, 95));
		assertThat(percentile(payee, 95)).as("p95 of GET /api/payees/{account}, ms").isLessThan(50.0);
		assertThat(percentile(accounts, 95)).as("p95 of GET /api/accounts?as_of=, ms").isLessThan(50.0);
	}

	private static void print(String endpoint, long[] ours, String baseline, long[] theirs) {
		System.out.printf("%-40s %10.1f %10.1f %24s %10.1f %10.1f   p95 ratio (sum / endpoint) %.2f%n", endpoint,
				percentile(ours, 50), percentile(ours, 95), baseline, percentile(theirs, 50), percentile(theirs, 95),
				percentile(theirs, 95) / percentile(ours, 95));
	}

	private static double percentile(long[] nanos, int p) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

}
