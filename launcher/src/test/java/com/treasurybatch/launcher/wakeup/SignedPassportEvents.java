package com.treasurybatch.launcher.wakeup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import com.treasurybatch.shared.testing.StripeSignatures;

/**
 * Passport "play" events of one artist, signed with {@link StripeSignatures#TEST_SECRET} (the server's
 * {@code treasury.webhooks.passport.secret}) and posted over HTTP to {@code /webhooks/passport}, one per body.
 * Event {@code n} has id {@code aw-<tag>-<n>}, value 1, city Porto, genre fado; all happened at one instant, a
 * minute before this was made.
 */
final class SignedPassportEvents {

	private final URI endpoint;

	private final String tag;

	private final Instant at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	SignedPassportEvents(int port, String tag) {
		this.endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/passport");
		this.tag = tag;
	}

	/** The artist of every event. */
	String artist() {
		return "art-aw-" + this.tag;
	}

	/** The UTC day the events happened on. */
	LocalDate day() {
		return LocalDate.ofInstant(this.at, ZoneOffset.UTC);
	}

	/** Posts event {@code n}; returns the receiver's HTTP status. */
	int post(int n) {
		String body = String.format("[{\"event_id\":\"aw-%s-%d\",\"type\":\"play\",\"timestamp\":\"%s\","
				+ "\"user_id\":\"user-7\",\"artist_id\":\"%s\",\"show_id\":\"show-aw\",\"city\":\"Porto\","
				+ "\"genre\":\"fado\",\"value\":1,\"metadata\":{\"device\":\"ios\"},\"schema_version\":\"1\"}]",
				this.tag, n, this.at, artist());
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.header("Content-Type", "application/json; charset=utf-8")
			.header("Passport-Signature", StripeSignatures.header(bytes, Instant.now(), StripeSignatures.TEST_SECRET))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
