package com.treasurybatch.shared.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;
import com.treasurybatch.shared.testing.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Daily balance snapshots on a database of their own: historical figures (snapshot plus later postings, late
 * journals included) equal a direct SQL sum at instants before the first snapshot, mid-day and at a day's end; a
 * snapshot changed behind the ledger's back fails the next day's making with both figures.
 */
@SpringBootTest(classes = LedgerTestConfiguration.class, properties = "test.database=ledger-snapshots")
@PostgresTest
class LedgerSnapshotsTests {

	private static final String PAYEE = LedgerAccounts.payable("acct_1SnapshotPayee");

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerSnapshots snapshots;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void historicalBalancesEqualADirectSumAndATamperedSnapshotIsCaught() {
		sale("pi_snap1", "2020-03-01T09:00:00Z", 10_000, 1_000);
		sale("pi_snap2", "2020-03-01T23:59:59Z", 5_000, 500);
		sale("pi_snap3", "2020-03-02T08:00:00Z", 2_000, 200);
		sale("pi_snap4", "2020-03-02T18:00:00Z", 4_000, 400);
		sale("pi_snap5", "2020-03-03T00:00:00Z", 1_000, 100);

		// before any snapshot: read from the postings; payee 9,000 (10,000 - 1,000 fee) at 10:00 on the first day
		assertThat(payeeAt("2020-03-01T10:00:00Z")).isEqualTo(9_000).isEqualTo(directSum("2020-03-01T10:00:00Z"));

		assertThat(this.snapshots.makeThrough(LocalDate.parse("2020-03-02"), Instant.now())).isEqualTo(2);

		// a late journal: effective on the first day, committed after its snapshot was made
		sale("pi_snap_late", "2020-03-01T05:00:00Z", 3_000, 300);

		// mid-day: snapshot of 03-01 (9,000 + 4,500) + late 2,700 + 03-02 08:00 (1,800) = 18,000
		assertThat(payeeAt("2020-03-02T12:00:00Z")).isEqualTo(18_000).isEqualTo(directSum("2020-03-02T12:00:00Z"));
		// exactly at the end of 03-02: snapshot of 03-02 (9,000 + 4,500 + 1,800 + 3,600) + late 2,700
		// + the sale effective at 00:00:00 (900) = 22,500
		assertThat(payeeAt("2020-03-03T00:00:00Z")).isEqualTo(22_500).isEqualTo(directSum("2020-03-03T00:00:00Z"));
		// before the first snapshot's day ended, with the late journal: 2,700 + 9,000 = 11,700
		assertThat(payeeAt("2020-03-01T12:00:00Z")).isEqualTo(11_700).isEqualTo(directSum("2020-03-01T12:00:00Z"));
		// cash at 2020-03-05: every gross, 10,000 + 5,000 + 2,000 + 4,000 + 1,000 + 3,000 = 25,000
		assertThat(this.snapshots.figuresAt(Instant.parse("2020-03-05T00:00:00Z"), null))
			.filteredOn((f) -> f.accountCode().equals(LedgerAccounts.PLATFORM_CASH))
			.extracting(AccountFigures::balanceCents)
			.containsExactly(25_000L);

		// the late journal is counted once when the next day is made and verified
		assertThat(this.snapshots.makeThrough(LocalDate.parse("2020-03-03"), Instant.now())).isEqualTo(1);
		assertThat(payeeAt("2020-03-04T00:00:00Z")).isEqualTo(22_500).isEqualTo(directSum("2020-03-04T00:00:00Z"));

		// tampered: someone adds 1 cent to the payee's credits in the last snapshot
		JdbcTemplate owner = TestPostgres.ownerJdbc(this.dataSource);
		owner.update("""
				UPDATE ledger_balance_snapshots SET credits = credits + 1
				WHERE day = '2020-03-03' AND account_id = (SELECT id FROM ledger_accounts WHERE code = ?)""", PAYEE);
		assertThatExceptionOfType(SnapshotMismatchException.class)
			.isThrownBy(() -> this.snapshots.makeThrough(LocalDate.parse("2020-03-04"), Instant.now()))
			// the payee was credited 22,500 in all (every gross less its 10 % fee); the chain now says 22,501
			.withMessageContaining(PAYEE + " usd: snapshot debits 0, credits 22501")
			.withMessageContaining("postings debits 0, credits 22500");
		assertThat(this.snapshots.lastDay()).contains(LocalDate.parse("2020-03-03"));
	}

	private void sale(String pi, String at, long gross, long fee) {
		this.ledger.post(JournalEntry.of("sale", pi, "sale " + pi, Instant.parse(at),
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, gross, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, fee, "usd"),
						JournalLine.credit(PAYEE, gross - fee, "usd"))));
	}

	private long payeeAt(String at) {
		return this.snapshots.figuresAt(Instant.parse(at), PAYEE)
			.stream()
			.mapToLong(AccountFigures::balanceCents)
			.sum();
	}

	private long directSum(String at) {
		return this.jdbc.queryForObject("""
				SELECT coalesce(sum(CASE p.side WHEN 'C' THEN p.amount ELSE -p.amount END), 0)
				FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
				WHERE a.code = ? AND j.effective_at <= ?""", Long.class, PAYEE,
				java.sql.Timestamp.from(Instant.parse(at)));
	}

}
