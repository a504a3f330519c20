package com.treasurybatch.launcher.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.analytics.AnalyticsReads;
import com.treasurybatch.shared.analytics.KpiQuery;
import com.treasurybatch.shared.analytics.KpiRow;
import com.treasurybatch.shared.analytics.LeaderboardEntry;
import com.treasurybatch.shared.analytics.LeaderboardQuery;

/**
 * {@code /api/analytics}: the dashboards' read-only view of the rollups and leaderboards (AUDITOR, FINANCE, OPS).
 * Pages of {@code limit} (1 to 1000, default 100) from {@code offset}; {@code nextOffset} is null on the last page.
 * Values are counts, or minor units for {@code revenue}; dates and hours are UTC. A bad parameter is a 400 problem.
 */
@RestController
@RequestMapping("/api/analytics")
class AnalyticsController {

	private final AnalyticsReads reads;

	AnalyticsController(AnalyticsReads reads) {
		this.reads = reads;
	}

	/**
	 * {@code GET /api/analytics/kpis?grain=day|hour&from=DATE&to=DATE[&type=&artist=&show=&city=&genre=]
	 * [&limit=&offset=]}: {@code {"items":[{"bucketStart":"2026-11-20T10:00:00Z","type":"play","artistId":...,
	 * "showId":...,"city":...,"genre":...,"events":3,"valueTotal":3}],"limit":100,"offset":0,"nextOffset":null}}.
	 */
	@GetMapping("/kpis")
	Page<KpiRow> kpis(@RequestParam(defaultValue = "day") String grain,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String type, @RequestParam(required = false) String artist,
			@RequestParam(required = false) String show, @RequestParam(required = false) String city,
			@RequestParam(required = false) String genre, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(defaultValue = "0") long offset) {
		KpiQuery.Grain parsed = switch (grain.toLowerCase(Locale.ROOT)) {
			case "day" -> KpiQuery.Grain.DAY;
			case "hour" -> KpiQuery.Grain.HOUR;
			default -> throw new IllegalArgumentException("grain must be day or hour, got '" + grain + "'");
		};
		KpiQuery query = new KpiQuery(parsed, from, to, type, artist, show, city, genre, limit, offset);
		return Page.of(this.reads.kpis(query), limit, offset);
	}

	/**
	 * {@code GET /api/analytics/leaderboards?period=day|week|month&date=DATE&type=play[&show=&city=&genre=]
	 * [&limit=&offset=]}: the board of the period containing {@code date}, global unless {@code show} is given:
	 * {@code {"items":[{"rank":1,"artistId":"art_1","events":3,"valueTotal":3}],"limit":100,"offset":0,
	 * "nextOffset":null}}.
	 */
	@GetMapping("/leaderboards")
	Page<LeaderboardEntry> leaderboards(@RequestParam(defaultValue = "day") String period,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date, @RequestParam String type,
			@RequestParam(required = false) String show, @RequestParam(required = false) String city,
			@RequestParam(required = false) String genre, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(defaultValue = "0") long offset) {
		LeaderboardQuery.Period parsed;
		try {
			parsed = LeaderboardQuery.Period.valueOf(period.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("period must be day, week or month, got '" + period + "'");
		}
		LeaderboardQuery query = new LeaderboardQuery(parsed, date, type, show, city, genre, limit, offset);
		return Page.of(this.reads.leaderboard(query), limit, offset);
	}

	/** A page of items; {@code nextOffset} is null when this page is the last. */
	record Page<T>(List<T> items, int limit, long offset, Long nextOffset) {

		static <T> Page<T> of(List<T> items, int limit, long offset) {
			return new Page<>(items, limit, offset, (items.size() == limit) ? offset + limit : null);
		}

	}

}
