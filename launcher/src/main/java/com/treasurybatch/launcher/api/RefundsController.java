package com.treasurybatch.launcher.api;

import java.net.URI;
import java.security.Principal;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.treasurybatch.shared.refunds.RefundDesk;
import com.treasurybatch.shared.refunds.RefundRequestRecord;

/**
 * {@code POST /api/refunds} (OPS): refunds a sale at Stripe at once, audited ({@code refund.issue}). Body
 * {@code {"request_id": "...", "payment_intent": "pi_..." | "charge": "ch_...", "amount": 500, "reason": "...",
 * "stripe_reason": "requested_by_customer"}} ({@code amount} in minor units; {@code request_id} may come as the
 * {@code Idempotency-Key} header instead). A retried call with the same request id refunds once (Stripe key
 * {@code refund-request:<id>}). The ledger books the refund when Stripe's {@code refund.created} arrives.
 * 201 with the request (status ISSUED); problems: 400 malformed, 404 no sale booked, 409 request id reused with
 * other figures, 422 more than is left (figures in {@code detail}, {@code left_cents}) or Stripe refused,
 * 503 Stripe did not answer (retry the same call).
 */
@RestController
@RequestMapping("/api/refunds")
class RefundsController {

	private final RefundDesk desk;

	RefundsController(RefundDesk desk) {
		this.desk = desk;
	}

	@PostMapping
	ResponseEntity<RefundRequestRecord> issue(@RequestBody RefundBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Principal principal) {
		RefundRequestRecord issued = this.desk.issue(body.ask(idempotencyKey), ApiActor.of(principal));
		return ResponseEntity.created(URI.create("/api/refund-requests/" + issued.id())).body(issued);
	}

	/**
	 * A refund or refund request as posted.
	 * @param requestId the caller's own id of the request
	 * @param paymentIntent {@code pi_...} or null
	 * @param charge {@code ch_...} or null
	 * @param amount minor units
	 * @param reason why, required
	 * @param stripeReason Stripe's reason or null
	 */
	record RefundBody(@JsonProperty("request_id") String requestId,
			@JsonProperty("payment_intent") String paymentIntent, String charge, Long amount, String reason,
			@JsonProperty("stripe_reason") String stripeReason) {

		RefundDesk.Ask ask(String idempotencyKey) {
			if (this.amount == null) {
				throw new IllegalArgumentException("amount (minor units) is required");
			}
			return new RefundDesk.Ask((this.requestId != null) ? this.requestId : idempotencyKey, this.paymentIntent,
					this.charge, this.amount, this.reason, this.stripeReason);
		}

	}

}
