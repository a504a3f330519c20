package com.treasurybatch.shared.stripe;

import java.time.Instant;
import java.util.List;

/**
 * A connected account's state as Stripe reports it now (docs.stripe.com/api/accounts/object).
 *
 * @param id {@code acct_...}
 * @param chargesEnabled whether it can take charges
 * @param payoutsEnabled whether Stripe pays out to it
 * @param detailsSubmitted whether its owner finished onboarding
 * @param requirementsCurrentlyDue names of what Stripe needs now (e.g. {@code external_account}); never values
 * @param disabledReason e.g. {@code requirements.past_due}, or null
 * @param created when the account was created (UTC, whole seconds); the account's age for risk rules
 */
public record StripeAccount(String id, boolean chargesEnabled, boolean payoutsEnabled, boolean detailsSubmitted,
		List<String> requirementsCurrentlyDue, String disabledReason, Instant created) {

	/** Copies the requirement list. */
	public StripeAccount {
		requirementsCurrentlyDue = List.copyOf(requirementsCurrentlyDue);
	}

}
