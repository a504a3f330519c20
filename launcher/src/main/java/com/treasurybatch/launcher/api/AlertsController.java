package com.treasurybatch.launcher.api;

import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.AlertAcknowledgements;
import com.treasurybatch.shared.alerts.AlertWork;
import com.treasurybatch.shared.alerts.Alerts;

/**
 * {@code /api/alerts}: alerts (OPS, AUDITOR read); acknowledging, assigning and resolving them (OPS; audited as
 * {@code alert.ack}, {@code alert.assign}, {@code alert.resolve}). The open list leaves out acknowledged and resolved
 * alerts.
 */
@RestController
@RequestMapping("/api/alerts")
class AlertsController {

	private final Alerts alerts;

	private final AlertAcknowledgements acknowledgements;

	private final AlertWork work;

	AlertsController(Alerts alerts, AlertAcknowledgements acknowledgements, AlertWork work) {
		this.alerts = alerts;
		this.acknowledgements = acknowledgements;
		this.work = work;
	}

	/**
	 * {@code POST /api/alerts/{id}/assign} body.
	 * @param assignee who works the alert, e.g. an operator's login
	 */
	record AssignRequest(String assignee) {
	}

	/**
	 * {@code POST /api/alerts/{id}/resolve} body.
	 * @param note why it is resolved
	 */
	record ResolveRequest(String note) {
	}

	/** Newest first; {@code all=true} includes acknowledged ones; {@code limit} 1 to 1000. */
	@GetMapping
	List<Alert> list(@RequestParam(name = "all", defaultValue = "false") boolean all,
			@RequestParam(name = "limit", defaultValue = "50") int limit) {
		return this.alerts.latest(!all, limit);
	}

	/** Acknowledges: 200 with the alert; 404 if unknown; 409 if acknowledged before. */
	@PostMapping("/{id}/ack")
	Alert acknowledge(@PathVariable("id") long id, Principal principal) {
		switch (this.acknowledgements.acknowledge(id, ApiActor.of(principal))) {
			case UNKNOWN -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No alert " + id);
			case ALREADY_ACKNOWLEDGED ->
				throw new ResponseStatusException(HttpStatus.CONFLICT, "Alert " + id + " was acknowledged before");
			default -> {
			}
		}
		return this.alerts.byId(id);
	}

	/** Assigns {@code {"assignee": "..."}}: 200 with the alert; 400 without an assignee; 404 if unknown; 409 if resolved. */
	@PostMapping("/{id}/assign")
	Alert assign(@PathVariable("id") long id, @RequestBody AssignRequest request, Principal principal) {
		return done(id, this.work.assign(id, request.assignee(), ApiActor.of(principal)));
	}

	/** Resolves with {@code {"note": "..."}}: 200 with the alert; 400 without a note; 404 if unknown; 409 if resolved before. */
	@PostMapping("/{id}/resolve")
	Alert resolve(@PathVariable("id") long id, @RequestBody ResolveRequest request, Principal principal) {
		return done(id, this.work.resolve(id, request.note(), ApiActor.of(principal)));
	}

	private Alert done(long id, AlertWork.Outcome outcome) {
		switch (outcome) {
			case UNKNOWN -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No alert " + id);
			case ALREADY_RESOLVED -> throw new ResponseStatusException(HttpStatus.CONFLICT, "Alert " + id + " is resolved");
			default -> {
			}
		}
		return this.alerts.byId(id);
	}

}
