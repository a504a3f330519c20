package com.treasurybatch.shared.sales;

import java.time.Instant;

/**
 * One version of a split rule ({@code split_rule_versions}): what the rule said from {@code effectiveFrom} until
 * the next version.
 *
 * @param rule the rule's name, description, fee and shares in this version
 * @param version 1 for the first, one more for each change
 * @param effectiveFrom when it came into force (UTC)
 * @param createdBy who made this version
 * @param current whether it is the rule's current version
 * @param retiredAt when the rule was retired (UTC), or null while it is active
 */
public record SplitRuleVersion(SplitRule rule, int version, Instant effectiveFrom, String createdBy, boolean current,
		Instant retiredAt) {
}
