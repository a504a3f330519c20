package com.treasurybatch.shared.sales;

import java.util.List;
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

	/**
	 * @param splitRules where named rules are read
	 */
	public PayeeResolver(SplitRules splitRules) {
		this.splitRules = splitRules;
	}

	/**
	 * Resolves the payees of a sale.
	 * @param metadata the session's metadata
	 * @return the shares, or a reason for suspense
	 * @throws IllegalArgumentException if {@code tb_split} or {@code tb_payee} is malformed (a bug on the side that
	 * created the session: the sale is not booked until that is fixed)
	 */
	public Payees resolve(SaleMetadata metadata) {
		if (metadata.splitRuleId() != null) {
			Optional<SplitRule> rule = this.splitRules.find(metadata.splitRuleId());
			if (rule.isEmpty()) {
				return new Payees(List.of(), OptionalInt.empty(), metadata.splitRuleId(), null,
						"split rule '" + metadata.splitRuleId() + "' does not exist");
			}
			return new Payees(rule.get().shares(), rule.get().platformFeeBps(), metadata.splitRuleId(), null, null);
		}
		if (metadata.split() != null) {
			List<Share> shares = InlineSplit.parse(metadata.split());
			return new Payees(shares, OptionalInt.empty(), null, InlineSplit.format(shares), null);
		}
		if (metadata.payee() != null) {
			List<Share> shares = List.of(new Share(metadata.payee(), 10_000));
			return new Payees(shares, OptionalInt.empty(), null, InlineSplit.format(shares), null);
		}
		return new Payees(List.of(), OptionalInt.empty(), null, null,
				"metadata names no payee (no tb_split_rule, tb_split or tb_payee)");
	}

}
