package com.treasurybatch.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A connected (Express) account the simulator knows, as seeded by a test or the launcher.
 *
 * @param id {@code acct_...}
 * @param chargesEnabled whether it can take charges
 * @param payoutsEnabled whether payouts are allowed; false makes {@code POST /v1/payouts} fail with
 * {@code payouts_not_allowed}
 * @param detailsSubmitted whether onboarding is finished
 * @param requirementsCurrentlyDue what Stripe needs now, e.g. {@code external_account}
 * @param disabledReason e.g. {@code requirements.past_due}, or null
 * @param created creation time (UTC)
 * @param instantPayouts whether it has an instant-eligible external account; false makes an instant payout fail
 * with {@code instant_payouts_unsupported}
 */
public record SimulatedAccount(String id, boolean chargesEnabled, boolean payoutsEnabled, boolean detailsSubmitted,
		List<String> requirementsCurrentlyDue, String disabledReason, Instant created, boolean instantPayouts) {

	/** Checks the id; copies the list. */
	public SimulatedAccount {
		Objects.requireNonNull(created, "created");
		requirementsCurrentlyDue = List.copyOf(requirementsCurrentlyDue);
		if (id == null || !id.matches("acct_[A-Za-z0-9]+")) {
			throw new IllegalArgumentException("Not a Stripe account id: '" + id + "'");
		}
	}

	/** A fully onboarded account: charges and payouts enabled, nothing due, instant payouts supported. */
	public static SimulatedAccount active(String id, Instant created) {
		return new SimulatedAccount(id, true, true, true, List.of(), null, created, true);
	}

	/** This account with payouts disabled while Stripe waits for the given requirements. */
	public SimulatedAccount restricted(List<String> currentlyDue) {
		return new SimulatedAccount(this.id, this.chargesEnabled, false, this.detailsSubmitted, currentlyDue,
				"requirements.past_due", this.created, this.instantPayouts);
	}

	/** This account without an instant-eligible external account. */
	public SimulatedAccount withoutInstantPayouts() {
		return new SimulatedAccount(this.id, this.chargesEnabled, this.payoutsEnabled, this.detailsSubmitted,
				this.requirementsCurrentlyDue, this.disabledReason, this.created, false);
	}

}
