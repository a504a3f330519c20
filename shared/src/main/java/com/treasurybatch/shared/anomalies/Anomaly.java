package com.treasurybatch.shared.anomalies;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An anomaly as stored.
 *
 * @param id database id
 * @param businessDate the UTC day examined
 * @param rule which rule fired, e.g. {@code payee_day_above_median}
 * @param subject what it is about: a connected account {@code acct_...} or {@code journal:<id>}
 * @param currency the currency of the figures, ISO lowercase ({@code usd})
 * @param figures the numbers that fired, as JSON (amounts in minor units)
 * @param message for people
 * @param explanation a reviewer's explanation, or null
 * @param createdAt when it was flagged (UTC)
 * @param resolvedAt when it was resolved, or null while open
 * @param resolvedBy who resolved it, or null
 * @param resolutionNote why, or null
 */
public record Anomaly(long id, LocalDate businessDate, String rule, String subject, String currency, String figures, String message,
		String explanation, Instant createdAt, Instant resolvedAt, String resolvedBy, String resolutionNote) {
}
