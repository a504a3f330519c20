package com.treasurybatch.shared.analytics;

/** What staging did with one Passport event. */
public enum StagedOutcome {

	/** Stored now. */
	STORED,

	/** Its event id was already stored (or came earlier in the same batch): nothing written. */
	DUPLICATE

}
