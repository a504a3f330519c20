package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.privacy.ErasureDesk;
import com.treasurybatch.shared.privacy.ErasureRefusedException;
import com.treasurybatch.shared.privacy.ErasureRequest;

/**
 * {@code POST /api/gdpr/erasure-requests} (OPS): records a data subject's erasure request (GDPR Art. 17), audited
 * without the identifiers; the nightly {@code gdpr-purge} job honours it before it is due (30 days). Body
 * {@code {"emails": ["a@b.c"], "customerIds": ["cus_..."], "accountIds": ["acct_..."], "analyticsUserIds": ["..."]}}
 * (at least one identifier). 201 with the request's id, subject hash, received and due instants (UTC), never the
 * identifiers; 400 problem if nothing or something malformed is given.
 */
@RestController
@RequestMapping("/api/gdpr/erasure-requests")
class ErasureRequestsController {

	private final ErasureDesk desk;

	ErasureRequestsController(ErasureDesk desk) {
		this.desk = desk;
	}

	@PostMapping
	ResponseEntity<Recorded> request(@RequestBody Requested body, Principal principal) {
		ErasureRequest request = this.desk.request(body.emails(), body.customerIds(), body.accountIds(),
				body.analyticsUserIds(), ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/gdpr/erasure-requests/" + request.id()))
			.body(new Recorded(request.id(), request.subjectHash(), request.status(), request.receivedAt().toString(),
					request.dueAt().toString()));
	}

	@ExceptionHandler(ErasureRefusedException.class)
	ProblemDetail refused(ErasureRefusedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/**
	 * @param emails the subject's email addresses
	 * @param customerIds Stripe customer ids, {@code cus_...}
	 * @param accountIds connected account ids, {@code acct_...}
	 * @param analyticsUserIds analytics user ids
	 */
	record Requested(List<String> emails, List<String> customerIds, List<String> accountIds,
			List<String> analyticsUserIds) {
	}

	/**
	 * @param id the request id
	 * @param subjectHash hex SHA-256 of the subject's identifiers
	 * @param status PENDING
	 * @param receivedAt ISO instant, UTC
	 * @param dueAt ISO instant, UTC
	 */
	record Recorded(long id, String subjectHash, String status, String receivedAt, String dueAt) {
	}

}
