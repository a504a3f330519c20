package com.treasurybatch.shared.refunds;

/** Where a refund request stands ({@code refund_requests.status}). */
public enum RefundRequestStatus {

	/** A buyer's request waiting for OPS. */
	REQUESTED,

	/** OPS declined it, with a reason. */
	DECLINED,

	/** Approved (or issued by OPS); Stripe has not answered yet: issuing again retries with the same key. */
	APPROVED,

	/** Stripe answered with the refund. */
	ISSUED,

	/** Stripe refused the refund. */
	FAILED

}
