package com.treasurybatch.shared.refunds;

/** Who asked for a refund ({@code refund_requests.origin}). */
public enum RefundOrigin {

	/** An operator, {@code POST /api/refunds}: issued at once. */
	OPS,

	/** A buyer, through the product ({@code POST /api/refund-requests}): queued for OPS. */
	BUYER

}
