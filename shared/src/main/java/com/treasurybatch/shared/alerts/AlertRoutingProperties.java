package com.treasurybatch.shared.alerts;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where alerts go, under {@code treasury.alerts} (environment {@code TREASURY_ALERTS_EMAIL_TO}, ...). A channel with
 * no destination is off.
 *
 * @param emailTo the ops list, e.g. {@code ops@example.com}; empty: no email
 * @param emailFrom the sender address
 * @param emailSeverities severities sent by email
 * @param slackWebhookUrl a Slack incoming webhook URL ({@code https://hooks.slack.com/services/...}); null: no Slack
 * @param slackSeverities severities posted to Slack
 * @param slackTimeoutSeconds connect and request timeout of a Slack post, 1 to 120
 * @param deliveriesPerRunMax most deliveries one delivery run attempts, 1 to 10000
 * @param attemptsMax failed attempts after which a delivery is given up (the alert stays in the table), 1 to 100
 */
@ConfigurationProperties("treasury.alerts")
public record AlertRoutingProperties(@DefaultValue List<String> emailTo,
		@DefaultValue("treasury-batch@localhost") String emailFrom,
		@DefaultValue({ "CRITICAL", "WARNING" }) List<Severity> emailSeverities, URI slackWebhookUrl,
		@DefaultValue({ "CRITICAL", "WARNING" }) List<Severity> slackSeverities,
		@DefaultValue("10") int slackTimeoutSeconds, @DefaultValue("500") int deliveriesPerRunMax,
		@DefaultValue("10") int attemptsMax) {

	/**
	 * Checks the ranges; copies the lists.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public AlertRoutingProperties {
		emailTo = (emailTo != null) ? emailTo.stream().filter((to) -> !to.isBlank()).toList() : List.of();
		emailSeverities = (emailSeverities != null) ? List.copyOf(emailSeverities) : List.of();
		slackSeverities = (slackSeverities != null) ? List.copyOf(slackSeverities) : List.of();
		if (slackTimeoutSeconds < 1 || slackTimeoutSeconds > 120) {
			throw new IllegalArgumentException("treasury.alerts.slack-timeout-seconds must be 1..120");
		}
		if (deliveriesPerRunMax < 1 || deliveriesPerRunMax > 10_000) {
			throw new IllegalArgumentException("treasury.alerts.deliveries-per-run-max must be 1..10000");
		}
		if (attemptsMax < 1 || attemptsMax > 100) {
			throw new IllegalArgumentException("treasury.alerts.attempts-max must be 1..100");
		}
	}

}
