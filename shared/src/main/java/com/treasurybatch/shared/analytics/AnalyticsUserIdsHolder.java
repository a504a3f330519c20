package com.treasurybatch.shared.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.privacy.ErasureSubject;
import com.treasurybatch.shared.privacy.Holding;
import com.treasurybatch.shared.privacy.PersonalDataHolder;

/**
 * The erased subject's analytics user ids ({@code analytics_events.user_id}, the only personal identifier of the
 * analytics tables): set to null in their raw events. The events stay, with their type, time, dimensions and value,
 * so that the rollups (which hold no user id and never read it) give the same numbers before and after, and a rebuild
 * from the raw events too. Archived events ({@code analytics_event_archives}) are written without user ids.
 */
@Component
public class AnalyticsUserIdsHolder implements PersonalDataHolder {

	/** The holder's name in the erasure log. */
	public static final String NAME = "analytics_events.user_id";

	private final JdbcTemplate jdbc;

	/** @param jdbc the application's database */
	public AnalyticsUserIdsHolder(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Map<Long, Holding> assess(List<ErasureSubject> subjects) {
		return run(subjects, "SELECT user_id FROM analytics_events WHERE user_id = ANY(?::text[])");
	}

	@Override
	public Map<Long, Holding> erase(List<ErasureSubject> subjects, Instant now) {
		return run(subjects, """
				UPDATE analytics_events e SET user_id = NULL
				FROM (SELECT seq, user_id FROM analytics_events WHERE user_id = ANY(?::text[]) FOR UPDATE) AS old
				WHERE e.seq = old.seq RETURNING old.user_id""");
	}

	private Map<Long, Holding> run(List<ErasureSubject> subjects, String sql) {
		Map<String, List<Long>> requestsByUser = new HashMap<>();
		for (ErasureSubject subject : subjects) {
			subject.subject().analyticsUserIds().forEach((user) -> requestsByUser
				.computeIfAbsent(user, (u) -> new ArrayList<>()).add(subject.requestId()));
		}
		if (requestsByUser.isEmpty()) {
			return Map.of();
		}
		Map<Long, long[]> rows = new HashMap<>();
		this.jdbc.query(sql, (rs) -> {
			for (Long request : requestsByUser.getOrDefault(rs.getString(1), List.of())) {
				rows.computeIfAbsent(request, (r) -> new long[1])[0]++;
			}
		}, (Object) requestsByUser.keySet().toArray(String[]::new));
		Map<Long, Holding> holdings = new HashMap<>();
		rows.forEach((request, count) -> holdings.put(request, Holding.erased(NAME, count[0])));
		return holdings;
	}

}
