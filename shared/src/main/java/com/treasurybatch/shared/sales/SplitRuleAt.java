package com.treasurybatch.shared.sales;

import java.time.Instant;

/**
 * A split rule named by a sale, and the sale's time: what {@link SplitRules#findInForce(java.util.Collection)}
 * looks up.
 *
 * @param ruleId {@code tb_split_rule}: id of a {@code split_rules} row
 * @param at the sale's time (UTC)
 */
public record SplitRuleAt(String ruleId, Instant at) {
}
