package com.treasurybatch.jobs.reports;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules behind every VAT figure and conversion on a fee invoice, credit note and 1099, worked out by hand. */
class VatArithmeticTests {

	@Test
	void a_vat_inclusive_fee_splits_into_taxable_vat_and_at_most_a_cent_of_rounding() {
		// 12.35 at 20 %: 1235 x 10000 / 12000 = 1029.17 -> 1029; VAT 1029 x 0.2 = 205.8 -> 206; 1029 + 206 = 1235
		assertThat(VatInvoice.taxableOf(1_235, 2_000)).isEqualTo(1_029);
		assertThat(VatInvoice.vatOf(1_029, 2_000)).isEqualTo(206);
		// 5.00 at 23 %: 500 x 10000 / 12300 = 406.50 -> 407 (half up); VAT 407 x 0.23 = 93.61 -> 94; 407 + 94 = 501:
		// rounding -1
		assertThat(VatInvoice.taxableOf(500, 2_300)).isEqualTo(407);
		assertThat(VatInvoice.vatOf(407, 2_300)).isEqualTo(94);
		// no rate (reverse charge): all of it taxable
		assertThat(VatInvoice.taxableOf(10_000, 0)).isEqualTo(10_000);
		// every fee from 0.01 to 100.00 at every seeded standard rate leaves at most one cent of rounding
		for (int rate : new int[] { 1_700, 1_800, 1_900, 2_000, 2_100, 2_200, 2_300, 2_400, 2_500, 2_550, 2_700 }) {
			for (long fee = 1; fee <= 10_000; fee++) {
				long taxable = VatInvoice.taxableOf(fee, rate);
				long rounding = fee - taxable - VatInvoice.vatOf(taxable, rate);
				assertThat(Math.abs(rounding)).as("fee %d at %d bps", fee, rate).isLessThanOrEqualTo(1);
			}
		}
	}

	@Test
	void conversions_round_half_up_in_the_target_currencys_minor_units() {
		// 3.74 EUR at 4.25 PLN/EUR = 15.895 -> 15.90 PLN
		assertThat(ReferenceRates.convert(374, "eur", "pln", new BigDecimal("4.25"))).isEqualTo(1_590);
		// 1,800.00 EUR at Stripe's 1.1 = 1,980.00 USD
		assertThat(ReferenceRates.convert(180_000, "eur", "usd", new BigDecimal("1.1"))).isEqualTo(198_000);
		// 1,000 JPY (no decimals) at 0.0067 = 6.70 USD = 670 cents
		assertThat(ReferenceRates.convert(1_000, "jpy", "usd", new BigDecimal("0.0067"))).isEqualTo(670);
		// 10.00 EUR at 160.123 JPY/EUR = 1601.23 -> 1601 JPY
		assertThat(ReferenceRates.convert(1_000, "eur", "jpy", new BigDecimal("160.123"))).isEqualTo(1_601);
	}

}
