package com.treasurybatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's published shape of each object type ({@code stripe-shapes.json}: derived from Stripe's OpenAPI
 * fixtures and stripe-java 33.3.0's models; sources and licences in the file) and a check of rendered JSON against
 * it: the same keys (optional ones allowed, includable-only and removed ones refused), expandable references as
 * ids or null, embedded objects checked in turn. Collects every difference instead of stopping at the first.
 */
final class StripeShapes {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonNode types;

	private final String apiVersion;

	private final List<String> problems = new ArrayList<>();

	private final Set<String> typesSeen = new TreeSet<>();

	StripeShapes() {
		try (InputStream in = StripeShapes.class.getResourceAsStream("stripe-shapes.json")) {
			JsonNode root = JSON.readTree(in);
			this.types = root.get("types");
			this.apiVersion = root.get("api_version").asString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every difference found so far, each naming where and what. */
	List<String> problems() {
		return List.copyOf(this.problems);
	}

	/** The object types checked so far. */
	Set<String> typesSeen() {
		return Set.copyOf(this.typesSeen);
	}

	/** The keys of a type Stripe always renders, minus its includable-only ones. */
	Set<String> expectedKeys(String type) {
		Set<String> keys = new TreeSet<>();
		this.types.get(type).get("keys").forEach((key) -> keys.add(key.asString()));
		this.types.get(type).get("includable").propertyNames().forEach(keys::remove);
		return keys;
	}

	/**
	 * Checks a webhook event: Stripe's envelope, its API version, {@code data} with {@code object} (never expanded:
	 * a webhook has no {@code expand}) and {@code previous_attributes} when set, {@code request} with {@code id} and
	 * {@code idempotency_key}.
	 */
	void checkEvent(JsonNode event) {
		String where = "event " + event.path("type").asString();
		checkObject(where, event, false);
		if (!this.apiVersion.equals(event.path("api_version").asString())) {
			this.problems.add(where + ": api_version " + event.path("api_version") + ", not " + this.apiVersion);
		}
		Set<String> dataKeys = names(event.get("data"));
		dataKeys.removeAll(Set.of("object", "previous_attributes"));
		if (!dataKeys.isEmpty() || !event.get("data").has("object")) {
			this.problems.add(where + ": data has " + names(event.get("data")));
		}
		if (!names(event.get("request")).equals(Set.of("id", "idempotency_key"))) {
			this.problems.add(where + ": request has " + names(event.get("request")));
		}
		checkObject(where + " data.object", event.get("data").get("object"), false);
	}

	/**
	 * Checks one object of a known type, and the objects it embeds.
	 * @param where names the object in problems
	 * @param expandedSource whether {@code expand[]=data.source} was asked (only then may a balance transaction's
	 * {@code source} be an object)
	 */
	void checkObject(String where, JsonNode object, boolean expandedSource) {
		String type = object.path("object").asString();
		JsonNode shape = this.types.get(type);
		if (shape == null) {
			this.problems.add(where + ": object type '" + type + "' has no published shape");
			return;
		}
		this.typesSeen.add(type);
		Set<String> actual = names(object);
		Set<String> expected = expectedKeys(type);
		Set<String> optional = names(shape.get("optional"));
		Set<String> missing = new TreeSet<>(expected);
		missing.removeAll(actual);
		Set<String> extra = new TreeSet<>(actual);
		extra.removeAll(expected);
		extra.removeAll(optional);
		if (!missing.isEmpty()) {
			this.problems.add(where + " (" + type + "): missing " + missing);
		}
		if (!extra.isEmpty()) {
			this.problems.add(where + " (" + type + "): fields Stripe does not send " + extra);
		}
		for (Map.Entry<String, JsonNode> nested : shape.get("nested").properties()) {
			JsonNode value = at(object, nested.getKey());
			if (value == null || !value.isObject()) {
				continue;
			}
			Set<String> keys = new TreeSet<>();
			nested.getValue().forEach((key) -> keys.add(key.asString()));
			Set<String> rendered = names(value);
			if (!rendered.equals(keys)) {
				Set<String> more = new TreeSet<>(rendered);
				more.removeAll(keys);
				Set<String> less = new TreeSet<>(keys);
				less.removeAll(rendered);
				this.problems.add(where + " (" + type + ")." + nested.getKey() + ": fields Stripe does not send " + more
						+ ", missing " + less);
			}
		}
		for (JsonNode polymorphic : shape.get("polymorphic")) {
			JsonNode value = at(object, polymorphic.asString());
			if (value != null && value.isObject() && !value.has("type")) {
				this.problems.add(where + " (" + type + ")." + polymorphic.asString() + ": no type");
			}
		}
		for (JsonNode reference : shape.get("references")) {
			checkReference(where, type, object, reference.asString(), expandedSource);
		}
		for (Map.Entry<String, JsonNode> embedded : shape.get("embedded").properties()) {
			JsonNode value = object.get(embedded.getKey());
			if (value == null || value.isNull()) {
				continue;
			}
			JsonNode items = value.isArray() ? value : value.get("data");
			if (!value.isArray() && !"list".equals(value.path("object").asString())) {
				this.problems.add(where + "." + embedded.getKey() + ": neither an array nor a list object");
				continue;
			}
			if (!value.isArray() && !names(value).equals(Set.of("object", "data", "has_more", "url"))) {
				this.problems.add(where + "." + embedded.getKey() + ": list object has " + names(value));
			}
			for (JsonNode item : items) {
				if (!embedded.getValue().asString().equals(item.path("object").asString())) {
					this.problems.add(where + "." + embedded.getKey() + ": holds a " + item.path("object") + ", not a "
							+ embedded.getValue().asString());
				}
				checkObject(where + "." + embedded.getKey() + "[]", item, false);
			}
		}
	}

	private void checkReference(String where, String type, JsonNode object, String path, boolean expandedSource) {
		List<String> steps = Arrays.asList(path.split("\\."));
		JsonNode at = object;
		for (String step : steps.subList(0, steps.size() - 1)) {
			at = (at == null || at.isNull()) ? null : at.get(step);
		}
		JsonNode value = (at == null || at.isNull()) ? null : at.get(steps.get(steps.size() - 1));
		if (value == null || value.isNull() || value.isString()) {
			return;
		}
		if (value.isArray()) {
			value.forEach((item) -> {
				if (!item.isString()) {
					this.problems.add(where + " (" + type + ")." + path + "[]: an expanded reference");
				}
			});
			return;
		}
		if (expandedSource && type.equals("balance_transaction") && path.equals("source") && value.isObject()) {
			checkObject(where + ".source", value, false);
			return;
		}
		this.problems.add(where + " (" + type + ")." + path + ": an expanded reference (" + value.getNodeType() + ")");
	}

	/** The value at a dotted path, or null when a step is missing or null. */
	private static JsonNode at(JsonNode object, String path) {
		JsonNode at = object;
		for (String step : path.split("\\.")) {
			if (at == null || !at.isObject()) {
				return null;
			}
			at = at.get(step);
		}
		return at;
	}

	private static Set<String> names(JsonNode node) {
		Set<String> names = new TreeSet<>();
		if (node != null && node.isObject()) {
			node.propertyNames().forEach(names::add);
		}
		return names;
	}

}
