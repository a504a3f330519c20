package com.treasurybatch.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of the simulator, before it is written.
 *
 * @param status HTTP status
 * @param body the JSON object, as nested maps and lists
 * @param headers extra headers ({@code Retry-After}, {@code Idempotent-Replayed})
 * @param executed whether an endpoint began executing (only then is it saved under an idempotency key: Stripe
 * saves no result for a request that failed validation or was refused before execution)
 */
record SimulatorResponse(int status, Map<String, Object> body, Map<String, String> headers, boolean executed) {

	static SimulatorResponse ok(Map<String, Object> body) {
		return new SimulatorResponse(200, body, Map.of(), true);
	}

	/** Stripe's error shape, {@code {"error":{"type","code","message","param","doc_url"}}}. */
	static SimulatorResponse error(int status, String type, String code, String message, String param,
			boolean executed) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", type);
		if (code != null) {
			error.put("code", code);
			error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
		}
		error.put("message", message);
		if (param != null) {
			error.put("param", param);
		}
		return new SimulatorResponse(status, Map.of("error", error), Map.of(), executed);
	}

	/** A 400 {@code invalid_request_error} for a bad parameter, refused before execution. */
	static SimulatorResponse invalid(String code, String message, String param) {
		return error(400, "invalid_request_error", code, message, param, false);
	}

	/** A 404 {@code resource_missing}. */
	static SimulatorResponse missing(String kind, String id, String param) {
		return error(404, "invalid_request_error", "resource_missing", "No such " + kind + ": '" + id + "'", param,
				false);
	}

}
