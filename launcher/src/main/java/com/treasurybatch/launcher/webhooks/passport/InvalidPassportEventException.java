package com.treasurybatch.launcher.webhooks.passport;

/** A body that is not a Passport event or a batch of them, with a one-line reason naming the event and field. */
class InvalidPassportEventException extends Exception {

	InvalidPassportEventException(String reason) {
		super(reason, null, false, false);
	}

}
