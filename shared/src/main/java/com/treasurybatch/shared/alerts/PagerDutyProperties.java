package com.treasurybatch.shared.alerts;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PagerDuty paging, under {@code treasury.alerts.pagerduty} (environment {@code TREASURY_ALERTS_PAGERDUTY_ROUTING_KEY},
 * ...). Off without a routing key.
 *
 * @param routingKey the Events API v2 integration key of the service paged; null or blank: no PagerDuty
 * @param url the enqueue endpoint (developer.pagerduty.com/docs/events-api-v2/trigger-events)
 * @param severities severities that page
 * @param source the {@code payload.source} sent: this installation's name
 * @param timeoutSeconds connect and request timeout, 1 to 120
 */
@ConfigurationProperties("treasury.alerts.pagerduty")
public record PagerDutyProperties(String routingKey,
		@DefaultValue("https://events.pagerduty.com/v2/enqueue") URI url,
		@DefaultValue("CRITICAL") List<Severity> severities, @DefaultValue("treasury-batch") String source,
		@DefaultValue("10") int timeoutSeconds) {

	/**
	 * Checks the timeout; copies the list.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public PagerDutyProperties {
		severities = (severities != null) ? List.copyOf(severities) : List.of();
		if (timeoutSeconds < 1 || timeoutSeconds > 120) {
			throw new IllegalArgumentException("treasury.alerts.pagerduty.timeout-seconds must be 1..120");
		}
	}

}
