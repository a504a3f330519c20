package com.treasurybatch.shared.retention;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.privacy.ErasureSubject;
import com.treasurybatch.shared.privacy.Holding;
import com.treasurybatch.shared.privacy.PersonalDataHolder;

/**
 * A {@link PersonalDataHolder} over a table that names buyers and payees by their opaque {@code contacts.id}
 * (schema/V15): the subject's contacts are found by email (lower-case) and by connected account, then the table's
 * rows of those contacts are erased (deleted or pseudonymised) by one statement per chunk. Nothing here is kept under
 * a legal duty: marketing and retention-email data are processed on consent or legitimate interest only.
 *
 * <p>
 * Holders of rows referring to a contact run before {@link ContactsHolder} (their {@code @Order} is lower), which
 * deletes the contact last: once it is gone, a second call finds nothing (idempotent).
 */
public abstract class ContactRowsHolder implements PersonalDataHolder {

	/** The {@code @Order} of holders of rows referring to a contact: before the contact itself goes. */
	public static final int REFERRING_ROWS_ORDER = 100;

	/** What a pseudonymised row names as its contact: no contact has this id (contacts ids are {@code ct_} + 6..64). */
	public static final String ERASED_CONTACT = "erased";

	private final String name;

	private final String countSql;

	private final String eraseSql;

	private final JdbcTemplate jdbc;

	/**
	 * @param name the holder's name (the table)
	 * @param countSql one {@code text[]} parameter (contact ids); one row per row to erase, its first column the
	 * contact id
	 * @param eraseSql the same parameter; deletes or pseudonymises, returning one row per row changed, its first column
	 * the contact id it had
	 * @param jdbc the application's database
	 */
	protected ContactRowsHolder(String name, String countSql, String eraseSql, JdbcTemplate jdbc) {
		this.name = name;
		this.countSql = countSql;
		this.eraseSql = eraseSql;
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Map<Long, Holding> assess(List<ErasureSubject> subjects) {
		return run(subjects, this.countSql);
	}

	@Override
	public Map<Long, Holding> erase(List<ErasureSubject> subjects, Instant now) {
		return run(subjects, this.eraseSql);
	}

	private Map<Long, Holding> run(List<ErasureSubject> subjects, String sql) {
		Map<String, Set<Long>> requestsByContact = contactsOf(this.jdbc, subjects);
		if (requestsByContact.isEmpty()) {
			return Map.of();
		}
		Map<Long, long[]> rows = new HashMap<>();
		this.jdbc.query(sql, (rs) -> {
			for (Long request : requestsByContact.getOrDefault(rs.getString(1), Set.of())) {
				rows.computeIfAbsent(request, (r) -> new long[1])[0]++;
			}
		}, (Object) requestsByContact.keySet().toArray(String[]::new));
		Map<Long, Holding> holdings = new HashMap<>();
		rows.forEach((request, count) -> holdings.put(request, Holding.erased(this.name, count[0])));
		return holdings;
	}

	/**
	 * The contacts of a chunk of subjects, by email (lower-case) or connected account, in one statement.
	 * @return per contact id, the requests naming it
	 */
	static Map<String, Set<Long>> contactsOf(JdbcTemplate jdbc, List<ErasureSubject> subjects) {
		Map<String, Set<Long>> requestsByKey = new HashMap<>();
		for (ErasureSubject subject : subjects) {
			subject.subject().emails().forEach((email) -> requestsByKey
				.computeIfAbsent("email:" + email, (k) -> new HashSet<>()).add(subject.requestId()));
			subject.subject().accountIds().forEach((account) -> requestsByKey
				.computeIfAbsent("account:" + account, (k) -> new HashSet<>()).add(subject.requestId()));
		}
		Map<String, Set<Long>> requestsByContact = new HashMap<>();
		if (requestsByKey.isEmpty()) {
			return requestsByContact;
		}
		List<String> emails = subjects.stream().flatMap((s) -> s.subject().emails().stream()).distinct().toList();
		List<String> accounts = subjects.stream().flatMap((s) -> s.subject().accountIds().stream()).distinct().toList();
		// one index probe per identifier: contacts_email_key (lower(email)) and contacts_stripe_account_key
		jdbc.query("""
				SELECT id, 'email:' || lower(email) FROM contacts WHERE lower(email) = ANY(?::text[])
				UNION ALL
				SELECT id, 'account:' || stripe_account FROM contacts WHERE stripe_account = ANY(?::text[])""",
				(rs) -> {
					requestsByContact.computeIfAbsent(rs.getString(1), (c) -> new HashSet<>())
						.addAll(requestsByKey.getOrDefault(rs.getString(2), Set.of()));
				}, emails.toArray(String[]::new), accounts.toArray(String[]::new));
		return requestsByContact;
	}

}
