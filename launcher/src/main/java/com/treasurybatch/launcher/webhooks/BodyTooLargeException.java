package com.treasurybatch.launcher.webhooks;

/** A request body longer than the receiver accepts. */
public class BodyTooLargeException extends Exception {

	BodyTooLargeException(String reason) {
		super(reason, null, false, false);
	}

}
