package com.treasurybatch.jobs.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.analytics.AnalyticsReads;
import com.treasurybatch.shared.analytics.KpiTotal;
import com.treasurybatch.shared.analytics.ShowFinancials;
import com.treasurybatch.shared.analytics.ShowLedger;
import com.treasurybatch.shared.reports.ReportRequest;

/**
 * An event report's figures for a show and a month:
 * <ul>
 * <li>audience: the month's Passport KPIs of the show from the daily rollups of analytics-rollups
 * ({@link AnalyticsReads#showTotals}): the value totals of plays, votes, attendance, revenue (minor units as Passport
 * reports them, no currency) and engagement, 0 for a type without events;</li>
 * <li>money, one block per currency: the show's ticket sales effective in the month with their refunds and disputes
 * booked before its end ({@link ShowLedger}, the definition analytics-rollups stores too).</li>
 * </ul>
 */
@Component
class ShowEventFigures implements EventFigures {

	/** Passport types in print order, with their labels. */
	private static final List<Map.Entry<String, String>> AUDIENCE = List.of(Map.entry("play", "Plays"),
			Map.entry("vote", "Votes"), Map.entry("attendance", "Attendance"),
			Map.entry("revenue", "Revenue reported by Passport (minor units)"), Map.entry("engagement", "Engagement"));

	private final ShowLedger ledger;

	private final AnalyticsReads analytics;

	ShowEventFigures(ShowLedger ledger, AnalyticsReads analytics) {
		this.ledger = ledger;
		this.analytics = analytics;
	}

	@Override
	public List<String> shows(ReportRequest request) {
		return this.ledger.shows(request.from(), request.to());
	}

	@Override
	public List<ShowFigures> figures(String showId, ReportRequest request) {
		List<ShowFigures> blocks = new ArrayList<>();
		Map<String, KpiTotal> totals = this.analytics
			.showTotals(showId, request.firstDay(), request.endDay().minusDays(1))
			.stream()
			.collect(Collectors.toMap(KpiTotal::type, Function.identity()));
		List<ShowFigures.Kpi> audience = new ArrayList<>();
		for (Map.Entry<String, String> type : AUDIENCE) {
			KpiTotal total = totals.get(type.getKey());
			audience.add(ShowFigures.Kpi.count(type.getValue(), (total != null) ? total.valueTotal() : 0));
		}
		blocks.add(new ShowFigures("Audience (Passport analytics)", audience));
		for (ShowFinancials money : this.ledger.financials(showId, request.from(), request.to())) {
			String currency = money.currency();
			blocks.add(new ShowFigures("Sales in " + currency.toUpperCase(Locale.ROOT) + " (ledger)",
					List.of(ShowFigures.Kpi.count("Paid orders", money.orders()),
							ShowFigures.Kpi.money("Gross sales", money.grossCents(), currency),
							ShowFigures.Kpi.money("Refunds", money.refundsCents(), currency),
							ShowFigures.Kpi.money("Disputes (payees' part, open or lost)", money.disputesCents(),
									currency),
							ShowFigures.Kpi.money("Platform fees (net of refunds)", money.feesCents(), currency),
							ShowFigures.Kpi.money("Net payable to payees", money.netPayableCents(), currency),
							ShowFigures.Kpi.money("Stripe fees (borne by the platform)", money.stripeFeesCents(),
									currency))));
		}
		return blocks;
	}

}
