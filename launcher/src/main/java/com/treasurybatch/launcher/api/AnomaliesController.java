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

import com.treasurybatch.shared.anomalies.Anomalies;
import com.treasurybatch.shared.anomalies.Anomaly;

/**
 * {@code /api/anomalies}: what the nightly {@code ledger-anomalies} job flagged (OPS, FINANCE, AUDITOR read), and
 * resolving one with a note (OPS; audited {@code anomaly.resolve}).
 */
@RestController
@RequestMapping("/api/anomalies")
class AnomaliesController {

	private final Anomalies anomalies;

	AnomaliesController(Anomalies anomalies) {
		this.anomalies = anomalies;
	}

	/**
	 * {@code POST /api/anomalies/{id}/resolve} body.
	 * @param note why it is resolved
	 */
	record AnomalyResolution(String note) {
	}

	/** Newest business date first; {@code all=true} includes resolved ones; {@code limit} 1 to 1000 (else 400). */
	@GetMapping
	List<Anomaly> list(@RequestParam(name = "all", defaultValue = "false") boolean all,
			@RequestParam(name = "limit", defaultValue = "100") int limit) {
		return this.anomalies.list(!all, limit);
	}

	/** Resolves with {@code {"note": "..."}}: 200 with the anomaly; 400 without a note; 404 if unknown; 409 if resolved. */
	@PostMapping("/{id}/resolve")
	Anomaly resolve(@PathVariable("id") long id, @RequestBody AnomalyResolution request, Principal principal) {
		switch (this.anomalies.resolve(id, request.note(), ApiActor.of(principal))) {
			case UNKNOWN -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No anomaly " + id);
			case ALREADY_RESOLVED ->
				throw new ResponseStatusException(HttpStatus.CONFLICT, "Anomaly " + id + " is resolved");
			default -> {
			}
		}
		return this.anomalies.byId(id);
	}

}
