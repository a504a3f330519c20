package com.treasurybatch.jobs.inbox.handlers;

/**
 * An operating error: this event cannot be applied as it is (malformed payload, metadata that breaks the
 * conventions, a state Stripe should never report). The event's effects are rolled back to its savepoint and its
 * inbox row is marked FAILED with this message, to be retried with backoff. Never thrown for infrastructure
 * problems: those fail the step.
 */
public class InapplicableEventException extends RuntimeException {

	/**
	 * @param message why, for the inbox row's {@code last_error}; ids only, no personal data
	 */
	InapplicableEventException(String message) {
		super(message);
	}

	/**
	 * @param message why, for the inbox row's {@code last_error}
	 * @param cause the parsing or validation error behind it
	 */
	InapplicableEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
