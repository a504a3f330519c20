package com.treasurybatch.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's parameters as Stripe takes them: {@code application/x-www-form-urlencoded} bodies and query strings
 * with bracketed names ({@code metadata[key]=v}, {@code created[gte]=1}, {@code types[]=a} or
 * {@code types[0]=a}).
 */
final class FormFields {

	private static final Pattern INDEXED = Pattern.compile("(.+)\\[\\d*]");

	private static final Pattern KEYED = Pattern.compile("([^\\[]+)\\[([^\\]]+)]");

	private final Map<String, List<String>> values;

	private FormFields(Map<String, List<String>> values) {
		this.values = values;
	}

	static FormFields parse(String encoded) {
		Map<String, List<String>> values = new TreeMap<>();
		if (encoded != null && !encoded.isEmpty()) {
			for (String pair : encoded.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decode((equals < 0) ? pair : pair.substring(0, equals));
				String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
				values.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
		}
		return new FormFields(values);
	}

	/** The single value of a plain or bracketed name ({@code created[gte]}), or null. */
	String get(String name) {
		List<String> found = this.values.get(name);
		return (found == null || found.isEmpty()) ? null : found.get(0);
	}

	/** Every value of a list parameter, {@code name[]=} or {@code name[0]=}, in order, plus a plain {@code name=}. */
	List<String> list(String name) {
		List<String> found = new ArrayList<>();
		for (Map.Entry<String, List<String>> entry : this.values.entrySet()) {
			Matcher matcher = INDEXED.matcher(entry.getKey());
			if ((matcher.matches() && matcher.group(1).equals(name)) || entry.getKey().equals(name)) {
				found.addAll(entry.getValue());
			}
		}
		return found;
	}

	/** A hash parameter, {@code name[key]=value}, e.g. metadata. */
	Map<String, String> hash(String name) {
		Map<String, String> found = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> entry : this.values.entrySet()) {
			Matcher matcher = KEYED.matcher(entry.getKey());
			if (matcher.matches() && matcher.group(1).equals(name) && !matcher.group(2).matches("\\d*")) {
				found.put(matcher.group(2), entry.getValue().get(0));
			}
		}
		return found;
	}

	/** A canonical text of every parameter, for idempotency comparisons. */
	String canonical() {
		return this.values.toString();
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
