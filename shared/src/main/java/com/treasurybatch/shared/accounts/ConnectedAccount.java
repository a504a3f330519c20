package com.treasurybatch.shared.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A payee's Stripe connected account, as of one {@code account.updated} event.
 *
 * @param accountId Stripe account id, {@code acct_...}
 * @param chargesEnabled whether it can take charges
 * @param payoutsEnabled whether Stripe pays out to it; payouts to it must wait while false
 * @param detailsSubmitted whether its owner finished onboarding
 * @param requirementsCurrentlyDue names of what Stripe needs now (e.g. {@code external_account}); never values
 * @param disabledReason why it is disabled (e.g. {@code requirements.past_due}), or null
 * @param lastEventId the Stripe event this state comes from, {@code evt_...}
 * @param lastEventCreated that event's creation time (UTC); an older event never overwrites this state
 * @param updatedAt when this system stored it (UTC)
 */
public record ConnectedAccount(String accountId, boolean chargesEnabled, boolean payoutsEnabled,
		boolean detailsSubmitted, List<String> requirementsCurrentlyDue, String disabledReason, String lastEventId,
		Instant lastEventCreated, Instant updatedAt) {

	/**
	 * Copies the requirement list and checks ids.
	 * @throws IllegalArgumentException if the account id is not {@code acct_...}
	 */
	public ConnectedAccount {
		Objects.requireNonNull(accountId, "accountId");
		Objects.requireNonNull(lastEventId, "lastEventId");
		Objects.requireNonNull(lastEventCreated, "lastEventCreated");
		Objects.requireNonNull(updatedAt, "updatedAt");
		requirementsCurrentlyDue = List.copyOf(requirementsCurrentlyDue);
		if (!accountId.matches("acct_[A-Za-z0-9]+")) {
			throw new IllegalArgumentException("Not a Stripe account id: '" + accountId + "'");
		}
	}

}
