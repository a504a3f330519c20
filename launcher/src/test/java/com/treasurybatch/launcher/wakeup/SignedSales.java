package com.treasurybatch.launcher.wakeup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import com.treasurybatch.shared.testing.StripeSignatures;

/**
 * Distinct signed {@code checkout.session.completed} events (a 5.00 tip to one payee, the sample
 * {@code samples/stripe/02-tip-sale-payee.json} with its event, session and PaymentIntent ids made unique), posted
 * to the receiver over loopback HTTP as Stripe posts them.
 */
final class SignedSales {

	private static final String TEMPLATE_EVENT = "evt_1TBDemoTipSale0000000002";

	private static final String TEMPLATE_SESSION = "cs_test_a1TBDemoTipSaleujg18J5LZkvo32EHee44Ch25grWbn2f6RdH4OPkmnf7";

	private static final String TEMPLATE_PAYMENT_INTENT = "pi_3TBDemoTipSale000000002";

	private final String template;

	private final String series;

	private final URI endpoint;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/**
	 * @param port the server's port
	 * @param series a few letters and digits making this run's ids unique
	 */
	SignedSales(int port, String series) {
		try {
			this.template = Files.readString(Path.of("samples/stripe/02-tip-sale-payee.json"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.series = series;
		this.endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/stripe");
	}

	/** The PaymentIntent of sale {@code n}: the source of its {@code sale} journal. */
	String paymentIntent(int n) {
		return String.format(Locale.ROOT, "pi_3TBWake%s%010d", this.series, n);
	}

	/** The body of sale {@code n}. */
	byte[] body(int n) {
		return this.template.replace(TEMPLATE_EVENT, String.format(Locale.ROOT, "evt_1TBWake%s%010d", this.series, n))
			.replace(TEMPLATE_SESSION, String.format(Locale.ROOT, "cs_test_a1TBWake%s%010d", this.series, n))
			.replace(TEMPLATE_PAYMENT_INTENT, paymentIntent(n))
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Posts sale {@code n}, signed with the test secret now.
	 * @return the HTTP status
	 */
	int post(int n) {
		byte[] body = body(n);
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json; charset=utf-8")
			.header("Stripe-Signature", StripeSignatures.header(body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
