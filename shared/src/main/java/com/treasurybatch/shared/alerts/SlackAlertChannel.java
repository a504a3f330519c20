package com.treasurybatch.shared.alerts;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts posted to a Slack incoming webhook: {@code POST} of {@code {"text": "..."}} as JSON, answered {@code 200 ok}
 * (docs.slack.dev/messaging/sending-messages-using-incoming-webhooks). Off when no URL is configured.
 */
public class SlackAlertChannel implements AlertChannel {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int HTTP_OK = 200;

	private final AlertRoutingProperties properties;

	private final HttpClient http;

	/**
	 * @param properties webhook URL, severities, timeout
	 */
	public SlackAlertChannel(AlertRoutingProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(properties.slackTimeoutSeconds()))
			.build();
	}

	@Override
	public String name() {
		return "slack";
	}

	@Override
	public boolean routes(Severity severity) {
		return this.properties.slackWebhookUrl() != null && this.properties.slackSeverities().contains(severity);
	}

	@Override
	public void send(Alert alert) {
		String text = "*" + AlertText.subject(alert) + "*\n" + AlertText.body(alert);
		HttpRequest request = HttpRequest.newBuilder(this.properties.slackWebhookUrl())
			.timeout(Duration.ofSeconds(this.properties.slackTimeoutSeconds()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text", text))))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != HTTP_OK) {
				throw new AlertDeliveryException(
						"Slack answered " + response.statusCode() + " to alert " + alert.id() + ": " + response.body(),
						null);
			}
		}
		catch (IOException ex) {
			throw new AlertDeliveryException("Slack post of alert " + alert.id() + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AlertDeliveryException("Interrupted while posting alert " + alert.id() + " to Slack", ex);
		}
	}

}
