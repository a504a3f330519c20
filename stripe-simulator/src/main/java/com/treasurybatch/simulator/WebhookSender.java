package com.treasurybatch.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts events to one receiver the way Stripe delivers webhooks (docs.stripe.com/webhooks): the event JSON as the
 * body, {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed with the whsec_ secret>}.
 * {@code t} is the simulator's own now (Stripe signs with the time of the delivery attempt, on its clock), so a
 * simulator on a test clock signs on that clock. One delivery at a time, in creation order, one attempt each: an event whose delivery failed stays
 * undelivered ({@code delivery_success=false} in {@code GET /v1/events}), which is what a backfill recovers.
 */
final class WebhookSender implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Where events go.
	 * @param receiver e.g. {@code http://127.0.0.1:8080/webhooks/stripe}
	 * @param secret {@code whsec_...}
	 */
	record Target(URI receiver, String secret) {
	}

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "stripe-simulator-webhooks");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final Clock clock;

	private volatile Target target;

	/**
	 * @param clock the simulator's clock, whose now is each signature's timestamp
	 */
	WebhookSender(Clock clock) {
		this.clock = clock;
	}

	void target(Target target) {
		this.target = target;
	}

	/**
	 * Queues one delivery if a receiver is set.
	 * @param eventId reported to {@code onDelivered} after a 2xx
	 * @param payload the event JSON
	 * @param onDelivered called from the sender's thread after a 2xx
	 */
	void send(String eventId, byte[] payload, Consumer<String> onDelivered) {
		Target current = this.target;
		if (current == null) {
			return;
		}
		this.executor.execute(() -> {
			if (post(current, payload)) {
				onDelivered.accept(eventId);
			}
		});
	}

	private boolean post(Target current, byte[] payload) {
		long timestamp = this.clock.millis() / 1000;
		try {
			String signature = hmacSha256(current.secret(),
					timestamp + "." + new String(payload, StandardCharsets.UTF_8));
			HttpRequest request = HttpRequest.newBuilder(current.receiver())
				.timeout(TIMEOUT)
				.header("Content-Type", "application/json; charset=utf-8")
				.header("Stripe-Signature", "t=" + timestamp + ",v1=" + signature)
				.POST(HttpRequest.BodyPublishers.ofByteArray(payload))
				.build();
			int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return status >= 200 && status < 300;
		}
		catch (IOException | GeneralSecurityException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Stripe's {@code v1} signature: HMAC-SHA256 of {@code <t>.<body>} keyed with the whole secret, hex. */
	static String hmacSha256(String secret, String signed) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
