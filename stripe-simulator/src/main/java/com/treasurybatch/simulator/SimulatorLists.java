package com.treasurybatch.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Stripe's list objects and cursor pagination (docs.stripe.com/api/pagination): newest first,
 * {@code limit} 1..100 (default 10), {@code starting_after} / {@code ending_before} by id,
 * {@code {"object":"list","data":[...],"has_more":..,"url":..}}, and {@code created[gte|gt|lte|lt]} filters.
 */
final class SimulatorLists {

	private static final int LIMIT_DEFAULT = 10;

	private static final int LIMIT_MAX = 100;

	private SimulatorLists() {
	}

	/**
	 * One page of a list.
	 * @param url the list's path, e.g. {@code /v1/events}
	 * @param newestFirst every matching object, newest first
	 * @param params {@code limit}, {@code starting_after}, {@code ending_before}
	 */
	static SimulatorResponse page(String url, List<Map<String, Object>> newestFirst, FormFields params) {
		int limit = LIMIT_DEFAULT;
		if (params.get("limit") != null) {
			try {
				limit = Integer.parseInt(params.get("limit"));
			}
			catch (NumberFormatException ex) {
				limit = -1;
			}
			if (limit < 1 || limit > LIMIT_MAX) {
				return SimulatorResponse.invalid("parameter_invalid_integer",
						"Invalid integer: limit must be between 1 and 100", "limit");
			}
		}
		int from = 0;
		int to = newestFirst.size();
		String startingAfter = params.get("starting_after");
		String endingBefore = params.get("ending_before");
		if (startingAfter != null) {
			int at = indexOf(newestFirst, startingAfter);
			if (at < 0) {
				return SimulatorResponse.missing("object", startingAfter, "starting_after");
			}
			from = at + 1;
		}
		else if (endingBefore != null) {
			int at = indexOf(newestFirst, endingBefore);
			if (at < 0) {
				return SimulatorResponse.missing("object", endingBefore, "ending_before");
			}
			to = at;
			from = Math.max(0, at - limit);
		}
		List<Map<String, Object>> data = new ArrayList<>(newestFirst.subList(from, Math.min(to, from + limit)));
		boolean hasMore = (endingBefore != null && startingAfter == null) ? from > 0 : from + limit < to;
		Map<String, Object> list = new LinkedHashMap<>();
		list.put("object", "list");
		list.put("data", data);
		list.put("has_more", hasMore);
		list.put("url", url);
		return SimulatorResponse.ok(list);
	}

	/**
	 * One page of a list read straight from the stored objects (oldest first), newest first, without building the
	 * whole filtered list: scans from the newest until the page is full. {@code ending_before} falls back to
	 * {@link #page}.
	 * @param url the list's path
	 * @param objects every object, oldest first
	 * @param scope whose objects
	 * @param filter which match
	 * @param positions each object's position in {@code objects}, by id
	 * @param params {@code limit}, {@code starting_after}, {@code ending_before}
	 */
	static SimulatorResponse scan(String url, List<SimulatorState.Owned> objects, Map<String, Integer> positions,
			String scope, Predicate<Map<String, Object>> filter, FormFields params) {
		if (params.get("ending_before") != null) {
			return page(url, SimulatorState.newestFirst(objects, scope, filter), params);
		}
		int limit = LIMIT_DEFAULT;
		if (params.get("limit") != null) {
			try {
				limit = Integer.parseInt(params.get("limit"));
			}
			catch (NumberFormatException ex) {
				limit = -1;
			}
			if (limit < 1 || limit > LIMIT_MAX) {
				return SimulatorResponse.invalid("parameter_invalid_integer",
						"Invalid integer: limit must be between 1 and 100", "limit");
			}
		}
		String startingAfter = params.get("starting_after");
		boolean started = startingAfter == null;
		int from = objects.size() - 1;
		Integer after = (startingAfter != null) ? positions.get(startingAfter) : null;
		if (after != null && objects.get(after).scope().equals(scope)) {
			started = true;
			from = after - 1;
		}
		List<Map<String, Object>> data = new ArrayList<>();
		boolean hasMore = false;
		for (int i = from; i >= 0; i--) {
			SimulatorState.Owned owned = objects.get(i);
			if (!owned.scope().equals(scope)) {
				continue;
			}
			if (!started) {
				started = startingAfter.equals(owned.json().get("id"));
				continue;
			}
			if (!filter.test(owned.json())) {
				continue;
			}
			if (data.size() == limit) {
				hasMore = true;
				break;
			}
			data.add(owned.json());
		}
		if (!started) {
			return SimulatorResponse.missing("object", startingAfter, "starting_after");
		}
		Map<String, Object> list = new LinkedHashMap<>();
		list.put("object", "list");
		list.put("data", data);
		list.put("has_more", hasMore);
		list.put("url", url);
		return SimulatorResponse.ok(list);
	}

	/** Matches {@code created}, {@code created[gte]}, {@code created[gt]}, {@code created[lte]}, {@code created[lt]}. */
	static Predicate<Map<String, Object>> createdFilter(FormFields params) {
		Long exact = longOrNull(params.get("created"));
		Long gte = longOrNull(params.get("created[gte]"));
		Long gt = longOrNull(params.get("created[gt]"));
		Long lte = longOrNull(params.get("created[lte]"));
		Long lt = longOrNull(params.get("created[lt]"));
		return (object) -> {
			long created = ((Number) object.get("created")).longValue();
			return (exact == null || created == exact) && (gte == null || created >= gte)
					&& (gt == null || created > gt) && (lte == null || created <= lte) && (lt == null || created < lt);
		};
	}

	private static int indexOf(List<Map<String, Object>> objects, String id) {
		for (int i = 0; i < objects.size(); i++) {
			if (id.equals(objects.get(i).get("id"))) {
				return i;
			}
		}
		return -1;
	}

	private static Long longOrNull(String text) {
		try {
			return (text != null) ? Long.valueOf(text) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
