package com.treasurybatch.shared.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stores ticketed events ({@code ticketed_events}). Joins the caller's transaction. */
@Repository
public class TicketedEvents {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public TicketedEvents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the event or changes its title and start.
	 * @param event the event
	 * @return true if created, false if changed
	 */
	public boolean save(TicketedEvent event) {
		boolean existed = find(event.id()).isPresent();
		this.jdbc.update("""
				INSERT INTO ticketed_events (id, title, starts_at) VALUES (?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, starts_at = EXCLUDED.starts_at""", event.id(),
				event.title(), Timestamp.from(event.startsAt()));
		return !existed;
	}

	/**
	 * An event by id.
	 * @param id the product side's id
	 * @return the event, or empty
	 */
	public Optional<TicketedEvent> find(String id) {
		return this.jdbc.query("SELECT * FROM ticketed_events WHERE id = ?", TicketedEvents::row, id)
			.stream()
			.findFirst();
	}

	/**
	 * Every event, soonest first.
	 * @return the events
	 */
	public List<TicketedEvent> list() {
		return this.jdbc.query("SELECT * FROM ticketed_events ORDER BY starts_at, id", TicketedEvents::row);
	}

	private static TicketedEvent row(ResultSet rs, int row) throws SQLException {
		return new TicketedEvent(rs.getString("id"), rs.getString("title"), rs.getTimestamp("starts_at").toInstant());
	}

}
