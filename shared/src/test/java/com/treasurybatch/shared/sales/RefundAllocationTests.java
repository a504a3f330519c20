package com.treasurybatch.shared.sales;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.Side;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Refunds booked by cumulative allocation: any sequence of partial refunds of any split sale ends, once fully
 * refunded, with every account back at its value before the sale.
 */
class RefundAllocationTests {

	private static final Instant PAID_AT = Instant.parse("2026-11-20T18:30:00Z");

	private static final String A = "acct_1QPayeeA0000001";

	private static final String B = "acct_1QPayeeB0000002";

	private static final String C = "acct_1QPayeeC0000003";

	@Test
	void ten_dollars_split_three_ways_refunded_in_two_halves_mirrors_the_sale() {
		// platform fee 0; 1000 split 3334/3333/3333 bps -> 334 / 333 / 333
		List<JournalLine> shares = shares(PaidSale.untaxed("pi_3Qhalves", PAID_AT, "usd", 1000, 0,
				List.of(new Share(A, 3334), new Share(B, 3333), new Share(C, 3333))));
		Map<String, Long> booked = new HashMap<>();

		// first 500: cumulative 500 over 334/333/333 = 167 / 166.5 / 166.5 -> 167 / 167 / 166 (ties to the first)
		List<JournalLine> first = RefundAllocation.lines(shares, booked, 500);
		assertThat(first).containsExactly(JournalLine.debit(LedgerAccounts.payable(A), 167, "usd"),
				JournalLine.debit(LedgerAccounts.payable(B), 167, "usd"),
				JournalLine.debit(LedgerAccounts.payable(C), 166, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 500, "usd"));
		apply(booked, first);

		// second 500: cumulative 1000 = 334 / 333 / 333, minus 167 / 167 / 166 -> 167 / 166 / 167
		List<JournalLine> second = RefundAllocation.lines(shares, booked, 500);
		assertThat(second).containsExactly(JournalLine.debit(LedgerAccounts.payable(A), 167, "usd"),
				JournalLine.debit(LedgerAccounts.payable(B), 166, "usd"),
				JournalLine.debit(LedgerAccounts.payable(C), 167, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 500, "usd"));
		apply(booked, second);
		assertThat(booked).containsEntry(LedgerAccounts.payable(A), 334L)
			.containsEntry(LedgerAccounts.payable(B), 333L)
			.containsEntry(LedgerAccounts.payable(C), 333L);
	}

	@Test
	void tax_is_refunded_in_proportion() {
		// 54.44 with 4.44 tax, fee 10 % of 50.00: tax 444, fee 500, payee 4500; refund 27.22 = half
		List<JournalLine> shares = shares(new PaidSale("pi_3Qtax", PAID_AT, "usd", 5444, 444, 1000,
				List.of(new Share(A, 10_000)), "checkout"));

		assertThat(RefundAllocation.lines(shares, Map.of(), 2722)).containsExactly(
				JournalLine.debit(LedgerAccounts.PLATFORM_TAX_PAYABLE, 222, "usd"),
				JournalLine.debit(LedgerAccounts.PLATFORM_FEE_REVENUE, 250, "usd"),
				JournalLine.debit(LedgerAccounts.payable(A), 2250, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 2722, "usd"));
	}

	@Test
	void a_refund_beyond_what_is_left_is_refused() {
		List<JournalLine> shares = shares(PaidSale.untaxed("pi_3Qover", PAID_AT, "usd", 1000, 1000,
				List.of(new Share(A, 10_000))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RefundAllocation.lines(shares, Map.of(LedgerAccounts.PLATFORM_FEE_REVENUE, 100L,
					LedgerAccounts.payable(A), 800L), 101))
			.withMessageContaining("exceed");
	}

	@Test
	void any_sequence_of_partial_refunds_of_any_split_sale_ends_with_every_account_back_where_it_was() {
		qt().withExamples(2000)
			.forAll(longs().between(1, 10_000_000L), integers().between(0, 10_000), splitRules(),
					lists().of(integers().between(1, 1000)).ofSizeBetween(1, 12))
			.checkAssert((gross, feeBps, bps, cuts) -> {
				// tax: 0 to a third of the gross, drawn from the first cut
				long tax = gross * (cuts.get(0) % 334) / 1000;
				List<Share> split = new ArrayList<>();
				for (int i = 0; i < bps.size(); i++) {
					split.add(new Share("acct_1QProp" + i, bps.get(i)));
				}
				PaidSale sale = new PaidSale("pi_3Qprop", PAID_AT, "usd", gross, tax, feeBps, split, "checkout");
				Map<String, Long> balances = new HashMap<>();
				applyCreditPositive(balances, sale.journal().lines());
				List<JournalLine> shares = shares(sale);
				Map<String, Long> booked = new HashMap<>();
				long left = gross;
				for (int k = 0; k < cuts.size() && left > 0; k++) {
					long refund = (k == cuts.size() - 1) ? left : Math.max(1, left * cuts.get(k) / 1000);
					List<JournalLine> lines = RefundAllocation.lines(shares, booked, refund);
					assertBalanced(lines);
					apply(booked, lines);
					applyCreditPositive(balances, lines);
					left -= refund;
				}
				if (left > 0) {
					List<JournalLine> lines = RefundAllocation.lines(shares, booked, left);
					assertBalanced(lines);
					applyCreditPositive(balances, lines);
				}
				assertThat(balances.values()).as("every account back at zero after a full refund").containsOnly(0L);
			});
	}

	private static Gen<List<Integer>> splitRules() {
		return lists().of(integers().between(1, 100)).ofSizeBetween(1, 6).map((weights) -> {
			int total = weights.stream().mapToInt(Integer::intValue).sum();
			List<Integer> bps = new ArrayList<>();
			int given = 0;
			for (int i = 0; i < weights.size() - 1; i++) {
				int part = weights.get(i) * 10_000 / total;
				bps.add(part);
				given += part;
			}
			bps.add(10_000 - given);
			return bps.stream().filter((part) -> part > 0).toList();
		});
	}

	private static List<JournalLine> shares(PaidSale sale) {
		return sale.journal()
			.lines()
			.stream()
			.filter((line) -> line.side() == Side.CREDIT && !LedgerAccounts.PLATFORM_CASH.equals(line.accountCode()))
			.toList();
	}

	private static void assertBalanced(List<JournalLine> lines) {
		long debits = lines.stream().filter((l) -> l.side() == Side.DEBIT).mapToLong(JournalLine::amountCents).sum();
		long credits = lines.stream().filter((l) -> l.side() == Side.CREDIT).mapToLong(JournalLine::amountCents).sum();
		assertThat(debits).as("refund journal balances").isEqualTo(credits);
	}

	/** Booked refunds as the ledger nets them: debits positive, cash left out. */
	private static void apply(Map<String, Long> booked, List<JournalLine> lines) {
		for (JournalLine line : lines) {
			if (!LedgerAccounts.PLATFORM_CASH.equals(line.accountCode())) {
				booked.merge(line.accountCode(), (line.side() == Side.DEBIT) ? line.amountCents() : -line.amountCents(),
						Long::sum);
			}
		}
	}

	/** Balances as credits minus debits, every account, cash included. */
	private static void applyCreditPositive(Map<String, Long> balances, List<JournalLine> lines) {
		for (JournalLine line : lines) {
			long signed = (line.side() == Side.DEBIT) ? -line.amountCents() : line.amountCents();
			balances.merge(line.accountCode(), signed, Long::sum);
		}
	}

}
