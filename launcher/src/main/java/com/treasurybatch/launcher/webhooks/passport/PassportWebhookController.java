package com.treasurybatch.launcher.webhooks.passport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.launcher.webhooks.Answer;
import com.treasurybatch.launcher.webhooks.BodyTooLargeException;
import com.treasurybatch.launcher.webhooks.RequestBodies;
import com.treasurybatch.launcher.webhooks.SignatureRejectedException;
import com.treasurybatch.launcher.webhooks.passport.PassportWebhookConfiguration.PassportSignature;
import com.treasurybatch.shared.analytics.AnalyticsEvents;
import com.treasurybatch.shared.analytics.PassportEvent;
import com.treasurybatch.shared.analytics.StagedOutcome;

/**
 * {@code POST /webhooks/passport}: verifies, stages, answers; the {@code analytics-rollups} job counts later.
 * <ul>
 * <li>200 {@code {"received":N,"stored":S,"duplicates":D,"flagged":F}} once every event of the body is in
 * {@code analytics_events} (new, or already there: a duplicate);</li>
 * <li>400 {@code application/problem+json} with a one-line {@code detail} for a missing or wrong
 * {@value #SIGNATURE_HEADER} ({@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, Stripe's scheme), a
 * timestamp outside the tolerance, a body that is not an event or a batch of up to 1,000, or an event missing or
 * mistyping a field (named, with the event's index): nothing of that body is stored;</li>
 * <li>413 for a body over {@code treasury.webhooks.passport.max-body-bytes};</li>
 * <li>503 with {@code Retry-After} when the events could not be stored: never a 2xx for an event not stored.</li>
 * </ul>
 * A body is staged with one statement and one commit (it is its own group commit: up to 1,000 events).
 */
@RestController
@ConditionalOnWebApplication
class PassportWebhookController {

	static final String PATH = "/webhooks/passport";

	static final String SIGNATURE_HEADER = "Passport-Signature";

	private static final Logger logger = LoggerFactory.getLogger(PassportWebhookController.class);

	private final PassportSignature signature;

	private final PassportEventParser parser;

	private final AnalyticsEvents events;

	private final PassportWebhookProperties properties;

	private final MeterRegistry registry;

	PassportWebhookController(PassportSignature signature, PassportEventParser parser, AnalyticsEvents events,
			PassportWebhookProperties properties, MeterRegistry registry) {
		this.signature = signature;
		this.parser = parser;
		this.events = events;
		this.properties = properties;
		this.registry = registry;
	}

	@PostMapping(PATH)
	void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Answer answer = handle(request);
		answer.writeTo(response);
	}

	/**
	 * Counts a delivery: {@code treasury.webhooks.passport.deliveries}, tags {@code outcome} (stored, rejected,
	 * unavailable) and {@code reason} (the problem's {@code reason}, {@code none} when stored). A meter of its own:
	 * the Stripe receiver's {@code treasury.webhooks.deliveries} is read by outcome and reason alone.
	 */
	private Answer counted(Answer answer, String outcome, String reason) {
		this.registry.counter("treasury.webhooks.passport.deliveries", "outcome", outcome, "reason", reason).increment();
		return answer;
	}

	private Answer handle(HttpServletRequest request) {
		byte[] body;
		try {
			body = RequestBodies.read(request, this.properties.maxBodyBytes());
		}
		catch (BodyTooLargeException ex) {
			return reject(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage(), "too_large", request);
		}
		catch (IOException ex) {
			return reject(HttpStatus.BAD_REQUEST, "request body could not be read: " + ex.getMessage(),
					"unreadable_body", request);
		}
		try {
			this.signature.verifier().verify(new String(body, StandardCharsets.UTF_8), request.getHeader(SIGNATURE_HEADER));
		}
		catch (SignatureRejectedException ex) {
			return reject(HttpStatus.BAD_REQUEST, ex.getMessage(), ex.outcome().reasonTag(), request);
		}
		List<PassportEvent> parsed;
		try {
			parsed = this.parser.parse(body);
		}
		catch (InvalidPassportEventException ex) {
			return reject(HttpStatus.BAD_REQUEST, ex.getMessage(), "not_an_event", request);
		}
		List<StagedOutcome> outcomes;
		try {
			outcomes = this.events.stageAll(parsed);
		}
		catch (DataAccessException ex) {
			logger.warn("Passport events {}.. not stored, answering 503: {}", parsed.get(0).eventId(), ex.toString());
			return counted(Answer.problem(HttpStatus.SERVICE_UNAVAILABLE,
					parsed.size() + " events could not be stored; retry later", "store_unavailable", PATH)
				.retryAfter(this.properties.retryAfterSeconds()), "unavailable", "store_unavailable");
		}
		long stored = outcomes.stream().filter((outcome) -> outcome == StagedOutcome.STORED).count();
		long flagged = parsed.stream().map(PassportEvent::classified).filter((event) -> event.flag() != null).count();
		String json = "{\"received\":" + parsed.size() + ",\"stored\":" + stored + ",\"duplicates\":"
				+ (parsed.size() - stored) + ",\"flagged\":" + flagged + "}";
		return counted(new Answer(200, MediaType.APPLICATION_JSON_VALUE, json.getBytes(StandardCharsets.UTF_8), 0),
				"stored", "none");
	}

	private Answer reject(HttpStatus status, String detail, String reason, HttpServletRequest request) {
		logger.warn("Passport delivery from {} rejected with {}: {}", request.getRemoteAddr(), status.value(), detail);
		return counted(Answer.problem(status, detail, reason, PATH), "rejected", reason);
	}


}
