package com.treasurybatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.stripe.model.Event;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks are signed as Stripe signs them: stripe-java's own verification accepts them. */
class SimulatorWebhookTests {

	private static final String SECRET = "whsec_simulatorWebhookTestSecret";

	/**
	 * A signed delivery.
	 * @param body raw bytes as received
	 * @param signature the {@code Stripe-Signature} header
	 */
	private record Delivery(String body, String signature) {
	}

	@Test
	void stripeJavaVerifiesTheSignatureOfEveryDelivery() throws Exception {
		BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
		HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		receiver.createContext("/webhooks/stripe", (exchange) -> {
			try (exchange; InputStream in = exchange.getRequestBody()) {
				received.add(new Delivery(new String(in.readAllBytes(), StandardCharsets.UTF_8),
						exchange.getRequestHeaders().getFirst("Stripe-Signature")));
				exchange.sendResponseHeaders(200, -1);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		receiver.start();
		try (StripeSimulator simulator = StripeSimulator.start()) {
			simulator.deliverWebhooksTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
					+ "/webhooks/stripe"), SECRET);

			SimulatedSale sale = simulator.completeCheckout(1_000, "usd", 59, Map.of("tb_payee", "acct_1SimHook"));

			for (int i = 0; i < 3; i++) {
				Delivery delivery = received.poll(10, TimeUnit.SECONDS);
				assertThat(delivery).isNotNull();
				Event event = Webhook.constructEvent(delivery.body(), delivery.signature(), SECRET);
				assertThat(event.getApiVersion()).isEqualTo("2026-07-29.dahlia");
				if (event.getType().equals("checkout.session.completed")) {
					assertThat(event.getId()).isEqualTo(sale.eventId());
				}
			}
		}
		finally {
			receiver.stop(0);
		}
	}

}
