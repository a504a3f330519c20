package com.treasurybatch.launcher.webhooks;

/** The event could not be staged now (database down, queue full, shutting down): the sender should retry. */
class InboxUnavailableException extends Exception {

	InboxUnavailableException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
