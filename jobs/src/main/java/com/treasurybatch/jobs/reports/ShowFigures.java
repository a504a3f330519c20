package com.treasurybatch.jobs.reports;

import java.util.List;

/**
 * One block of a show's figures for a period, as an event report prints them: a heading and a two-column table.
 *
 * @param heading what the block is, e.g. {@code Audience (Passport analytics)} or {@code Sales in USD (ledger)}
 * @param kpis the figures, in print order
 */
public record ShowFigures(String heading, List<Kpi> kpis) {

	/**
	 * One figure.
	 *
	 * @param label what it is, for people
	 * @param value the number: minor units when {@code currency} is set, a count otherwise
	 * @param currency lower-case ISO 4217 of an amount, or {@code null} for a count
	 */
	public record Kpi(String label, long value, String currency) {

		/** A count. */
		static Kpi count(String label, long value) {
			return new Kpi(label, value, null);
		}

		/** An amount in minor units. */
		static Kpi money(String label, long cents, String currency) {
			return new Kpi(label, cents, currency);
		}

	}

}
