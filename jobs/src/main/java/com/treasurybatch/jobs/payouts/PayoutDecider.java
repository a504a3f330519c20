package com.treasurybatch.jobs.payouts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.Currencies;
import com.treasurybatch.shared.payouts.NightlyPayoutsProperties;
import com.treasurybatch.shared.payouts.PayeeBalanceLock;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutCandidate;
import com.treasurybatch.shared.payouts.PayoutCandidates;
import com.treasurybatch.shared.payouts.PayoutKind;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;
import com.treasurybatch.shared.payouts.RiskAssessment;
import com.treasurybatch.shared.payouts.RiskRules;

/**
 * Decides what happens to one candidate and commits the decision before anything is sent to Stripe: a skip row
 * (filtered out), a HELD payout with its risk reasons and a WARNING alert (filtered out), or a PENDING payout
 * (passed to the writer, which transfers it). A candidate that is already a PENDING row passes as it is.
 *
 * <p>Invariants: a payout row is committed, with its idempotency key, before the writer calls Stripe; its amount
 * is the available balance read under the payee's {@link PayeeBalanceLock}, so no other claim (an instant payout)
 * counts the same cents; a payee gets at most one nightly payout per date and currency ({@link Payouts#create} refuses a second, and so does the
 * database).
 */
class PayoutDecider implements ItemProcessor<PayoutCandidate, Payout> {

	private static final Logger log = LoggerFactory.getLogger(PayoutDecider.class);

	private final LocalDate date;

	private final Instant dateEnd;

	private final NightlyPayoutsProperties properties;

	private final RiskRules riskRules;

	private final Payouts payouts;

	private final PayoutSkips skips;

	private final Alerts alerts;

	private final TransactionTemplate ownTransaction;

	private final Instant coolOffStart;

	private final PayoutCandidates candidates;

	private final PayeeBalanceLock balanceLock;

	PayoutDecider(LocalDate date, Instant dateEnd, Instant coolOffStart, NightlyPayoutsProperties properties,
			Payouts payouts, PayoutSkips skips, Alerts alerts, TransactionTemplate ownTransaction,
			PayoutCandidates candidates, PayeeBalanceLock balanceLock) {
		this.date = date;
		this.dateEnd = dateEnd;
		this.coolOffStart = coolOffStart;
		this.candidates = candidates;
		this.balanceLock = balanceLock;
		this.properties = properties;
		this.riskRules = new RiskRules(properties);
		this.payouts = payouts;
		this.skips = skips;
		this.alerts = alerts;
		this.ownTransaction = ownTransaction;
	}

	@Override
	public Payout process(PayoutCandidate candidate) {
		if (candidate.pendingPayoutId() != null) {
			return this.payouts.find(candidate.pendingPayoutId())
				.filter((payout) -> payout.status() == PayoutStatus.PENDING)
				.orElse(null);
		}
		return this.ownTransaction.execute((status) -> {
			// an instant payout may have claimed part of the balance since the reader ran: read it again under the
			// payee's lock, which the instant-payouts job takes too
			this.balanceLock.lock(candidate.payeeAccount(), candidate.currency());
			return this.candidates.forPayee(candidate.payeeAccount(), candidate.currency(), this.coolOffStart)
				.map(this::decide)
				.orElse(null);
		});
	}

	private Payout decide(PayoutCandidate candidate) {
		long available = candidate.availableCents();
		if (!candidate.accountKnown()) {
			return skip(candidate, SkipReason.NO_CONNECTED_ACCOUNT, "no account.updated stored for the payee");
		}
		if (!candidate.payoutsEnabled()) {
			return skip(candidate, SkipReason.PAYOUTS_DISABLED, "Stripe reports payouts_enabled=false");
		}
		if (candidate.balanceCents() < 0) {
			return skip(candidate, SkipReason.NEGATIVE_BALANCE,
					"payable " + candidate.balanceCents() + ", netted against future sales");
		}
		if (available <= 0) {
			return skip(candidate, SkipReason.NOTHING_AVAILABLE, "balance " + candidate.balanceCents()
					+ " - cooling off " + candidate.coolingCents() + " - open payouts " + candidate.heldCents());
		}
		// Stripe's payout multiple of the currency (HUF, TWD: 100; KWD: 10); the rest stays payable for later
		long payable = Currencies.payableAmount(available, candidate.currency());
		long minimum = this.properties.minimumFor(candidate.currency());
		if (payable < minimum) {
			return skip(candidate, SkipReason.BELOW_MINIMUM, "available " + available + " (payable " + payable
					+ ") < minimum " + minimum + " " + candidate.currency());
		}
		long amount = payable;
		RiskAssessment risk = this.riskRules.assess(candidate, amount, this.dateEnd);
		boolean held = this.riskRules.holds(risk);
		Optional<Payout> created = this.payouts.create(candidate.payeeAccount(), this.date, PayoutKind.NIGHTLY,
				amount, candidate.currency(), held ? risk.reasons() : List.of());
		if (created.isEmpty()) {
			log.info("Payout of {} {} for {} was written by another run; left to it", candidate.payeeAccount(),
					candidate.currency(), this.date);
			return null;
		}
		Payout payout = created.get();
		if (held) {
			this.alerts.raise(Severity.WARNING, "payout_held", candidate.payeeAccount(),
					"Payout " + payout.id() + " of " + amount + " " + candidate.currency() + " for " + this.date
							+ " held for review, risk " + risk.score() + ": " + String.join("; ", risk.reasons()),
					"payout_held:" + payout.idempotencyKey());
			return null;
		}
		return payout;
	}

	private Payout skip(PayoutCandidate candidate, SkipReason reason, String detail) {
		this.skips.record(this.date, candidate, reason, detail);
		return null;
	}

}
