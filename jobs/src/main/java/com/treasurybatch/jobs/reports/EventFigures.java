package com.treasurybatch.jobs.reports;

import java.util.List;

import com.treasurybatch.shared.reports.ReportRequest;

/**
 * Where an event report reads a show's figures ({@link ShowEventFigures}: analytics KPIs and ledger money);
 * {@link EventReportRenderer} prints whatever blocks it is given.
 */
public interface EventFigures {

	/** Shows with paid ticket sales in the period, sorted. */
	List<String> shows(ReportRequest request);

	/** A show's figures in the period: blocks in print order. */
	List<ShowFigures> figures(String showId, ReportRequest request);

}
