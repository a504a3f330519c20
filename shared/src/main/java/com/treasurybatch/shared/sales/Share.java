package com.treasurybatch.shared.sales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.LedgerProperties;

/**
 * One payee's share of what is left of a sale after the platform's fee.
 *
 * @param payeeAccount the payee's Stripe connected account, {@code acct_...}
 * @param bps basis points, 1 to 10000
 */
public record Share(String payeeAccount, int bps) {

	/**
	 * Checks the share on its own.
	 * @throws IllegalArgumentException if the account is not {@code acct_...} or bps is outside 1..10000
	 */
	public Share {
		if (!LedgerAccounts.isConnectedAccountId(payeeAccount)) {
			throw new IllegalArgumentException("A payee must be a Stripe connected account (acct_...), got '"
					+ payeeAccount + "'");
		}
		if (bps < 1 || bps > LedgerProperties.BPS_WHOLE) {
			throw new IllegalArgumentException("A share must be 1 to 10000 bps, got " + bps + " for " + payeeAccount);
		}
	}

	/**
	 * Checks that shares make one whole: distinct payees, 10000 bps in all.
	 * @param shares the shares of one sale or rule
	 * @return the same shares, unmodifiable
	 * @throws IllegalArgumentException if a payee appears twice or the bps do not sum to 10000
	 */
	public static List<Share> whole(List<Share> shares) {
		Objects.requireNonNull(shares, "shares");
		Set<String> payees = new HashSet<>();
		long total = 0;
		for (Share share : shares) {
			if (!payees.add(share.payeeAccount())) {
				throw new IllegalArgumentException("Payee " + share.payeeAccount() + " appears twice in one split");
			}
			total += share.bps();
		}
		if (total != LedgerProperties.BPS_WHOLE) {
			throw new IllegalArgumentException("Split shares sum to " + total + " bps, they must sum to 10000");
		}
		return List.copyOf(shares);
	}

}
