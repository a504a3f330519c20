package com.treasurybatch.jobs.inbox.handlers;

/** What a handler did with an event; the inbox row's final status. */
public enum HandlerOutcome {

	/** Applied (or found to be already applied, or older than what was applied). */
	PROCESSED,

	/** Kept but not acted on: nothing in it concerns this system. */
	IGNORED

}
