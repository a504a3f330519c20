package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.refunds.RefundDesk;
import com.treasurybatch.shared.refunds.RefundRequestRecord;
import com.treasurybatch.shared.refunds.RefundRequestStatus;
import com.treasurybatch.shared.refunds.RefundRequests;

/**
 * Buyers' refund requests. {@code POST /api/refund-requests} (PRODUCT, the product's service user; or OPS): body as
 * {@code POST /api/refunds}, queued as REQUESTED (audited {@code refund.request}), 201; a retry with the same
 * request id answers the same request. {@code GET /api/refund-requests?status=&limit=} and
 * {@code GET /api/refund-requests/{id}} (OPS, FINANCE, AUDITOR). {@code POST /api/refund-requests/{id}/approve}
 * (OPS): issues the refund at Stripe as {@code POST /api/refunds} does; {@code POST .../decline} (OPS) with body
 * {@code {"reason": "..."}}. Problems as {@link RefundsController}; 409 when the request is not REQUESTED.
 */
@RestController
@RequestMapping("/api/refund-requests")
class RefundRequestsController {

	private final RefundDesk desk;

	private final RefundRequests requests;

	RefundRequestsController(RefundDesk desk, RefundRequests requests) {
		this.desk = desk;
		this.requests = requests;
	}

	@PostMapping
	ResponseEntity<RefundRequestRecord> request(@RequestBody RefundsController.RefundBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Principal principal) {
		RefundRequestRecord recorded = this.desk.request(body.ask(idempotencyKey), ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/refund-requests/" + recorded.id())).body(recorded);
	}

	@GetMapping
	List<RefundRequestRecord> list(@RequestParam(required = false) RefundRequestStatus status,
			@RequestParam(defaultValue = "100") int limit) {
		return this.requests.list(status, limit);
	}

	@GetMapping("/{id}")
	RefundRequestRecord show(@PathVariable long id) {
		return this.requests.find(id).orElseThrow(() -> new NoSuchElementException("no refund request " + id));
	}

	@PostMapping("/{id}/approve")
	RefundRequestRecord approve(@PathVariable long id, Principal principal) {
		return this.desk.approve(id, ApiActor.of(principal));
	}

	@PostMapping("/{id}/decline")
	RefundRequestRecord decline(@PathVariable long id, @RequestBody Decline body, Principal principal) {
		return this.desk.decline(id, body.reason(), ApiActor.of(principal));
	}

	/**
	 * @param reason why the request is declined, required
	 */
	record Decline(String reason) {
	}

}
