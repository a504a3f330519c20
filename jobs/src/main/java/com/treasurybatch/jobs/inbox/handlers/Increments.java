package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * Books a cumulative Stripe amount ({@code amount_refunded} of a charge, {@code amount_reversed} of a transfer)
 * piece by piece, once: each listed piece (a refund, a transfer reversal) not booked yet is booked under its own
 * id; whatever the list does not explain (Stripe leaves lists out of newer API versions, or cuts them at
 * {@code has_more}) is booked under a synthetic id naming the new total.
 *
 * <p>Invariant: what is booked never exceeds the cumulative total, so a piece first booked under a synthetic id
 * and later listed by its own id is not booked twice, and a redelivered event books nothing.
 */
final class Increments {

	private Increments() {
	}

	/**
	 * What to book now.
	 * @param listed the pieces the event lists, oldest first
	 * @param totalCents Stripe's cumulative total
	 * @param bookedCents what was booked before, minor units
	 * @param isBooked whether a piece id was booked before
	 * @param syntheticId the id for what the list does not explain
	 * @return the pieces to book, each positive, summing to {@code max(0, total - booked)}
	 */
	static List<Piece> toBook(List<Piece> listed, long totalCents, long bookedCents, Predicate<String> isBooked,
			String syntheticId) {
		List<Piece> pieces = new ArrayList<>();
		long remaining = totalCents - bookedCents;
		for (Piece piece : listed) {
			if (remaining <= 0) {
				break;
			}
			if (isBooked.test(piece.id())) {
				continue;
			}
			long take = Math.min(piece.cents(), remaining);
			pieces.add(new Piece(piece.id(), take));
			remaining -= take;
		}
		if (remaining > 0) {
			pieces.add(new Piece(syntheticId, remaining));
		}
		return pieces;
	}

	/**
	 * The pieces a Stripe list field holds ({@code refunds}, {@code reversals}), oldest first.
	 * @param parent the Stripe object, e.g. a charge
	 * @param field the list field, whose {@code data} holds objects with {@code id}, {@code amount} and
	 * {@code created}
	 * @param include which items count (e.g. refunds not failed or canceled)
	 * @return the pieces; empty when the list is absent or not expanded
	 * @throws InapplicableEventException if an item lacks its id or amount
	 */
	static List<Piece> listed(JsonNode parent, String field, Predicate<JsonNode> include) {
		JsonNode data = parent.path(field).path("data");
		if (!data.isArray()) {
			return List.of();
		}
		List<JsonNode> items = new ArrayList<>();
		for (JsonNode item : data.values()) {
			if (item.isObject() && include.test(item)) {
				items.add(item);
			}
		}
		items.sort(Comparator.<JsonNode>comparingLong((item) -> item.path("created").asLong(0))
			.thenComparing((item) -> item.path("id").asString("")));
		List<Piece> pieces = new ArrayList<>();
		for (JsonNode item : items) {
			long amount = EventJson.requireLong(item, "amount");
			if (amount > 0) {
				pieces.add(new Piece(EventJson.requireText(item, "id"), amount));
			}
		}
		return pieces;
	}

	/**
	 * One piece of a cumulative amount.
	 * @param id Stripe's id ({@code re_...}, {@code trr_...}) or a synthetic one
	 * @param cents minor units, positive
	 */
	record Piece(String id, long cents) {

	}

}
