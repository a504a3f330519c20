package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Posts to the receiver over real HTTP on loopback, as Stripe would. */
final class WebhookClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI endpoint;

	WebhookClient(int port) {
		this.endpoint = URI.create("http://127.0.0.1:" + port + StripeWebhookController.PATH);
	}

	HttpResponse<String> post(byte[] body, String signature) {
		return send(request(signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
	}

	HttpRequest.Builder request(String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json; charset=utf-8")
			.header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
		return (signature != null) ? request.header("Stripe-Signature", signature) : request;
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpClient client() {
		return this.client;
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

}
