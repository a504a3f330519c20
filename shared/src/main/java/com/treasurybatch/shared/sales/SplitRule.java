package com.treasurybatch.shared.sales;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import com.treasurybatch.shared.ledger.LedgerProperties;

/**
 * A named way of sharing sales between payees (table {@code split_rules} and {@code split_rule_shares}).
 *
 * <p>Invariants: shares name distinct payees and sum to 10000 bps (also a deferred constraint trigger); the
 * platform fee, when set, is 0 to 10000 bps.
 *
 * @param id the rule's name, as sales refer to it in metadata {@code tb_split_rule}
 * @param description for people
 * @param platformFeeBps the platform's commission in bps of the gross amount; empty = the configured default
 * ({@code treasury.ledger.platform-fee-bps})
 * @param shares who gets what is left after the fee
 */
public record SplitRule(String id, String description, OptionalInt platformFeeBps, List<Share> shares) {

	/**
	 * Checks the invariants.
	 * @throws IllegalArgumentException if the shares do not make a whole or the fee is out of range
	 */
	public SplitRule {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(description, "description");
		Objects.requireNonNull(platformFeeBps, "platformFeeBps");
		shares = Share.whole(shares);
		platformFeeBps.ifPresent((bps) -> {
			if (bps < 0 || bps > LedgerProperties.BPS_WHOLE) {
				throw new IllegalArgumentException("Split rule " + id + " has a platform fee of " + bps
						+ " bps, outside 0..10000");
			}
		});
	}

}
