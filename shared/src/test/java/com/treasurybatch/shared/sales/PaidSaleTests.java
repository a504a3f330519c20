package com.treasurybatch.shared.sales;

import java.time.Instant;
import java.util.List;

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
		PaidSale sale = PaidSale.untaxed("pi_3QthreeWay", PAID_AT, "usd", 4999, 1000,
				List.of(new Share(HOST, 5000), new Share(HEADLINER, 3000), new Share(SUPPORT, 2000)));

		JournalEntry journal = sale.journal();

		// fee 499.9 -> 500; rest 4499 split 2249.5 / 1349.7 / 899.8 -> 2249 / 1350 / 900 (two leftover cents to .8, .7)
		assertThat(journal.kind()).isEqualTo("sale");
		assertThat(journal.sourceId()).isEqualTo("pi_3QthreeWay");
		assertThat(journal.lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 4999, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 500, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HOST), 2249, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HEADLINER), 1350, "usd"),
				JournalLine.credit(LedgerAccounts.payable(SUPPORT), 900, "usd"));
	}

	@Test
	void sales_tax_goes_to_tax_payable_and_the_fee_and_shares_are_computed_without_it() {
		// Stripe Tax on a 50.00 ticket at 8.875 %: amount_subtotal 5000, total_details.amount_tax 444, amount_total 5444
		PaidSale sale = new PaidSale("pi_3QtaxedTicket", PAID_AT, "usd", 5444, 444, 1000,
				List.of(new Share(HOST, 5000), new Share(HEADLINER, 5000)), "checkout cs_test_taxed");

		// fee 10 % of 5000 = 500; rest 4500 split 2250 / 2250; tax 444 never split
		assertThat(sale.journal().lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 5444, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_TAX_PAYABLE, 444, "usd"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 500, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HOST), 2250, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HEADLINER), 2250, "usd"));
		assertThat(sale.journal().description()).contains("checkout cs_test_taxed").contains("tax 444");
	}

	@Test
	void a_sale_that_names_nobody_credits_suspense() {
		PaidSale sale = PaidSale.untaxed("pi_3Qsuspense", PAID_AT, "gbp", 1250, 1000, List.of());

		assertThat(sale.journal().lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1250, "gbp"),
				JournalLine.credit(LedgerAccounts.PLATFORM_FEE_REVENUE, 125, "gbp"),
				JournalLine.credit(LedgerAccounts.PLATFORM_SUSPENSE, 1125, "gbp"));
	}

	@Test
	void an_all_tax_sale_credits_only_tax_payable() {
		PaidSale sale = new PaidSale("in_1QallTax", PAID_AT, "eur", 19, 19, 1000, List.of(new Share(HOST, 10_000)),
				"invoice in_1QallTax");

		assertThat(sale.journal().lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 19, "eur"),
				JournalLine.credit(LedgerAccounts.PLATFORM_TAX_PAYABLE, 19, "eur"));
	}

	@Test
	void zero_lines_are_left_out() {
		PaidSale sale = PaidSale.untaxed("pi_3QzeroFee", PAID_AT, "usd", 1, 1000,
				List.of(new Share(HOST, 9_999), new Share(HEADLINER, 1)));

		assertThat(sale.journal().lines()).containsExactly(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, 1, "usd"),
				JournalLine.credit(LedgerAccounts.payable(HOST), 1, "usd"));
	}

	@Test
	void shares_must_make_a_whole_and_tax_must_fit_in_the_gross() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PaidSale.untaxed("pi_3Qbad", PAID_AT, "usd", 100, 1000,
					List.of(new Share(HOST, 5000), new Share(HEADLINER, 4000))))
			.withMessageContaining("sum to 9000");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PaidSale("pi_3Qbad", PAID_AT, "usd", 100, 101, 1000, List.of(), "checkout"))
			.withMessageContaining("Tax 101");
	}

}
