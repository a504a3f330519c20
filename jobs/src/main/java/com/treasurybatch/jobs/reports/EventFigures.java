package com.treasurybatch.jobs.reports;

import java.util.List;

/**
 * Where an event report reads a show's figures. Implemented over the ledger ({@link LedgerEventFigures}: money);
 * an analytics implementation (views, conversion, ...) can add its figures without changing
 * {@link EventReportWriter}, which prints whatever KPIs it is given.
 */
public interface EventFigures {

	/** Shows with ticket sales in the period, sorted. */
	List<String> shows(ReportRequest request);

	/** A show's figures in the period, one entry per currency, sorted by currency. */
	List<ShowFigures> figures(String showId, ReportRequest request);

}
