package com.treasurybatch.jobs.reports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.ledger.MinorUnits;

/**
 * Article 230 of Directive 2006/112/EC: the VAT of an invoice in another currency is also stated in the national
 * currency of the member state where it is due, converted (Article 91 (2)) at the latest reference rate published
 * on or before the chargeable event. Currencies of member states from {@code vat_state_currencies}; rates
 * (units per euro, e.g. the ECB's euro foreign exchange reference rates) from {@code reference_exchange_rates},
 * loaded by finance: nothing is fetched over the network, and a missing rate fails the invoice rather than
 * guessing one.
 */
@Component
class ReferenceRates {

	private final JdbcClient jdbc;

	ReferenceRates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The VAT in the currency of the member state where it is due, when that is not the document's currency.
	 * @param country ISO 3166-1 alpha-2 of the member state where the VAT is due
	 * @param day the chargeable event (the last day of the month of supply)
	 * @param currency the document's currency, lower case
	 * @param vatCents the VAT in it, minor units
	 * @return empty when the state's currency is the document's
	 * @throws IllegalStateException when no rate of the state's currency (and the document's, unless euro) was
	 * published on or before the day
	 */
	Optional<VatInvoice.StateVat> stateVat(String country, LocalDate day, String currency, long vatCents) {
		String state = this.jdbc.sql("""
				SELECT currency FROM vat_state_currencies WHERE country = ? AND valid_from <= ?
				ORDER BY valid_from DESC LIMIT 1""")
			.params(country, day)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("No currency of member state " + country + " on " + day))
			.trim();
		if (state.equals(currency)) {
			return Optional.empty();
		}
		// both sides as units per euro, from one day and source; the euro is 1
		String first = "eur".equals(state) ? currency : state;
		String second = "eur".equals(state) || "eur".equals(currency) ? null : currency;
		Quote quote = this.jdbc.sql("""
				SELECT f.day, f.source, f.per_euro AS first_per_euro, coalesce(s.per_euro, 1) AS second_per_euro
				FROM reference_exchange_rates f
				LEFT JOIN reference_exchange_rates s ON s.currency = ? AND s.day = f.day AND s.source = f.source
				WHERE f.currency = ? AND f.day <= ? AND (?::text IS NULL OR s.per_euro IS NOT NULL)
				ORDER BY f.day DESC, f.source LIMIT 1""")
			.params(second, first, day, second)
			.query(Quote.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("No reference rate of " + state + " per " + currency
					+ " on or before " + day + " (Article 230): load it into reference_exchange_rates"));
		BigDecimal statePerEuro = "eur".equals(state) ? BigDecimal.ONE : quote.firstPerEuro();
		BigDecimal documentPerEuro = "eur".equals(state) ? quote.firstPerEuro()
				: ("eur".equals(currency) ? BigDecimal.ONE : quote.secondPerEuro());
		BigDecimal rate = statePerEuro.divide(documentPerEuro, MathContext.DECIMAL64).setScale(6, RoundingMode.HALF_UP);
		return Optional.of(new VatInvoice.StateVat(state, convert(vatCents, currency, state, rate), rate,
				quote.source(), quote.day()));
	}

	/** Minor units of one currency in another at a rate, rounded half up (the one place decimals are read). */
	static long convert(long cents, String from, String to, BigDecimal rate) {
		return BigDecimal.valueOf(cents)
			.multiply(rate)
			.movePointRight(MinorUnits.decimals(to) - MinorUnits.decimals(from))
			.setScale(0, RoundingMode.HALF_UP)
			.longValueExact();
	}

	/** Rates of one day and source, units per euro. */
	record Quote(LocalDate day, String source, BigDecimal firstPerEuro, BigDecimal secondPerEuro) {
	}

}
