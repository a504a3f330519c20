package com.treasurybatch.shared.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The catalog side of {@code ticket_types}: name, price, capacity and sale window ({@link TicketHolds} moves the
 * held and sold quantities). Joins the caller's transaction.
 */
@Repository
public class TicketTypes {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public TicketTypes(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the ticket type or changes its catalog fields (held and sold quantities are kept).
	 * @param type the ticket type; its {@code held} and {@code sold} are ignored
	 * @return true if created, false if changed
	 * @throws IllegalArgumentException if the event does not exist, the type belongs to another event, or the
	 * capacity is below what is held and sold
	 */
	public boolean save(TicketType type) {
		Optional<TicketType> existing = find(type.id());
		if (existing.isPresent() && !existing.get().eventId().equals(type.eventId())) {
			throw new IllegalArgumentException("ticket type " + type.id() + " belongs to event "
					+ existing.get().eventId() + ", not " + type.eventId());
		}
		if (existing.isPresent() && type.capacity() < existing.get().held() + existing.get().sold()) {
			throw new IllegalArgumentException("capacity " + type.capacity() + " of " + type.id()
					+ " is below what is held and sold: " + existing.get().held() + " + " + existing.get().sold());
		}
		Long events = this.jdbc.queryForObject("SELECT count(*) FROM ticketed_events WHERE id = ?", Long.class,
				type.eventId());
		if (events == null || events == 0) {
			throw new IllegalArgumentException("no ticketed event " + type.eventId());
		}
		this.jdbc.update("""
				INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, sale_starts_at,
				    sale_ends_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price,
				    currency = EXCLUDED.currency, quantity_total = EXCLUDED.quantity_total,
				    sale_starts_at = EXCLUDED.sale_starts_at, sale_ends_at = EXCLUDED.sale_ends_at""", type.id(),
				type.eventId(), type.name(), type.priceCents(), type.currency(), type.capacity(),
				Timestamp.from(type.saleStartsAt()), Timestamp.from(type.saleEndsAt()));
		return existing.isEmpty();
	}

	/**
	 * A ticket type by id.
	 * @param id the product side's id
	 * @return the type, or empty
	 */
	public Optional<TicketType> find(String id) {
		return this.jdbc.query("SELECT * FROM ticket_types WHERE id = ?", TicketTypes::row, id).stream().findFirst();
	}

	/**
	 * Ticket types, by event then id.
	 * @param eventId only this event's, or null for all
	 * @return the types
	 */
	public List<TicketType> list(String eventId) {
		return this.jdbc.query("SELECT * FROM ticket_types WHERE (?::text IS NULL OR event_id = ?) ORDER BY event_id, id",
				TicketTypes::row, eventId, eventId);
	}

	private static TicketType row(ResultSet rs, int row) throws SQLException {
		return new TicketType(rs.getString("id"), rs.getString("event_id"), rs.getString("name"), rs.getLong("price"),
				rs.getString("currency"), rs.getInt("quantity_total"), rs.getInt("quantity_held"),
				rs.getInt("quantity_sold"), rs.getTimestamp("sale_starts_at").toInstant(),
				rs.getTimestamp("sale_ends_at").toInstant());
	}

}
