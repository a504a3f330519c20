package com.treasurybatch.jobs.reports;

import java.time.LocalDate;
import java.util.OptionalInt;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Standard VAT rates of the EU member states from {@code vat_rates} (basis points, by valid-from date; a rate
 * change is a new row, so an old month keeps its old rate).
 */
@Component
class VatRates {

	private final JdbcClient jdbc;

	VatRates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The rate of a country on a day, in basis points; empty for a country outside the table (not in the EU). */
	OptionalInt rateBps(String country, LocalDate day) {
		return this.jdbc.sql("""
				SELECT rate_bps FROM vat_rates WHERE country = ? AND valid_from <= ?
				ORDER BY valid_from DESC LIMIT 1""")
			.params(country, day)
			.query(Integer.class)
			.optional()
			.map(OptionalInt::of)
			.orElse(OptionalInt.empty());
	}

	/** Whether a country is an EU member state (has a rate). */
	boolean isMemberState(String country) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM vat_rates WHERE country = ?)")
			.param(country)
			.query(Boolean.class)
			.single();
	}

}
