package com.treasurybatch.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;

/** Plain HTTP calls to the simulator, answering Stripe's raw JSON, for tests that check what is on the wire. */
final class SimulatorHttp {

	private final HttpClient http = HttpClient.newHttpClient();

	private final StripeSimulator simulator;

	SimulatorHttp(StripeSimulator simulator) {
		this.simulator = simulator;
	}

	/** {@code GET} a path with query, e.g. {@code /v1/refunds?charge=ch_...}; fails unless 200. */
	JsonNode get(String pathAndQuery) {
		return get(pathAndQuery, null);
	}

	/** {@code GET} on a connected account ({@code Stripe-Account}); fails unless 200. */
	JsonNode get(String pathAndQuery, String account) {
		return send(HttpRequest.newBuilder(URI.create(this.simulator.apiBase() + pathAndQuery)).GET(), account);
	}

	/**
	 * {@code POST} a form body; fails unless 200.
	 * @param account {@code Stripe-Account} header, or null
	 */
	JsonNode post(String path, String form, String account) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.simulator.apiBase() + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		return send(request, account);
	}

	private JsonNode send(HttpRequest.Builder request, String account) {
		request.header("Authorization", "Bearer " + StripeSimulator.API_KEY);
		if (account != null) {
			request.header("Stripe-Account", account);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
			}
			return StripeShapes.JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
