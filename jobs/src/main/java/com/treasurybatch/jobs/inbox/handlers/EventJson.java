package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads fields of Stripe JSON objects, turning what is missing or of the wrong type into
 * {@link InapplicableEventException}s that name the field.
 */
final class EventJson {

	private EventJson() {
	}

	/**
	 * A string field that must be there.
	 * @param parent the object
	 * @param field the field name
	 * @return its value, not blank
	 * @throws InapplicableEventException if absent, null, blank or not a string
	 */
	static String requireText(JsonNode parent, String field) {
		String value = optionalText(parent, field);
		if (value == null || value.isBlank()) {
			throw new InapplicableEventException("Missing " + field + describe(parent));
		}
		return value;
	}

	/**
	 * A string field that may be absent or null.
	 * @param parent the object
	 * @param field the field name
	 * @return its value, or null
	 * @throws InapplicableEventException if present but not a string
	 */
	static String optionalText(JsonNode parent, String field) {
		JsonNode node = parent.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new InapplicableEventException(field + " is not a string" + describe(parent));
		}
		return node.stringValue();
	}

	/**
	 * An integer field that must be there, e.g. an amount in minor units or a Unix time.
	 * @param parent the object
	 * @param field the field name
	 * @return its value
	 * @throws InapplicableEventException if absent, null, fractional or beyond a long
	 */
	static long requireLong(JsonNode parent, String field) {
		JsonNode node = parent.path(field);
		if (!node.isIntegralNumber() || !node.canConvertToLong()) {
			throw new InapplicableEventException(field + " is missing or not a whole number" + describe(parent));
		}
		return node.longValue();
	}

	/**
	 * A boolean field that must be there.
	 * @param parent the object
	 * @param field the field name
	 * @return its value
	 * @throws InapplicableEventException if absent, null or not a boolean
	 */
	static boolean requireBoolean(JsonNode parent, String field) {
		JsonNode node = parent.path(field);
		if (!node.isBoolean()) {
			throw new InapplicableEventException(field + " is missing or not a boolean" + describe(parent));
		}
		return node.booleanValue();
	}

	/**
	 * A boolean field that may be absent.
	 * @param parent the object
	 * @param field the field name
	 * @param absent the value when absent or null
	 * @return its value
	 * @throws InapplicableEventException if present but not a boolean
	 */
	static boolean optionalBoolean(JsonNode parent, String field, boolean absent) {
		JsonNode node = parent.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return absent;
		}
		return requireBoolean(parent, field);
	}

	/**
	 * An array of strings that may be absent.
	 * @param parent the object
	 * @param field the field name
	 * @return its items; empty when absent or null
	 * @throws InapplicableEventException if present but not an array of strings
	 */
	static List<String> textList(JsonNode parent, String field) {
		JsonNode node = parent.path(field);
		if (node.isMissingNode() || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			throw new InapplicableEventException(field + " is not an array" + describe(parent));
		}
		List<String> items = new ArrayList<>(node.size());
		for (JsonNode item : node.values()) {
			if (!item.isString()) {
				throw new InapplicableEventException(field + " holds something else than strings" + describe(parent));
			}
			items.add(item.stringValue());
		}
		return items;
	}

	/**
	 * A Stripe metadata object: string keys to string values.
	 * @param parent the object holding {@code metadata}
	 * @return the metadata; empty when absent or null
	 * @throws InapplicableEventException if it is not an object of strings
	 */
	static Map<String, String> metadata(JsonNode parent) {
		JsonNode node = parent.path("metadata");
		if (node.isMissingNode() || node.isNull()) {
			return Map.of();
		}
		if (!node.isObject()) {
			throw new InapplicableEventException("metadata is not an object" + describe(parent));
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!entry.getValue().isString()) {
				throw new InapplicableEventException("metadata." + entry.getKey() + " is not a string" + describe(parent));
			}
			metadata.put(entry.getKey(), entry.getValue().stringValue());
		}
		return metadata;
	}

	/**
	 * Checks a Stripe object's {@code object} field.
	 * @param object the Stripe object
	 * @param expected e.g. {@code checkout.session}
	 * @throws InapplicableEventException if it says something else
	 */
	static void requireObjectType(JsonNode object, String expected) {
		String actual = optionalText(object, "object");
		if (!expected.equals(actual)) {
			throw new InapplicableEventException("data.object is a " + actual + ", expected a " + expected);
		}
	}

	private static String describe(JsonNode parent) {
		JsonNode id = parent.path("id");
		return id.isString() ? " in " + id.stringValue() : "";
	}

}
