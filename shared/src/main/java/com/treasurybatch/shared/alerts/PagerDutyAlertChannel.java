package com.treasurybatch.shared.alerts;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts paged through the PagerDuty Events API v2: {@code POST <url>} of {@code {"routing_key", "event_action":
 * "trigger", "dedup_key", "payload": {"summary", "source", "severity"}}}, answered {@code 202} (accepted); the
 * resolve is the same {@code dedup_key} with {@code "event_action": "resolve"}
 * (developer.pagerduty.com/docs/events-api-v2/trigger-events, .../resolve-events). The dedup key is
 * {@code treasury-alert-<id>}, so the incident of one alert is one incident whatever is retried. Off without a
 * routing key.
 */
public class PagerDutyAlertChannel implements ResolvingAlertChannel {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int HTTP_ACCEPTED = 202;

	private static final int SUMMARY_LENGTH_MAX = 1024;

	private final PagerDutyProperties properties;

	private final HttpClient http;

	/**
	 * @param properties routing key, endpoint, severities, timeout
	 */
	public PagerDutyAlertChannel(PagerDutyProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(properties.timeoutSeconds())).build();
	}

	@Override
	public String name() {
		return "pagerduty";
	}

	@Override
	public String resolveName() {
		return "pagerduty_resolve";
	}

	@Override
	public boolean routes(Severity severity) {
		return this.properties.routingKey() != null && !this.properties.routingKey().isBlank()
				&& this.properties.severities().contains(severity);
	}

	/**
	 * The dedup key PagerDuty groups an alert's trigger and resolve by.
	 * @param alert as stored
	 * @return {@code treasury-alert-<id>}
	 */
	public static String dedupKey(Alert alert) {
		return "treasury-alert-" + alert.id();
	}

	@Override
	public void send(Alert alert) {
		String summary = AlertText.subject(alert) + ": " + alert.message();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("summary", (summary.length() > SUMMARY_LENGTH_MAX) ? summary.substring(0, SUMMARY_LENGTH_MAX)
				: summary);
		payload.put("source", this.properties.source());
		payload.put("severity", severity(alert.severity()));
		payload.put("component", alert.kind());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("routing_key", this.properties.routingKey());
		event.put("event_action", "trigger");
		event.put("dedup_key", dedupKey(alert));
		event.put("payload", payload);
		post(event, alert);
	}

	@Override
	public void sendResolve(Alert alert) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("routing_key", this.properties.routingKey());
		event.put("event_action", "resolve");
		event.put("dedup_key", dedupKey(alert));
		post(event, alert);
	}

	/** PagerDuty's payload severities are critical, error, warning, info. */
	private static String severity(Severity severity) {
		return severity.name().toLowerCase(Locale.ROOT);
	}

	private void post(Map<String, Object> event, Alert alert) {
		HttpRequest request = HttpRequest.newBuilder(this.properties.url())
			.timeout(Duration.ofSeconds(this.properties.timeoutSeconds()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event)))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != HTTP_ACCEPTED) {
				throw new AlertDeliveryException("PagerDuty answered " + response.statusCode() + " to "
						+ event.get("event_action") + " of alert " + alert.id() + ": " + response.body(), null);
			}
		}
		catch (IOException ex) {
			throw new AlertDeliveryException("PagerDuty " + event.get("event_action") + " of alert " + alert.id()
					+ " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AlertDeliveryException("Interrupted while paging alert " + alert.id(), ex);
		}
	}

}
