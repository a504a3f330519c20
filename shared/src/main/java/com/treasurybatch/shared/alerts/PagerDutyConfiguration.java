package com.treasurybatch.shared.alerts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The PagerDuty channel, added to the routing (the router takes every {@link AlertChannel} bean). */
@Configuration(proxyBeanMethods = false)
public class PagerDutyConfiguration {

	/** Pages CRITICAL alerts when {@code treasury.alerts.pagerduty.routing-key} is set. */
	@Bean
	public PagerDutyAlertChannel pagerDutyAlertChannel(PagerDutyProperties properties) {
		return new PagerDutyAlertChannel(properties);
	}

}
