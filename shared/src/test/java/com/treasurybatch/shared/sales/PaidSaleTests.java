package com.treasurybatch.shared.sales;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.LedgerAccounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PaidSaleTests {

	private static final Instant PAID_AT = Instant.parse("2026-11-20T18:30:00Z");

	private static final String HOST = "acct_1QHostVenue00001";

	private static final String HEADLINER = "acct_1QArtistHead0002";

	private static final String SUPPORT = "acct_1QArtistSupp0003";

	@Test
	void a_three_way_split_is_booked_to_the_cent() {
		PaidSale sale = new PaidSale("cs_test_a1threeway", PAID_AT, "usd", 4999, OptionalLong.of(175), 1000,
				List.of(new Share(HOST, 5000), new Share(HEADLINER, 3000), new Share(SUPPORT, 2000)));

		JournalEntry journal = sale.journal();

		// fee 499.9 -> 500; rest 4499 split 2249.5 / 1349.7 / 899.8 -> 2249 / 1350 / 900 (two leftover cents to .8, .7)
		assertThat(journal.kind()).isEqualTo("sale");
		assertThat(journal.sourceId()).isEqualTo("cs_test_a1threeway");
		assertThat(journal.lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 4824, "usd"),
				JournalLine.debit(LedgerAccounts.PLATFORM_STRIPE_FEES, 175, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 500, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HOST), 2249, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HEADLINER), 1350, "usd"),
				JournalLine.credit(LedgerAccounts.payable(SUPPORT), 900, "usd"));
	}

	@Test
	void without_a_known_stripe_fee_the_gross_goes_to_cash() {
		PaidSale sale = new PaidSale("cs_test_a1nofee", PAID_AT, "eur", 1000, OptionalLong.empty(), 1000,
				List.of(new Share(HOST, 10_000)));

		assertThat(sale.journal().lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1000, "eur"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 100, "eur"),
				JournalLine.credit(LedgerAccounts.payable(HOST), 900, "eur"));
	}

	@Test
	void a_sale_that_names_nobody_credits_suspense() {
		PaidSale sale = new PaidSale("cs_test_a1suspense", PAID_AT, "gbp", 1250, OptionalLong.empty(), 1000, List.of());

		assertThat(sale.journal().lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1250, "gbp"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 125, "gbp"),
				JournalLine.credit(LedgerAccounts.PLATFORM_SUSPENSE, 1125, "gbp"));
	}

	@Test
	void a_stripe_fee_above_the_gross_takes_cash_down() {
		PaidSale sale = new PaidSale("cs_test_a1tiny", PAID_AT, "usd", 20, OptionalLong.of(31), 0,
				List.of(new Share(HOST, 10_000)));

		assertThat(sale.journal().lines()).containsExactly(JournalLine.credit(LedgerAccounts.PLATFORM_CASH, 11, "usd"),
				JournalLine.debit(LedgerAccounts.PLATFORM_STRIPE_FEES, 31, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HOST), 20, "usd"));
	}

	@Test
	void zero_lines_are_left_out() {
		PaidSale sale = new PaidSale("cs_test_a1zerofee", PAID_AT, "usd", 1, OptionalLong.of(0), 1000,
				List.of(new Share(HOST, 9_999), new Share(HEADLINER, 1)));

		assertThat(sale.journal().lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HOST), 1, "usd"));
	}

	@Test
	void shares_must_make_a_whole() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PaidSale("cs_test_a1bad", PAID_AT, "usd", 100, OptionalLong.empty(), 1000,
					List.of(new Share(HOST, 5000), new Share(HEADLINER, 4000))))
			.withMessageContaining("sum to 9000");
	}

}
