package com.treasurybatch.shared.payouts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A payee's request for an instant payout. Amounts in minor units (cents) of {@code currency}; instants in UTC.
 *
 * @param id row id
 * @param payeeAccount {@code acct_...}
 * @param currency lowercase ISO 4217
 * @param amountCents what was asked for, or null for all available
 * @param status where it stands
 * @param requestedAt when it was recorded
 * @param requestedBy the actor's name
 * @param payoutId the payouts row (kind instant) paying it, or null until decided
 * @param payoutMethod {@code instant} or {@code standard} once PAID, else null
 * @param reasons why REJECTED or FAILED; empty otherwise
 * @param note for people, e.g. a fallback to a standard payout, or null
 * @param updatedAt last change
 */
public record InstantPayoutRequest(long id, String payeeAccount, String currency, Long amountCents,
		InstantPayoutRequestStatus status, Instant requestedAt, String requestedBy, Long payoutId, String payoutMethod,
		List<String> reasons, String note, Instant updatedAt) {

	/** Copies the reasons; checks what cannot be null. */
	public InstantPayoutRequest {
		Objects.requireNonNull(payeeAccount, "payeeAccount");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(status, "status");
		reasons = List.copyOf(reasons);
	}

}
