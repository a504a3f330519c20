package com.treasurybatch.launcher.webhooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A receiver response, written straight to the servlet response with its Content-Length.
 *
 * @param status HTTP status code
 * @param contentType {@code application/json} or {@code application/problem+json}
 * @param body UTF-8 JSON
 * @param retryAfterSeconds value of {@code Retry-After} in seconds, 0 for none
 */
public record Answer(int status, String contentType, byte[] body, int retryAfterSeconds) {

	/** 200 {@code {"eventId":"evt_...","status":"stored"|"duplicate"}}. */
	public static Answer receipt(String eventId, String status) {
		StringBuilder json = new StringBuilder(64 + eventId.length()).append("{\"eventId\":\"");
		JsonStringEncoder.getInstance().quoteAsString(eventId, json);
		json.append("\",\"status\":\"").append(status).append("\"}");
		return new Answer(200, MediaType.APPLICATION_JSON_VALUE, json.toString().getBytes(StandardCharsets.UTF_8), 0);
	}

	/**
	 * An RFC 9457 problem: {@code {"type":"about:blank","title":...,"status":...,"detail":...,"instance":...,
	 * "reason":...}}, {@code reason} being the metrics' reason tag.
	 */
	public static Answer problem(HttpStatus status, String detail, String reason) {
		return problem(status, detail, reason, StripeWebhookController.PATH);
	}

	/** The same problem, for the receiver at {@code instance} (its path). */
	public static Answer problem(HttpStatus status, String detail, String reason, String instance) {
		StringBuilder json = new StringBuilder(160 + detail.length()).append("{\"type\":\"about:blank\",\"title\":\"")
			.append(status.getReasonPhrase())
			.append("\",\"status\":")
			.append(status.value())
			.append(",\"detail\":\"");
		JsonStringEncoder.getInstance().quoteAsString(detail, json);
		json.append("\",\"instance\":\"").append(instance).append("\",\"reason\":\"");
		JsonStringEncoder.getInstance().quoteAsString(reason, json);
		json.append("\"}");
		return new Answer(status.value(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				json.toString().getBytes(StandardCharsets.UTF_8), 0);
	}

	/** The same answer with a {@code Retry-After}, in seconds. */
	public Answer retryAfter(int seconds) {
		return new Answer(this.status, this.contentType, this.body, seconds);
	}

	/** Writes status, headers and body. */
	public void writeTo(HttpServletResponse response) throws IOException {
		response.setStatus(this.status);
		response.setContentType(this.contentType);
		response.setContentLength(this.body.length);
		if (this.retryAfterSeconds > 0) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(this.retryAfterSeconds));
		}
		response.getOutputStream().write(this.body);
	}

}
