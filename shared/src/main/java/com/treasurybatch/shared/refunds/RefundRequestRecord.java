package com.treasurybatch.shared.refunds;

import java.time.Instant;

/**
 * One refund request as stored ({@code refund_requests}).
 *
 * @param id the request's id; the Stripe call's key is {@code refund-request:<id>}
 * @param clientRequestId the caller's own id of the request (a retried call names it again)
 * @param origin OPS or BUYER
 * @param paymentIntent {@code pi_...} of the sale
 * @param chargeId {@code ch_...} when the caller named the charge, else null
 * @param amountCents minor units of the sale's currency
 * @param currency lowercase ISO 4217
 * @param reason the requester's words
 * @param stripeReason {@code duplicate}, {@code fraudulent}, {@code requested_by_customer}, or null
 * @param status where it stands
 * @param requestedBy who asked
 * @param requestedAt when (UTC)
 * @param decidedBy who approved, declined or issued it, or null
 * @param decidedAt when (UTC), or null
 * @param decisionReason the decline's reason, or Stripe's refusal, or null
 * @param stripeRefundId {@code re_...} once issued
 */
public record RefundRequestRecord(long id, String clientRequestId, RefundOrigin origin, String paymentIntent,
		String chargeId, long amountCents, String currency, String reason, String stripeReason,
		RefundRequestStatus status, String requestedBy, Instant requestedAt, String decidedBy, Instant decidedAt,
		String decisionReason, String stripeRefundId) {
}
