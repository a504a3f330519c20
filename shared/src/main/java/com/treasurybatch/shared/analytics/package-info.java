/**
 * Passport analytics: raw events staged as received (unique by event id), and the read service over the rollups,
 * leaderboards and show financials that the {@code analytics-rollups} job keeps.
 */
package com.treasurybatch.shared.analytics;
