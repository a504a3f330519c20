package com.treasurybatch.jobs.instantpayouts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.treasurybatch.shared.ledger.Currencies;
import com.treasurybatch.shared.ledger.CurrencyRule;
import com.treasurybatch.shared.payouts.InstantPayoutRequest;
import com.treasurybatch.shared.payouts.InstantPayoutRequestStatus;
import com.treasurybatch.shared.payouts.InstantPayoutRequests;
import com.treasurybatch.shared.payouts.NightlyPayoutsProperties;
import com.treasurybatch.shared.payouts.PayeeBalanceLock;
import com.treasurybatch.shared.payouts.PayoutCandidate;
import com.treasurybatch.shared.payouts.PayoutCandidates;
import com.treasurybatch.shared.payouts.RiskAssessment;
import com.treasurybatch.shared.payouts.RiskRules;

/**
 * Decides on one open request without a payout, inside the caller's transaction: rejects it with reasons, leaves it
 * waiting for funds, or writes its PENDING {@code instant} payout row (committed before any Stripe call).
 *
 * <p>Available = the payable balance minus sale credits younger than {@code coolOffHours} minus open payouts
 * (nightly or instant, PENDING or HELD): the nightly job's figures ({@link PayoutCandidates}) with the instant
 * cool-off. Risk: the nightly rules ({@link RiskRules}) against the stricter instant threshold.
 *
 * <p>Invariants: a request gets at most one payout row (its key names the request); the amount never exceeds what
 * is available at the decision.
 */
final class InstantPayoutDecider {

	private final PayoutCandidates candidates;

	private final InstantPayoutRequests requests;

	private final RiskRules riskRules;

	private final NightlyPayoutsProperties nightly;

	private final InstantPayoutsProperties properties;

	private final Clock clock;

	private final PayeeBalanceLock balanceLock;

	InstantPayoutDecider(PayoutCandidates candidates, InstantPayoutRequests requests, NightlyPayoutsProperties nightly,
			InstantPayoutsProperties properties, Clock clock, PayeeBalanceLock balanceLock) {
		this.balanceLock = balanceLock;
		this.candidates = candidates;
		this.requests = requests;
		this.riskRules = new RiskRules(nightly);
		this.nightly = nightly;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Decides.
	 * @param request the request, locked by the caller
	 * @return the payout row id to pay, or empty when the request was rejected or waits (the outcome says which)
	 */
	Decision decide(InstantPayoutRequest request) {
		this.balanceLock.lock(request.payeeAccount(), request.currency());
		Instant now = this.clock.instant();
		Instant coolOffStart = now.minus(Duration.ofHours(this.properties.coolOffHours()));
		Optional<PayoutCandidate> found = this.candidates.forPayee(request.payeeAccount(), request.currency(),
				coolOffStart);
		if (found.isEmpty()) {
			return reject(request, "no_balance: no payable in " + request.currency());
		}
		PayoutCandidate candidate = found.get();
		if (!candidate.accountKnown()) {
			return reject(request, "no_connected_account: no account.updated stored for the payee");
		}
		if (!candidate.payoutsEnabled()) {
			return reject(request, "payouts_disabled: Stripe reports payouts_enabled=false");
		}
		long available = candidate.availableCents();
		CurrencyRule rule = Currencies.rule(request.currency());
		if (request.amountCents() != null && request.amountCents() % rule.payoutMultiple() != 0) {
			return reject(request, "amount_not_payable: Stripe pays " + request.currency() + " in multiples of "
					+ rule.payoutMultiple() + " minor units (docs.stripe.com/currencies), asked "
					+ request.amountCents());
		}
		// all available: rounded down to Stripe's payout multiple (HUF, TWD: 100; KWD: 10), the rest stays payable
		long amount = (request.amountCents() != null) ? request.amountCents()
				: rule.payableAmount(Math.max(0, available));
		long minimum = this.nightly.minimumFor(request.currency());
		if (available <= 0 || amount > available || amount < minimum) {
			String figures = "asked " + ((request.amountCents() != null) ? request.amountCents() : "all")
					+ ", available " + available + " (balance " + candidate.balanceCents() + " - cooling off "
					+ candidate.coolingCents() + " - open payouts " + candidate.heldCents() + "), minimum "
					+ minimum;
			if (Duration.between(request.requestedAt(), now).toHours() >= this.properties.waitHoursMax()) {
				return reject(request, "funds_not_available: " + figures + " after "
						+ this.properties.waitHoursMax() + " hours");
			}
			return Decision.outcome(new InstantPayoutOutcome(request.id(), "waiting", figures));
		}
		RiskAssessment risk = this.riskRules.assess(candidate, amount, now);
		if (risk.score() >= this.properties.riskThreshold()) {
			List<String> reasons = new ArrayList<>();
			reasons.add("risk " + risk.score() + " >= instant threshold " + this.properties.riskThreshold());
			reasons.addAll(risk.reasons());
			return reject(request, reasons);
		}
		LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
		Optional<Long> payoutId = this.requests.createPayout(request, date, amount);
		if (payoutId.isEmpty()) {
			return reject(request, "daily_limit: an instant payout in " + request.currency() + " was already made on "
					+ date + " (UTC)");
		}
		return new Decision(payoutId.get(), null);
	}

	private Decision reject(InstantPayoutRequest request, String reason) {
		return reject(request, List.of(reason));
	}

	private Decision reject(InstantPayoutRequest request, List<String> reasons) {
		if (!this.requests.refuse(request.id(), InstantPayoutRequestStatus.REJECTED, reasons)) {
			throw new IllegalStateException("Instant payout request " + request.id() + " was locked open but moved");
		}
		return Decision.outcome(new InstantPayoutOutcome(request.id(), "rejected", String.join("; ", reasons)));
	}

	/**
	 * A decision: a payout row to pay, or an outcome.
	 * @param payoutId the PENDING payout row, or null
	 * @param outcome what happened instead, or null
	 */
	record Decision(Long payoutId, InstantPayoutOutcome outcome) {

		static Decision outcome(InstantPayoutOutcome outcome) {
			return new Decision(null, outcome);
		}

	}

}
