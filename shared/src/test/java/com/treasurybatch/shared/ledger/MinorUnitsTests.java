package com.treasurybatch.shared.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Minor units as people read them, by the decimals Stripe counts ({@link Currencies}). */
class MinorUnitsTests {

	@Test
	void amounts_follow_the_currencys_decimals_with_or_without_grouping() {
		assertThat(MinorUnits.decimal(123456, "usd")).isEqualTo("1234.56");
		assertThat(MinorUnits.grouped(123456, "USD")).isEqualTo("1,234.56");
		assertThat(MinorUnits.decimal(-5, "eur")).isEqualTo("-0.05");
		assertThat(MinorUnits.grouped(-1234567, "jpy")).isEqualTo("-1,234,567");
		assertThat(MinorUnits.decimal(1234, "kwd")).as("three decimals").isEqualTo("1.234");
		assertThat(MinorUnits.decimal(500, "isk")).as("ISK: two decimals at Stripe, none in ISO 4217")
			.isEqualTo("5.00");
		assertThat(MinorUnits.decimal(500, "mga")).as("MGA: zero-decimal at Stripe, two in ISO 4217")
			.isEqualTo("500");
		assertThat(MinorUnits.decimal(1234, "xx1")).as("unknown code: two decimals").isEqualTo("12.34");
		assertThat(MinorUnits.decimal(Long.MIN_VALUE + 1, "usd")).isEqualTo("-92233720368547758.07");
	}

}
