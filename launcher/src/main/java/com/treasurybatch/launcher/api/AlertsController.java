package com.treasurybatch.launcher.api;

import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.treasurybatch.shared.alerts.Alert;
import com.treasurybatch.shared.alerts.AlertAcknowledgements;
import com.treasurybatch.shared.alerts.Alerts;

/**
 * {@code /api/alerts}: alerts (OPS, AUDITOR read) and their acknowledgement (OPS; audited as {@code alert.ack}).
 */
@RestController
@RequestMapping("/api/alerts")
class AlertsController {

	private final Alerts alerts;

	private final AlertAcknowledgements acknowledgements;

	AlertsController(Alerts alerts, AlertAcknowledgements acknowledgements) {
		this.alerts = alerts;
		this.acknowledgements = acknowledgements;
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

}
