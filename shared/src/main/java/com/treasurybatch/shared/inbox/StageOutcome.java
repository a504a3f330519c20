package com.treasurybatch.shared.inbox;

/** What staging an event did. */
public enum StageOutcome {

	/** A new inbox row was inserted. */
	NEW,

	/** A row with this event id already existed; nothing was written. */
	DUPLICATE

}
