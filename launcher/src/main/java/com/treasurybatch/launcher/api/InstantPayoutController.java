package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.payouts.InstantPayoutDesk;
import com.treasurybatch.shared.payouts.InstantPayoutRefusedException;
import com.treasurybatch.shared.payouts.InstantPayoutRequest;

/**
 * {@code POST /api/payouts/instant} (OPS): records a payee's instant payout request, audited; the
 * {@code instant-payouts} job pays it. Body {@code {"account": "acct_...", "currency": "usd", "amountCents": 5000}}
 * ({@code amountCents} optional: all available). 201 with the request; 400 problem if malformed; 409 if the payee
 * already has an open request in that currency.
 */
@RestController
@RequestMapping("/api/payouts/instant")
class InstantPayoutController {

	private final InstantPayoutDesk desk;

	InstantPayoutController(InstantPayoutDesk desk) {
		this.desk = desk;
	}

	@PostMapping
	ResponseEntity<InstantPayoutRequest> request(@RequestBody InstantRequest body, Principal principal) {
		InstantPayoutRequest recorded = this.desk.request(body.account(),
				(body.currency() != null) ? body.currency() : "usd", body.amountCents(), ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/payouts/instant/" + recorded.id())).body(recorded);
	}

	@ExceptionHandler(InstantPayoutRefusedException.class)
	ProblemDetail refused(InstantPayoutRefusedException ex) {
		return ProblemDetail.forStatusAndDetail(ex.duplicate() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
				ex.getMessage());
	}

	/**
	 * @param account the payee's connected account, {@code acct_...}
	 * @param currency lowercase ISO 4217, default {@code usd}
	 * @param amountCents minor units, or null for all available
	 */
	record InstantRequest(String account, String currency, Long amountCents) {
	}

}
