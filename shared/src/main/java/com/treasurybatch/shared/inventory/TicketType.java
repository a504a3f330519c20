package com.treasurybatch.shared.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * A ticket type of an event ({@code ticket_types}): what is sold, at what price, how many, when.
 *
 * @param id named by the product side; metadata {@code tb_item_id} of its sales
 * @param eventId its {@link TicketedEvent}
 * @param name for people
 * @param priceCents minor units, 0 or more
 * @param currency lowercase ISO 4217
 * @param capacity how many can be sold ({@code quantity_total})
 * @param held how many are held in checkouts now (read only: holds change it)
 * @param sold how many were sold (read only: conversions change it)
 * @param saleStartsAt when sales open (UTC)
 * @param saleEndsAt when sales close (UTC), after {@code saleStartsAt}
 */
public record TicketType(String id, String eventId, String name, long priceCents, String currency, int capacity,
		int held, int sold, Instant saleStartsAt, Instant saleEndsAt) {

	/**
	 * Checks the fields.
	 * @throws IllegalArgumentException if one is malformed, the window is empty or capacity is negative
	 */
	public TicketType {
		CatalogIds.check(id, "ticket type id");
		CatalogIds.check(eventId, "event id");
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new IllegalArgumentException("ticket type name must be 1 to 200 characters");
		}
		if (priceCents < 0) {
			throw new IllegalArgumentException("price must be 0 or more minor units, got " + priceCents);
		}
		if (currency == null || !currency.matches("[a-z]{3}")) {
			throw new IllegalArgumentException("currency must be a lowercase ISO 4217 code, got '" + currency + "'");
		}
		if (capacity < 0) {
			throw new IllegalArgumentException("capacity must be 0 or more, got " + capacity);
		}
		Objects.requireNonNull(saleStartsAt, "saleStartsAt");
		Objects.requireNonNull(saleEndsAt, "saleEndsAt");
		if (!saleEndsAt.isAfter(saleStartsAt)) {
			throw new IllegalArgumentException(
					"sale window must end after it starts: " + saleStartsAt + " to " + saleEndsAt);
		}
	}

}
