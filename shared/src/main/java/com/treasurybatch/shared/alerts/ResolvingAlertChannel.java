package com.treasurybatch.shared.alerts;

/**
 * A channel that is also told when an alert it delivered is resolved (PagerDuty closes the incident it opened). The
 * resolve is a delivery of its own, stored in {@code alert_deliveries} under {@link #resolveName()}, so it too is
 * sent once.
 */
public interface ResolvingAlertChannel extends AlertChannel {

	/**
	 * The resolve deliveries' channel name as stored.
	 * @return e.g. {@code pagerduty_resolve}
	 */
	String resolveName();

	/**
	 * Tells the channel that an alert it delivered is resolved.
	 * @param alert as stored, resolved
	 * @throws AlertDeliveryException if it could not be sent (retried by a later delivery run)
	 */
	void sendResolve(Alert alert);

}
