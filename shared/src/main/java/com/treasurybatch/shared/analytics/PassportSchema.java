package com.treasurybatch.shared.analytics;

import java.util.Set;

/** What this system counts of Passport's event schema: the known event types and schema versions. */
public final class PassportSchema {

	/** Event types counted in the rollups; others are staged and flagged. */
	public static final Set<String> TYPES = Set.of("play", "vote", "attendance", "revenue", "engagement");

	/** Schema versions understood; others are staged and flagged. */
	public static final Set<String> SCHEMA_VERSIONS = Set.of("1");

	/** The dimension value meaning "all" in leaderboards; refused in events. */
	public static final String ALL = "*";

	/** Most events in one delivery. */
	public static final int EVENTS_PER_DELIVERY_MAX = 1_000;

	private PassportSchema() {
	}

}
