package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.inbox.EventEnvelope;
import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InvalidEventException;
import com.treasurybatch.shared.inbox.StageOutcome;

/**
 * {@code POST /webhooks/stripe}: verifies, stages, answers; no business logic (a job processes the inbox).
 * <ul>
 * <li>200 {@code {"eventId":"evt_...","status":"stored"}} for a new event, {@code "duplicate"} for one already in
 * the inbox (Stripe delivers at least once);</li>
 * <li>400 {@code application/problem+json} (RFC 9457) with a one-line {@code detail} for a missing or wrong
 * signature, a timestamp outside the tolerance, a body that is not JSON or not a Stripe event: nothing is
 * stored;</li>
 * <li>413 for a body over {@code treasury.webhooks.stripe.max-body-bytes};</li>
 * <li>503 with {@code Retry-After} when the event could not be stored, so that Stripe retries: no 2xx is ever
 * sent for an event that is not in the inbox.</li>
 * </ul>
 * The signature is checked on the raw bytes before anything parses them; concurrent deliveries are written
 * together ({@link GroupCommitStager}), each answered after its commit. Responses are written directly, with a
 * Content-Length: this is the hot path of every delivery.
 */
@RestController
@ConditionalOnWebApplication
class StripeWebhookController {

	static final String PATH = "/webhooks/stripe";

	private static final Logger logger = LoggerFactory.getLogger(StripeWebhookController.class);

	private final StripeSignatureVerifier verifier;

	private final EventEnvelopeParser parser;

	private final GroupCommitStager stager;

	private final DeliveryMetrics metrics;

	private final StripeWebhookProperties properties;

	StripeWebhookController(StripeSignatureVerifier verifier, EventEnvelopeParser parser, GroupCommitStager stager,
			DeliveryMetrics metrics, StripeWebhookProperties properties) {
		this.verifier = verifier;
		this.parser = parser;
		this.stager = stager;
		this.metrics = metrics;
		this.properties = properties;
	}

	@PostMapping(PATH)
	void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
		long startedNanos = System.nanoTime();
		Delivery delivery = handle(request);
		try {
			delivery.answer().writeTo(response);
		}
		finally {
			this.metrics.record(delivery.outcome(), System.nanoTime() - startedNanos);
		}
	}

	private Delivery handle(HttpServletRequest request) {
		byte[] body;
		try {
			body = RequestBodies.read(request, this.properties.maxBodyBytes());
		}
		catch (BodyTooLargeException ex) {
			return reject(DeliveryOutcome.REJECTED_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE, ex.getMessage(), request);
		}
		catch (IOException ex) {
			return reject(DeliveryOutcome.REJECTED_UNREADABLE_BODY, HttpStatus.BAD_REQUEST,
					"request body could not be read: " + ex.getMessage(), request);
		}
		String payload = new String(body, StandardCharsets.UTF_8);
		try {
			this.verifier.verify(payload, request.getHeader("Stripe-Signature"));
		}
		catch (SignatureRejectedException ex) {
			return reject(ex.outcome(), HttpStatus.BAD_REQUEST, ex.getMessage(), request);
		}
		EventEnvelope envelope;
		try {
			envelope = this.parser.parse(body);
		}
		catch (InvalidEventException ex) {
			DeliveryOutcome outcome = (ex.kind() == InvalidEventException.Kind.NOT_JSON)
					? DeliveryOutcome.REJECTED_NOT_JSON : DeliveryOutcome.REJECTED_NOT_AN_EVENT;
			return reject(outcome, HttpStatus.BAD_REQUEST, ex.reason(), request);
		}
		return stage(envelope, payload);
	}

	private Delivery stage(EventEnvelope envelope, String payload) {
		StageOutcome staged;
		try {
			staged = this.stager.stage(envelope, payload);
		}
		catch (InboxUnavailableException ex) {
			logger.warn("Stripe event {} not stored, answering 503: {}: {}", envelope.eventId(), ex.getMessage(),
					String.valueOf(ex.getCause()));
			return new Delivery(DeliveryOutcome.UNAVAILABLE,
					Answer.problem(HttpStatus.SERVICE_UNAVAILABLE,
							"event " + envelope.eventId() + " could not be stored; retry later",
							DeliveryOutcome.UNAVAILABLE.reasonTag())
						.retryAfter(this.properties.retryAfterSeconds()));
		}
		boolean stored = staged == StageOutcome.NEW;
		return new Delivery(stored ? DeliveryOutcome.STORED : DeliveryOutcome.DUPLICATE,
				Answer.receipt(envelope.eventId(), stored ? "stored" : "duplicate"));
	}

	private static Delivery reject(DeliveryOutcome outcome, HttpStatus status, String detail,
			HttpServletRequest request) {
		logger.warn("Stripe webhook from {} rejected with {}: {}", request.getRemoteAddr(), status.value(), detail);
		return new Delivery(outcome, Answer.problem(status, detail, outcome.reasonTag()));
	}

	private record Delivery(DeliveryOutcome outcome, Answer answer) {

	}

}
