package com.treasurybatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's own example object of each type ({@code stripe-objects.json}, from Stripe's OpenAPI fixtures; source and
 * licence in the file and its README): every object the simulator renders starts as a copy of one, so that it
 * carries exactly Stripe's fields, and its values are then replaced.
 */
final class SimulatorTemplates {

	private static final String RESOURCE = "stripe-objects.json";

	private static final Map<String, Map<String, Object>> TEMPLATES = load();

	private SimulatorTemplates() {
	}

	/**
	 * A fresh copy of Stripe's example object.
	 * @param type Stripe's object type, e.g. {@code charge}, {@code checkout.session}
	 * @throws IllegalArgumentException if there is no template of that type
	 */
	static Map<String, Object> copy(String type) {
		Map<String, Object> template = TEMPLATES.get(type);
		if (template == null) {
			throw new IllegalArgumentException("No Stripe template for object type " + type);
		}
		return SimulatorState.deepCopy(template);
	}

	/**
	 * A fresh copy of a nested part of a template, e.g. {@code ("invoice", "lines", "data", 0)}.
	 * @throws IllegalArgumentException if the path leads nowhere
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> part(String type, Object... path) {
		Object at = TEMPLATES.get(type);
		for (Object step : path) {
			if (at instanceof Map<?, ?> map) {
				at = map.get(step);
			}
			else if (at instanceof List<?> list && step instanceof Integer index) {
				at = list.get(index);
			}
			else {
				at = null;
			}
		}
		if (!(at instanceof Map<?, ?>)) {
			throw new IllegalArgumentException("No object at " + List.of(path) + " in the " + type + " template");
		}
		return SimulatorState.deepCopy((Map<String, Object>) at);
	}

	private static Map<String, Map<String, Object>> load() {
		try (InputStream in = SimulatorTemplates.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + RESOURCE);
			}
			Map<String, Object> all = JsonMapper.builder().build().readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {
			});
			Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
			all.forEach((type, object) -> {
				if (object instanceof Map<?, ?>) {
					@SuppressWarnings("unchecked")
					Map<String, Object> typed = (Map<String, Object>) object;
					templates.put(type, typed);
				}
			});
			return Map.copyOf(templates);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
