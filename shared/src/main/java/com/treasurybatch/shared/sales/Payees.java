package com.treasurybatch.shared.sales;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Who is paid from one sale, as resolved from its metadata.
 *
 * @param shares the payees' shares (summing to 10000 bps), or empty when the payee share goes to suspense
 * @param platformFeeBps the rule's platform fee, or empty for the configured default
 * @param splitRuleId the rule named in metadata (kept even when unknown), or null
 * @param splitInline the inline split as stored on the order ({@code tb_split}, or {@code tb_payee} as
 * {@code acct_...:10000}), or null
 * @param suspenseReason why nobody can be paid (no payee named, unknown rule), or null when shares are given
 * @param splitRuleVersion the version of the named rule that applied, or null when no rule's version applied
 */
public record Payees(List<Share> shares, OptionalInt platformFeeBps, String splitRuleId, String splitInline,
		String suspenseReason, Integer splitRuleVersion) {

	/**
	 * Checks that there are either shares or a reason for suspense.
	 * @throws IllegalArgumentException if both or neither are given
	 */
	public Payees {
		Objects.requireNonNull(platformFeeBps, "platformFeeBps");
		shares = shares.isEmpty() ? List.of() : Share.whole(shares);
		if (shares.isEmpty() == (suspenseReason == null)) {
			throw new IllegalArgumentException("Payees need either shares or a reason for suspense, not both");
		}
	}

	/**
	 * Whether the payee share goes to {@code platform:suspense}.
	 * @return true when no payee can be paid
	 */
	public boolean inSuspense() {
		return this.suspenseReason != null;
	}

}
