package com.treasurybatch.launcher.api;

import java.io.IOException;
import java.io.StringReader;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.launcher.catalog.CatalogCsvLoader;
import com.treasurybatch.launcher.catalog.CatalogLoadReport;
import com.treasurybatch.shared.inventory.CatalogDesk;
import com.treasurybatch.shared.inventory.TicketType;
import com.treasurybatch.shared.inventory.TicketTypes;
import com.treasurybatch.shared.inventory.TicketedEvent;
import com.treasurybatch.shared.inventory.TicketedEvents;

/**
 * The ticket catalog. {@code GET /api/catalog/events} and {@code GET /api/catalog/ticket-types?event_id=} (OPS,
 * FINANCE, AUDITOR). OPS: {@code POST /api/catalog/events} {@code {"id", "title", "starts_at"}} and
 * {@code POST /api/catalog/ticket-types} {@code {"id", "event_id", "name", "price", "currency", "capacity",
 * "sale_starts_at", "sale_ends_at"}} create (201) or change (200) one, audited; {@code POST /api/catalog/load} with a
 * {@code text/csv} body loads a file as {@code catalog load} does and answers the report (rows loaded, rows skipped
 * with line and reason). Problems: 400 malformed.
 */
@RestController
@RequestMapping("/api/catalog")
class CatalogController {

	private final CatalogDesk desk;

	private final TicketedEvents events;

	private final TicketTypes types;

	private final CatalogCsvLoader loader;

	CatalogController(CatalogDesk desk, TicketedEvents events, TicketTypes types, CatalogCsvLoader loader) {
		this.desk = desk;
		this.events = events;
		this.types = types;
		this.loader = loader;
	}

	@GetMapping("/events")
	List<TicketedEvent> events() {
		return this.events.list();
	}

	@PostMapping("/events")
	ResponseEntity<TicketedEvent> saveEvent(@RequestBody EventBody body, Principal principal) {
		TicketedEvent event = new TicketedEvent(body.id(), body.title(), body.startsAt());
		boolean created = this.desk.save(event, ApiActor.of(principal));
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(event);
	}

	@GetMapping("/ticket-types")
	List<TicketType> ticketTypes(@RequestParam(name = "event_id", required = false) String eventId) {
		return this.types.list(eventId);
	}

	@PostMapping("/ticket-types")
	ResponseEntity<TicketType> saveTicketType(@RequestBody TicketTypeBody body, Principal principal) {
		if (body.price() == null || body.capacity() == null) {
			throw new IllegalArgumentException("price (minor units) and capacity are required");
		}
		TicketType type = new TicketType(body.id(), body.eventId(), body.name(), body.price(), body.currency(),
				body.capacity(), 0, 0, body.saleStartsAt(), body.saleEndsAt());
		boolean created = this.desk.save(type, ApiActor.of(principal));
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
			.body(this.types.find(type.id()).orElseThrow());
	}

	@PostMapping(path = "/load", consumes = "text/csv")
	CatalogLoadReport load(@RequestBody String csv, Principal principal) throws IOException {
		return this.loader.load(new StringReader(csv), ApiActor.of(principal));
	}

	/**
	 * @param id the product side's id
	 * @param title for people
	 * @param startsAt when the show starts
	 */
	record EventBody(String id, String title, @JsonProperty("starts_at") Instant startsAt) {
	}

	/**
	 * @param id the product side's id
	 * @param eventId its event
	 * @param name for people
	 * @param price minor units
	 * @param currency lowercase ISO 4217
	 * @param capacity how many can be sold
	 * @param saleStartsAt sales open
	 * @param saleEndsAt sales close
	 */
	record TicketTypeBody(String id, @JsonProperty("event_id") String eventId, String name, Long price,
			String currency, Integer capacity, @JsonProperty("sale_starts_at") Instant saleStartsAt,
			@JsonProperty("sale_ends_at") Instant saleEndsAt) {
	}

}
