package com.treasurybatch.shared.alerts;

/** One way alerts reach people (email, Slack): stored in {@code alert_deliveries.channel}. */
public interface AlertChannel {

	/**
	 * The channel's name as stored.
	 * @return {@code email} or {@code slack}
	 */
	String name();

	/**
	 * Whether this channel is configured and takes alerts of this severity.
	 * @param severity the alert's
	 * @return true to send
	 */
	boolean routes(Severity severity);

	/**
	 * Sends one alert.
	 * @param alert as stored
	 * @throws AlertDeliveryException if it could not be sent (retried by a later delivery run)
	 */
	void send(Alert alert);

}
