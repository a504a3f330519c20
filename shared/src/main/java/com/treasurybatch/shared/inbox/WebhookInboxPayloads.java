package com.treasurybatch.shared.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.privacy.ErasureSubject;
import com.treasurybatch.shared.privacy.Holding;
import com.treasurybatch.shared.privacy.PersonalDataHolder;
import com.treasurybatch.shared.privacy.PrivacyProperties;

/**
 * Personal data inside stored Stripe events ({@code webhook_inbox.payload}): Stripe objects carry buyers' emails,
 * names, addresses and phone numbers (Checkout Session {@code customer_details}, Charge {@code billing_details},
 * Account {@code individual}...). Events are found by the identifiers {@code inbox_subject_keys} computes (emails at
 * Stripe's email paths, the {@code customer} id, the connected account), stored per row in the GIN-indexed
 * {@code subject_keys} column (V39); the configured
 * {@link PrivacyProperties#inboxRedactedPaths() paths} are set to JSON null, everything else (ids, amounts, metadata)
 * stays, so the event still explains its journal. Nothing is kept under a duty: the ledger, not the payload, is the
 * book of account.
 *
 * <p>
 * Also applies the inbox retention policy ({@link #redactReceivedBefore}).
 */
@Component
public class WebhookInboxPayloads implements PersonalDataHolder {

	/** The holder's name in the erasure log. */
	public static final String NAME = "webhook_inbox";

	/** The statuses of rows inbox-processing is done with, as an SQL list. */
	private static final String DONE_STATUSES = "('" + InboxStatus.PROCESSED + "', '" + InboxStatus.IGNORED + "')";

	private final JdbcTemplate jdbc;

	private final String redacted;

	/**
	 * @param jdbc the application's database
	 * @param properties the redacted paths
	 */
	public WebhookInboxPayloads(JdbcTemplate jdbc, PrivacyProperties properties) {
		this.jdbc = jdbc;
		this.redacted = redactedPayload(properties.inboxRedactedPaths());
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Map<Long, Holding> assess(List<ErasureSubject> subjects) {
		return matches(subjects, false, null);
	}

	@Override
	public Map<Long, Holding> erase(List<ErasureSubject> subjects, Instant now) {
		return matches(subjects, true, now);
	}

	/**
	 * Redacts one batch of processed or ignored events received before the cutoff and not redacted yet, oldest
	 * first; each call is its own statement, so a sweep commits batch by batch and a restart goes on where it stopped.
	 * @param cutoff events received before this instant (UTC) are redacted
	 * @param rowsMax at most this many rows
	 * @param now stamped as {@code redacted_at}
	 * @return rows redacted; 0 when the policy is fully applied
	 */
	public int redactReceivedBefore(Instant cutoff, int rowsMax, Instant now) {
		return this.jdbc.update("UPDATE webhook_inbox SET payload = " + this.redacted + ", redacted_at = ?"
				+ " WHERE id IN (SELECT id FROM webhook_inbox WHERE redacted_at IS NULL AND received_at < ?"
				+ " AND status IN " + DONE_STATUSES + " ORDER BY received_at, id LIMIT ? FOR UPDATE SKIP LOCKED)",
				Timestamp.from(now), Timestamp.from(cutoff), rowsMax);
	}

	/**
	 * @param cutoff as for {@link #redactReceivedBefore}
	 * @return how many rows the policy would redact now (dry run)
	 */
	public long countReceivedBefore(Instant cutoff) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM webhook_inbox WHERE redacted_at IS NULL"
				+ " AND received_at < ? AND status IN " + DONE_STATUSES, Long.class, Timestamp.from(cutoff));
		return (count != null) ? count : 0;
	}

	private Map<Long, Holding> matches(List<ErasureSubject> subjects, boolean redact, Instant now) {
		Map<String, List<Long>> requestsByKey = new HashMap<>();
		for (ErasureSubject subject : subjects) {
			for (String key : subject.subject().keys()) {
				requestsByKey.computeIfAbsent(key, (k) -> new ArrayList<>()).add(subject.requestId());
			}
		}
		if (requestsByKey.isEmpty()) {
			return Map.of();
		}
		// one GIN index probe per identifier (an array overlap with thousands of keys would compare every row with
		// every key); only rows whose payload still holds something to redact count
		Map<Long, Set<Long>> rowsByRequest = new HashMap<>();
		Set<Long> ids = new HashSet<>();
		this.jdbc.query("SELECT w.id, k.key FROM unnest(?::text[]) AS k(key) CROSS JOIN LATERAL (SELECT id FROM"
				+ " webhook_inbox WHERE subject_keys @> ARRAY[k.key] AND payload IS DISTINCT FROM "
				+ this.redacted + ") AS w", (rs) -> {
					long id = rs.getLong("id");
					ids.add(id);
					for (Long request : requestsByKey.getOrDefault(rs.getString("key"), List.of())) {
						rowsByRequest.computeIfAbsent(request, (r) -> new HashSet<>()).add(id);
					}
				}, (Object) requestsByKey.keySet().toArray(String[]::new));
		if (redact && !ids.isEmpty()) {
			this.jdbc.update("UPDATE webhook_inbox SET payload = " + this.redacted + ", redacted_at = ?"
					+ " WHERE id = ANY(?::bigint[])", Timestamp.from(now), ids.toArray(Long[]::new));
		}
		Map<Long, Holding> holdings = new HashMap<>();
		rowsByRequest.forEach((request, rows) -> holdings.put(request, Holding.erased(NAME, rows.size())));
		return holdings;
	}

	/** {@code jsonb_set(jsonb_set(payload, '{a,b}', 'null', false), ...)}: each present path set to JSON null. */
	private static String redactedPayload(List<String> paths) {
		String expression = "payload";
		for (String path : paths) {
			// paths are validated as dotted lower-case names (PrivacyProperties), safe to inline
			expression = "jsonb_set(" + expression + ", '{" + path.replace('.', ',') + "}', 'null'::jsonb, false)";
		}
		return expression;
	}

}
