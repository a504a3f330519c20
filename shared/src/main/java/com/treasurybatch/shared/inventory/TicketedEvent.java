package com.treasurybatch.shared.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * A ticketed event ({@code ticketed_events}): a show whose ticket types are sold.
 *
 * @param id named by the product side (letters, digits, {@code _ - . :}, up to 200)
 * @param title for people
 * @param startsAt when the show starts (UTC)
 */
public record TicketedEvent(String id, String title, Instant startsAt) {

	/**
	 * Checks the fields.
	 * @throws IllegalArgumentException if the id is malformed or the title blank
	 */
	public TicketedEvent {
		CatalogIds.check(id, "event id");
		if (title == null || title.isBlank() || title.length() > 200) {
			throw new IllegalArgumentException("event title must be 1 to 200 characters");
		}
		Objects.requireNonNull(startsAt, "startsAt");
	}

}
