package com.treasurybatch.shared.inventory;

import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * The catalog for the API and the CLI: ticketed events and ticket types created or changed one at a time, each in
 * its own transaction with its audit row ({@code catalog.event}, {@code catalog.ticket_type}).
 */
@Service
public class CatalogDesk {

	private final TicketedEvents events;

	private final TicketTypes types;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	/**
	 * @param events the events
	 * @param types the ticket types
	 * @param audit the audit trail
	 * @param transactionManager each change and its audit row commit together
	 */
	public CatalogDesk(TicketedEvents events, TicketTypes types, AuditLog audit,
			PlatformTransactionManager transactionManager) {
		this.events = events;
		this.types = types;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Creates or changes an event.
	 * @param event the event
	 * @param actor who
	 * @return true if created
	 */
	public boolean save(TicketedEvent event, Actor actor) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			boolean created = this.events.save(event);
			this.audit.record(new AuditEvent(actor, "catalog.event", "ticketed_event:" + event.id(),
					Map.of("title", event.title(), "starts_at", event.startsAt().toString()), AuditOutcome.OK,
					created ? "created" : "changed"));
			return created;
		}));
	}

	/**
	 * Creates or changes a ticket type.
	 * @param type the ticket type (held and sold ignored)
	 * @param actor who
	 * @return true if created
	 * @throws IllegalArgumentException as {@link TicketTypes#save}
	 */
	public boolean save(TicketType type, Actor actor) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			boolean created = this.types.save(type);
			this.audit.record(new AuditEvent(actor, "catalog.ticket_type", "ticket_type:" + type.id(),
					Map.of("event_id", type.eventId(), "price", type.priceCents(), "currency", type.currency(),
							"capacity", type.capacity(), "sale_starts_at", type.saleStartsAt().toString(),
							"sale_ends_at", type.saleEndsAt().toString()),
					AuditOutcome.OK, created ? "created" : "changed"));
			return created;
		}));
	}

}
