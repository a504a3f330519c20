package com.treasurybatch.shared.alerts;

/** An alert could not be sent on a channel; a later delivery run tries again. */
public class AlertDeliveryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what failed, without personal data
	 * @param cause the channel's error
	 */
	public AlertDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
