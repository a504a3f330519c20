package com.treasurybatch.shared.inbox;

import java.time.Instant;
import java.util.Map;

/**
 * Counts of the whole inbox, for {@code inbox stats} and health.
 *
 * @param measuredAt when the counts were taken (UTC)
 * @param countsByStatus rows per status ({@code RECEIVED}, {@code PROCESSED}, {@code IGNORED}, {@code FAILED}),
 * sorted by status; statuses without rows are absent
 * @param countsByType rows per event type, sorted by type, at most {@link WebhookInbox#STATISTICS_TYPES_MAX}
 * types
 * @param backlog the {@code RECEIVED} rows and the age of the oldest
 */
public record InboxStatistics(Instant measuredAt, Map<String, Long> countsByStatus, Map<String, Long> countsByType,
		InboxBacklog backlog) {

	/** Copies the maps, keeping their order. */
	public InboxStatistics {
		countsByStatus = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(countsByStatus));
		countsByType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(countsByType));
	}

}
