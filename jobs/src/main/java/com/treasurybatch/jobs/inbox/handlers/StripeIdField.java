package com.treasurybatch.jobs.inbox.handlers;

import tools.jackson.databind.JsonNode;

/** Reads a Stripe reference field, which is an id or, when the sender expanded it, the object itself. */
final class StripeIdField {

	private StripeIdField() {
	}

	/**
	 * The id a reference field holds.
	 * @param parent the Stripe object
	 * @param field e.g. {@code payment_intent}
	 * @return the id, or null when the field is absent or null
	 * @throws InapplicableEventException if it is neither a string nor an object with an id
	 */
	static String id(JsonNode parent, String field) {
		JsonNode node = parent.path(field);
		if (node.isObject()) {
			return EventJson.requireText(node, "id");
		}
		return EventJson.optionalText(parent, field);
	}

}
