/**
 * The {@code analytics-rollups} job: Passport events past the watermark into hourly and daily rollups, leaderboards
 * recomputed for what changed, show financials from the ledger; a rebuild mode for a range of days.
 */
package com.treasurybatch.jobs.analytics;
