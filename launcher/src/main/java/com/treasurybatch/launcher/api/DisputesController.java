package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.disputes.DisputeDesk;
import com.treasurybatch.shared.disputes.DisputeNote;
import com.treasurybatch.shared.disputes.DisputeView;

/**
 * {@code GET /api/disputes?status=&limit=} and {@code GET /api/disputes/{id}} (OPS, FINANCE, AUDITOR): each dispute
 * with amount, reason, status, evidence {@code due_by}, the sale, the payees' reserved parts and the reserve still
 * held, and notes; nearest deadline first. {@code POST /api/disputes/{id}/notes} (OPS), body
 * {@code {"note": "..."}}: 201 with the note, audited ({@code dispute.note}); 404 for an unknown dispute.
 */
@RestController
@RequestMapping("/api/disputes")
class DisputesController {

	private final DisputeDesk desk;

	DisputesController(DisputeDesk desk) {
		this.desk = desk;
	}

	@GetMapping
	List<DisputeView> list(@RequestParam(required = false) String status,
			@RequestParam(defaultValue = "100") int limit) {
		return this.desk.list(status, limit);
	}

	@GetMapping("/{id}")
	DisputeView show(@PathVariable String id) {
		return this.desk.show(id);
	}

	@PostMapping("/{id}/notes")
	ResponseEntity<DisputeNote> note(@PathVariable String id, @RequestBody NoteBody body, Principal principal) {
		DisputeNote note = this.desk.note(id, body.note(), ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/disputes/" + id)).body(note);
	}

	/**
	 * @param note 1 to 4000 characters
	 */
	record NoteBody(String note) {
	}

}
