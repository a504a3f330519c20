package com.treasurybatch.shared.sales;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.springframework.stereotype.Component;

/**
 * Decides who is paid from a sale: by {@code tb_split_rule}, else {@code tb_split}, else {@code tb_payee}
 * (see {@link SaleMetadata}). A sale that names nobody, or names a rule that does not exist, is not refused: its
 * payee share goes to suspense, to be settled by a person.
 */
@Component
public class PayeeResolver {

	private final SplitRules splitRules;

	private final Clock clock;

	/**
	 * @param splitRules where named rules are read
	 * @param clock UTC clock: the time of {@link #resolve(SaleMetadata)}
	 */
	public PayeeResolver(SplitRules splitRules, Clock clock) {
		this.splitRules = splitRules;
		this.clock = clock;
	}

	/**
	 * Reads the versions of the rules a run of sales names, in one query ({@link SplitRules#findInForce(Collection)}).
	 * @param lookups the rules and the sales' times (UTC)
	 * @return per lookup, the version in force or empty, for {@link #resolve(SaleMetadata, Instant, Map)}
	 */
	public Map<SplitRuleAt, Optional<SplitRuleVersion>> rulesInForce(Collection<SplitRuleAt> lookups) {
		return this.splitRules.findInForce(lookups);
	}

	/**
	 * Resolves the payees of a sale made now.
	 * @param metadata the session's metadata
	 * @return as {@link #resolve(SaleMetadata, Instant)}
	 */
	public Payees resolve(SaleMetadata metadata) {
		return resolve(metadata, this.clock.instant());
	}

	/**
	 * Resolves the payees of a sale. A named rule applies in the version in force at the sale's time
	 * ({@link SplitRules#findInForce}); a rule retired by then sends the payee share to suspense.
	 * @param metadata the session's metadata
	 * @param at when the sale was made (UTC): the paid object's or its event's {@code created}
	 * @return the shares, or a reason for suspense
	 * @throws IllegalArgumentException if {@code tb_split} or {@code tb_payee} is malformed (a bug on the side that
	 * created the session: the sale is not booked until that is fixed)
	 */
	public Payees resolve(SaleMetadata metadata, Instant at) {
		return resolve(metadata, at, Map.of());
	}

	/**
	 * {@link #resolve(SaleMetadata, Instant)} with rule versions already read for a run of sales
	 * ({@link SplitRules#findInForce(java.util.Collection)}), so that a sale naming a rule costs no query of its own.
	 * @param metadata the session's metadata
	 * @param at when the sale was made (UTC)
	 * @param inForce versions in force by rule and instant; a lookup missing from it is read from the database
	 * @return the shares, or a reason for suspense
	 * @throws IllegalArgumentException if {@code tb_split} or {@code tb_payee} is malformed
	 */
	public Payees resolve(SaleMetadata metadata, Instant at, Map<SplitRuleAt, Optional<SplitRuleVersion>> inForce) {
		if (metadata.splitRuleId() != null) {
			Optional<SplitRuleVersion> version = inForce.get(new SplitRuleAt(metadata.splitRuleId(), at));
			if (version == null) {
				version = this.splitRules.findInForce(metadata.splitRuleId(), at);
			}
			if (version.isEmpty()) {
				String reason = this.splitRules.find(metadata.splitRuleId()).isPresent()
						? "split rule '" + metadata.splitRuleId() + "' was retired before the sale"
						: "split rule '" + metadata.splitRuleId() + "' does not exist";
				return new Payees(List.of(), OptionalInt.empty(), metadata.splitRuleId(), null, reason, null);
			}
			SplitRule rule = version.get().rule();
			return new Payees(rule.shares(), rule.platformFeeBps(), metadata.splitRuleId(), null, null,
					version.get().version());
		}
		if (metadata.split() != null) {
			List<Share> shares = InlineSplit.parse(metadata.split());
			return new Payees(shares, OptionalInt.empty(), null, InlineSplit.format(shares), null, null);
		}
		if (metadata.payee() != null) {
			List<Share> shares = List.of(new Share(metadata.payee(), 10_000));
			return new Payees(shares, OptionalInt.empty(), null, InlineSplit.format(shares), null, null);
		}
		return new Payees(List.of(), OptionalInt.empty(), null, null,
				"metadata names no payee (no tb_split_rule, tb_split or tb_payee)", null);
	}

}
