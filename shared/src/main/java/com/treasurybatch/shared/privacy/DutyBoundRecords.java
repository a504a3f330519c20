package com.treasurybatch.shared.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A holder whose rows a law makes us keep: it erases nothing, counts the subject's rows and reports them kept under
 * its {@link LegalDuty} until the duty ends for the youngest of them. The rows reference the subject only by an
 * opaque id (a connected account, a customer id), which is why the ledger balances before and after an erasure.
 *
 * <p>
 * The count query takes one {@code text[]} parameter (the chunk's identifiers of one kind) and returns, per
 * identifier found, the columns {@code subject_key}, {@code rows} and {@code latest} (the youngest row's date).
 */
public final class DutyBoundRecords implements PersonalDataHolder {

	private final String name;

	private final LegalDuty duty;

	private final Function<DataSubject, List<String>> identifiers;

	private final String countSql;

	private final JdbcTemplate jdbc;

	/**
	 * @param name the holder's name, e.g. {@code ledger_postings}
	 * @param duty why its rows are kept
	 * @param identifiers which of a subject's identifiers the rows reference, e.g. {@link DataSubject#accountIds()}
	 * @param countSql the count query (see the class comment)
	 * @param jdbc the application's database
	 */
	public DutyBoundRecords(String name, LegalDuty duty, Function<DataSubject, List<String>> identifiers,
			String countSql, JdbcTemplate jdbc) {
		this.name = name;
		this.duty = duty;
		this.identifiers = identifiers;
		this.countSql = countSql;
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Map<Long, Holding> assess(List<ErasureSubject> subjects) {
		Map<String, List<Long>> requestsByKey = new HashMap<>();
		for (ErasureSubject subject : subjects) {
			for (String key : this.identifiers.apply(subject.subject())) {
				requestsByKey.computeIfAbsent(key, (k) -> new ArrayList<>()).add(subject.requestId());
			}
		}
		if (requestsByKey.isEmpty()) {
			return Map.of();
		}
		Map<Long, long[]> rows = new HashMap<>();
		Map<Long, Instant> latest = new HashMap<>();
		this.jdbc.query(this.countSql, (rs) -> {
			Timestamp youngest = rs.getTimestamp("latest");
			for (Long request : requestsByKey.getOrDefault(rs.getString("subject_key"), List.of())) {
				rows.computeIfAbsent(request, (r) -> new long[1])[0] += rs.getLong("rows");
				if (youngest != null) {
					latest.merge(request, youngest.toInstant(), (a, b) -> a.isAfter(b) ? a : b);
				}
			}
		}, (Object) requestsByKey.keySet().toArray(String[]::new));
		Map<Long, Holding> holdings = new HashMap<>();
		rows.forEach((request, count) -> {
			if (count[0] > 0) {
				holdings.put(request, Holding.kept(this.name, count[0], this.duty,
						this.duty.endsFor(latest.getOrDefault(request, Instant.EPOCH))));
			}
		});
		return holdings;
	}

	/** Erases nothing: the same answer as {@link #assess}. */
	@Override
	public Map<Long, Holding> erase(List<ErasureSubject> subjects, Instant now) {
		return assess(subjects);
	}

}
