package com.treasurybatch.shared.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Stripe's currency rules (docs.stripe.com/currencies) as the one table reads them. */
class CurrenciesTests {

	@Test
	void decimals_are_stripes_not_iso_4217s() {
		assertThat(Currencies.decimals("usd")).isEqualTo(2);
		assertThat(Currencies.decimals("JPY")).isZero();
		assertThat(Currencies.decimals("mga")).as("zero-decimal at Stripe, ISO says 2").isZero();
		assertThat(Currencies.decimals("isk")).as("two-decimal at Stripe, ISO says 0").isEqualTo(2);
		assertThat(Currencies.decimals("kwd")).isEqualTo(3);
		assertThat(Currencies.decimals("huf")).isEqualTo(2);
		assertThat(Currencies.rule("kwd").minorUnitsPerUnit()).isEqualTo(1000);
	}

	@Test
	void payout_amounts_round_down_to_what_stripe_accepts() {
		// HUF and TWD payouts are whole units: 123.45 HUF (12345) pays 123.00 (12300), 45 stays payable
		assertThat(Currencies.payableAmount(12_345, "huf")).isEqualTo(12_300);
		assertThat(Currencies.payableAmount(99, "twd")).isZero();
		// three-decimal: the last digit must be 0: 1.234 KWD (1234) pays 1.230 (1230)
		assertThat(Currencies.payableAmount(1_234, "kwd")).isEqualTo(1_230);
		// ISK's two decimals are always 00: 5.50 (550) pays 5.00 (500)
		assertThat(Currencies.payableAmount(550, "isk")).isEqualTo(500);
		assertThat(Currencies.payableAmount(1_234, "jpy")).isEqualTo(1_234);
		assertThat(Currencies.payableAmount(1_234, "usd")).isEqualTo(1_234);
		assertThatIllegalArgumentException().isThrownBy(() -> Currencies.payableAmount(-1, "usd"));
		assertThatIllegalArgumentException().isThrownBy(() -> Currencies.rule(null));
	}

}
