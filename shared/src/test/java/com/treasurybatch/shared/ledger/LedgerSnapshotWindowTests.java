package com.treasurybatch.shared.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every account's figures after a snapshot, where the window's journals are read as one dense range of ids plus
 * the few numbered past it: a journal booked late (numbered after the next day's journals) with an effective time
 * inside the window is counted, journals numbered inside the range but effective outside the window are not, and
 * every account's debits, credits, sale credits, refund debits and first sale equal a direct sum of the postings.
 * A sale backfilled after several later days were made is counted once by the readers of every one of them, before
 * and after the next run records it in {@code ledger_late_journals}.
 */
@SpringBootTest(classes = LedgerTestConfiguration.class, properties = "test.database=ledger-snapshot-windows")
@PostgresTest
class LedgerSnapshotWindowTests {

	private static final String HOST = LedgerAccounts.payable("acct_1WindowHost");

	private static final String ARTIST = LedgerAccounts.payable("acct_1WindowArtist");

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerSnapshots snapshots;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aLateJournalNumberedPastTheWindowsRangeIsCountedOnce() {
		// June 1: one sale, made into a snapshot
		sale("pi_win_0601", "2021-06-01T10:00:00Z", HOST, 10_000, 1_000);
		assertThat(this.snapshots.makeThrough(LocalDate.parse("2021-06-01"), Instant.now())).isEqualTo(1);

		// June 2: 30 sales every 45 minutes from 00:30, alternating host and artist, 1,000.00 gross each, 10 % fee;
		// a refund of 2,000 of the artist's sale at 20:00 the same day
		Instant june2 = Instant.parse("2021-06-02T00:30:00Z");
		for (int i = 0; i < 30; i++) {
			sale("pi_win_0602_" + i, june2.plus(Duration.ofMinutes(45L * i)).toString(), (i % 2 == 0) ? HOST : ARTIST,
					100_000, 10_000);
		}
		refund("re_win_0602", "2021-06-02T20:00:00Z", ARTIST, 2_000);
		// June 3: 40 sales numbered after June 2's, so the window of June 2 is followed by journals outside it
		for (int i = 0; i < 40; i++) {
			sale("pi_win_0603_" + i, Instant.parse("2021-06-03T00:10:00Z").plus(Duration.ofMinutes(30L * i)).toString(),
					HOST, 1_000, 100);
		}
		// a sale of June 2 at noon whose webhook arrived a day late: numbered after every June 3 journal, more than
		// twice the window's journal count past its lowest id
		sale("pi_win_0602_late", "2021-06-02T12:00:00Z", ARTIST, 50_000, 5_000);

		for (String at : List.of("2021-06-02T00:00:00Z", "2021-06-02T11:59:59Z", "2021-06-02T12:00:00Z",
				"2021-06-02T23:59:59Z", "2021-06-03T06:00:00Z", "2021-06-04T00:00:00Z")) {
			assertThat(this.snapshots.figuresAt(Instant.parse(at), null)).as("every account at " + at)
				.isEqualTo(this.snapshots.figuresSummedAt(Instant.parse(at)));
		}

		// by hand at the end of June 2: the artist had 15 of the 30 sales (15 x 90,000 = 1,350,000), less the
		// 2,000 refund, plus the late sale's 45,000 = 1,393,000; the host 9,000 (June 1) + 15 x 90,000 = 1,359,000
		List<AccountFigures> endOfJune2 = this.snapshots.figuresAt(Instant.parse("2021-06-02T23:59:59Z"), null);
		assertThat(balance(endOfJune2, ARTIST)).isEqualTo(1_393_000L);
		assertThat(balance(endOfJune2, HOST)).isEqualTo(1_359_000L);
		AccountFigures artist = endOfJune2.stream().filter((f) -> f.accountCode().equals(ARTIST)).findFirst().orElseThrow();
		assertThat(artist.saleCredits()).isEqualTo(15 * 90_000L + 45_000L);
		assertThat(artist.refundDebits()).isEqualTo(2_000L);
		// the artist's first sale is the second of June 2 (00:30 + 45 minutes)
		assertThat(artist.firstSaleAt()).isEqualTo(Instant.parse("2021-06-02T01:15:00Z"));
		// cash: 10,000 + 30 x 100,000 + 50,000 - 2,000 = 3,058,000
		assertThat(balance(endOfJune2, LedgerAccounts.PLATFORM_CASH)).isEqualTo(3_058_000L);

		// days later: June 2 to 5 made, then a sale of June 2 at 15:00 booked after all of them (a backfill)
		assertThat(this.snapshots.makeThrough(LocalDate.parse("2021-06-05"), Instant.now())).isEqualTo(4);
		sale("pi_win_0602_backfilled", "2021-06-02T15:00:00Z", HOST, 20_000, 2_000);
		// read forward from the day before, or back from the instant's own day when its end is nearer (06-02 14:00
		// and 16:00, 06-03 20:00; 06-01 09:00, before any posting of the day's snapshot, has no account at all)
		List<String> instants = List.of("2021-06-01T09:00:00Z", "2021-06-02T14:00:00Z", "2021-06-02T16:00:00Z",
				"2021-06-03T20:00:00Z", "2021-06-04T00:00:00Z", "2021-06-05T12:00:00Z", "2021-06-07T00:00:00Z");
		for (String at : instants) {
			assertThat(this.snapshots.figuresAt(Instant.parse(at), null)).as("before it is recorded, at " + at)
				.isEqualTo(this.snapshots.figuresSummedAt(Instant.parse(at)));
		}
		assertThat(this.snapshots.figuresAt(Instant.parse("2021-06-01T09:00:00Z"), null)).isEmpty();
		// the host at June 2, 16:00, read back from June 2's snapshot: 9,000 + the 11 of its sales by then (00:30 to
		// 15:30, every 90 minutes: 11 x 90,000) + the backfilled 18,000 = 1,017,000
		assertThat(balance(this.snapshots.figuresAt(Instant.parse("2021-06-02T16:00:00Z"), null), HOST))
			.isEqualTo(1_017_000L);
		// the host at June 4: 1,359,000 + the June 3 sales (40 x 900 = 36,000) + the backfilled 18,000
		assertThat(balance(this.snapshots.figuresAt(Instant.parse("2021-06-04T00:00:00Z"), null), HOST))
			.isEqualTo(1_413_000L);
		// the next run folds it into June 6 and records it as late for the readers of June 2 to 5
		assertThat(this.snapshots.makeThrough(LocalDate.parse("2021-06-06"), Instant.now())).isEqualTo(1);
		assertThat(this.jdbc.queryForList("""
				SELECT j.source_id FROM ledger_late_journals l JOIN journals j ON j.id = l.journal_id
				WHERE l.found_by_day = '2021-06-06'""", String.class)).containsExactly("pi_win_0602_backfilled");
		sale("pi_win_0607", "2021-06-07T09:00:00Z", ARTIST, 1_000, 100);
		for (String at : instants) {
			assertThat(this.snapshots.figuresAt(Instant.parse(at), null)).as("once recorded, at " + at)
				.isEqualTo(this.snapshots.figuresSummedAt(Instant.parse(at)));
		}
		assertThat(balance(this.snapshots.figuresAt(Instant.parse("2021-06-04T00:00:00Z"), null), HOST))
			.isEqualTo(1_413_000L);
	}

	private static long balance(List<AccountFigures> figures, String account) {
		return figures.stream()
			.filter((f) -> f.accountCode().equals(account))
			.mapToLong(AccountFigures::balanceCents)
			.sum();
	}

	private void sale(String pi, String at, String payee, long gross, long fee) {
		this.ledger.post(JournalEntry.of("sale", pi, "sale " + pi, Instant.parse(at),
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, gross, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, fee, "usd"),
						JournalLine.credit(payee, gross - fee, "usd"))));
	}

	private void refund(String re, String at, String payee, long amount) {
		this.ledger.post(JournalEntry.of("refund", re, "refund " + re, Instant.parse(at),
				List.of(JournalLine.debit(payee, amount, "usd"),
						JournalLine.credit(LedgerAccounts.PLATFORM_CASH, amount, "usd"))));
	}

}
