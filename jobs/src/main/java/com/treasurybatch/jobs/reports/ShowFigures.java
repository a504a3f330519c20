package com.treasurybatch.jobs.reports;

import java.util.List;

/**
 * A show's figures for a period in one currency, as an event report prints them.
 *
 * @param showId the product side's id of the show (orders' {@code tb_item_id} of ticket sales)
 * @param currency lower-case ISO 4217
 * @param kpis the figures, in print order
 */
public record ShowFigures(String showId, String currency, List<Kpi> kpis) {

	/**
	 * One figure.
	 *
	 * @param label what it is, for people
	 * @param value the number: minor units when {@code money}, a count otherwise
	 * @param money true for an amount in the figures' currency
	 */
	public record Kpi(String label, long value, boolean money) {
	}

}
