package com.treasurybatch.shared.inventory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places and converts ticket holds. Invariants (also database constraints of {@code ticket_types}):
 * {@code 0 <= quantity_held}, {@code 0 <= quantity_sold}, {@code quantity_held + quantity_sold <= quantity_total};
 * a hold's quantity counts in {@code quantity_held} exactly while it is HELD, and in {@code quantity_sold} once
 * CONVERTED. Every method re-checks the hold's status inside its UPDATE, so a release and a conversion racing on
 * one hold move its quantity once.
 */
@Component
public class TicketHolds {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final HoldProperties properties;

	public TicketHolds(JdbcTemplate jdbc, Clock clock, HoldProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Holds tickets for a buyer for {@code treasury.holds.minutes}, if the type is on sale and has them free.
	 * @param ticketTypeId the ticket type
	 * @param buyerId opaque contact id of the buyer
	 * @param quantity tickets, positive
	 * @return the hold id; empty when sold out or not on sale now
	 * @throws IllegalArgumentException if quantity is not positive
	 */
	@Transactional
	public OptionalLong hold(String ticketTypeId, String buyerId, int quantity) {
		if (quantity <= 0) {
			throw new IllegalArgumentException("A hold needs a positive quantity, got " + quantity);
		}
		Instant now = this.clock.instant();
		int updated = this.jdbc.update("""
				UPDATE ticket_types SET quantity_held = quantity_held + ?
				WHERE id = ? AND quantity_total - quantity_held - quantity_sold >= ?
				  AND sale_starts_at <= ? AND sale_ends_at > ?
				""", quantity, ticketTypeId, quantity, Timestamp.from(now), Timestamp.from(now));
		if (updated == 0) {
			return OptionalLong.empty();
		}
		Long id = this.jdbc.queryForObject("""
				INSERT INTO ticket_holds (ticket_type_id, buyer_id, quantity, status, created_at, expires_at)
				VALUES (?, ?, ?, 'HELD', ?, ?) RETURNING id
				""", Long.class, ticketTypeId, buyerId, quantity, Timestamp.from(now),
				Timestamp.from(now.plus(Duration.ofMinutes(this.properties.minutes()))));
		return OptionalLong.of(id);
	}

	/**
	 * Turns a hold into sold tickets, for a paid Checkout Session. Idempotent. Joins the caller's transaction
	 * (the inbox chunk's); locks the hold, then its ticket type.
	 * @param holdId the hold named by the session's metadata
	 * @param checkoutSessionId {@code cs_...}
	 * @return what happened
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public HoldConversion convert(long holdId, String checkoutSessionId) {
		List<Object[]> rows = this.jdbc.query(
				"SELECT status, ticket_type_id, quantity FROM ticket_holds WHERE id = ? FOR UPDATE",
				(rs, n) -> new Object[] { rs.getString(1), rs.getString(2), rs.getInt(3) }, holdId);
		if (rows.isEmpty()) {
			return HoldConversion.NOT_FOUND;
		}
		String status = (String) rows.get(0)[0];
		String ticketType = (String) rows.get(0)[1];
		int quantity = (Integer) rows.get(0)[2];
		Timestamp now = Timestamp.from(this.clock.instant());
		switch (status) {
			case "CONVERTED":
				return HoldConversion.ALREADY_CONVERTED;
			case "HELD": {
				requireOne(this.jdbc.update("""
						UPDATE ticket_types SET quantity_held = quantity_held - ?, quantity_sold = quantity_sold + ?
						WHERE id = ?
						""", quantity, quantity, ticketType), "ticket type " + ticketType);
				requireOne(markConverted(holdId, "HELD", checkoutSessionId, now), "hold " + holdId);
				return HoldConversion.CONVERTED;
			}
			case "RELEASED": {
				int sold = this.jdbc.update("""
						UPDATE ticket_types SET quantity_sold = quantity_sold + ?
						WHERE id = ? AND quantity_total - quantity_held - quantity_sold >= ?
						""", quantity, ticketType, quantity);
				if (sold == 0) {
					return HoldConversion.SOLD_OUT_AFTER_RELEASE;
				}
				requireOne(markConverted(holdId, "RELEASED", checkoutSessionId, now), "hold " + holdId);
				return HoldConversion.CONVERTED_AFTER_RELEASE;
			}
			default:
				throw new IllegalStateException("Hold " + holdId + " has unknown status " + status);
		}
	}

	private int markConverted(long holdId, String from, String sessionId, Timestamp now) {
		return this.jdbc.update("""
				UPDATE ticket_holds SET status = 'CONVERTED', converted_at = ?, checkout_session_id = ?
				WHERE id = ? AND status = ?
				""", now, sessionId, holdId, from);
	}

	private static void requireOne(int updated, String what) {
		if (updated != 1) {
			throw new IllegalStateException("Updated " + updated + " rows of " + what + " under its lock, expected 1");
		}
	}

}
