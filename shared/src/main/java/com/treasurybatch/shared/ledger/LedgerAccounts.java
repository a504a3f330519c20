package com.treasurybatch.shared.ledger;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chart of accounts: the platform's own accounts (seeded by {@code V4__ledger.sql}, {@code V7__payouts.sql},
 * {@code V23__settlement.sql} and {@code V26__vat_booked_credit_notes_and_reference_rates.sql}; see this package's README.md) and one payable
 * account per payee, named after the payee's Stripe connected account.
 */
public final class LedgerAccounts {

	/** The platform's balance at Stripe (asset). */
	public static final String PLATFORM_CASH = "platform:cash";

	/** The platform's commission on sales (revenue). */
	public static final String PLATFORM_FEE_REVENUE = "platform:fee_revenue";

	/** Stripe's processing fees (expense). */
	public static final String PLATFORM_STRIPE_FEES = "platform:stripe_fees";

	/** Money received that nobody can be paid from yet, e.g. a sale that names no payee (liability). */
	public static final String PLATFORM_SUSPENSE = "platform:suspense";

	/** Money held back against open disputes (liability). */
	public static final String PLATFORM_DISPUTE_RESERVE = "platform:dispute_reserve";

	/** The platform's own share of lost disputes, and what payees' reserves did not cover (expense). */
	public static final String PLATFORM_DISPUTE_LOSSES = "platform:dispute_losses";

	/**
	 * Money transferred to a payee's Stripe balance whose payout to their bank failed: still at Stripe, recoverable
	 * by reversing the transfer (asset). A failed payout moves it back into the payee's payable.
	 */
	public static final String PLATFORM_PAYOUTS_RETURNED = "platform:payouts_returned";

	/** The platform's own payouts from its Stripe balance to its bank, in transit and arrived (asset). */
	public static final String PLATFORM_BANK_PAYOUTS = "platform:bank_payouts";

	/** Movements of the Stripe balance that no event books, as the reconciliation README maps them (expense). */
	public static final String PLATFORM_STRIPE_ADJUSTMENTS = "platform:stripe_adjustments";

	/** Sales tax collected with sales, never split, never paid to payees (liability). */
	public static final String PLATFORM_TAX_PAYABLE = "platform:tax_payable";

	/** Disputed amounts Stripe withdrew from the balance, until the dispute closes (asset). */
	public static final String PLATFORM_DISPUTE_FUNDS = "platform:dispute_funds";

	/**
	 * VAT contained in the platform's fees (configured fees are VAT-inclusive), owed to tax authorities: credited
	 * from {@code platform:fee_revenue} when a fee invoice is issued, debited back by a credit note (liability).
	 */
	public static final String PLATFORM_VAT_PAYABLE = "platform:vat_payable";

	private static final String PAYABLE_PREFIX = "payable:";

	private static final Pattern CONNECTED_ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]+");

	private static final Map<String, AccountType> PLATFORM = Map.ofEntries(Map.entry(PLATFORM_CASH, AccountType.ASSET),
			Map.entry(PLATFORM_FEE_REVENUE, AccountType.REVENUE), Map.entry(PLATFORM_STRIPE_FEES, AccountType.EXPENSE),
			Map.entry(PLATFORM_SUSPENSE, AccountType.LIABILITY), Map.entry(PLATFORM_DISPUTE_RESERVE, AccountType.LIABILITY),
			Map.entry(PLATFORM_DISPUTE_LOSSES, AccountType.EXPENSE), Map.entry(PLATFORM_PAYOUTS_RETURNED, AccountType.ASSET),
			Map.entry(PLATFORM_BANK_PAYOUTS, AccountType.ASSET), Map.entry(PLATFORM_STRIPE_ADJUSTMENTS, AccountType.EXPENSE),
			Map.entry(PLATFORM_TAX_PAYABLE, AccountType.LIABILITY), Map.entry(PLATFORM_DISPUTE_FUNDS, AccountType.ASSET),
			Map.entry(PLATFORM_VAT_PAYABLE, AccountType.LIABILITY));

	private LedgerAccounts() {
	}

	/**
	 * What the platform owes one payee.
	 * @param connectedAccountId the payee's Stripe connected account, {@code acct_...}
	 * @return {@code payable:<connectedAccountId>}
	 * @throws IllegalArgumentException if the id does not look like a Stripe account id
	 */
	public static String payable(String connectedAccountId) {
		if (connectedAccountId == null || !CONNECTED_ACCOUNT.matcher(connectedAccountId).matches()) {
			throw new IllegalArgumentException(
					"A payee must be a Stripe connected account id (acct_...), got '" + connectedAccountId + "'");
		}
		return PAYABLE_PREFIX + connectedAccountId;
	}

	/**
	 * Whether an account code is a payee's payable.
	 * @param code any account code, may be null
	 * @return true for {@code payable:acct_...}
	 */
	public static boolean isPayable(String code) {
		return code != null && code.startsWith(PAYABLE_PREFIX)
				&& isConnectedAccountId(code.substring(PAYABLE_PREFIX.length()));
	}

	/**
	 * Whether a string is a Stripe connected account id.
	 * @param candidate any string, may be null
	 * @return true for {@code acct_} followed by letters and digits
	 */
	public static boolean isConnectedAccountId(String candidate) {
		return candidate != null && CONNECTED_ACCOUNT.matcher(candidate).matches();
	}

	/**
	 * The type of a known account code.
	 * @param code a platform code or {@code payable:acct_...}
	 * @return its type
	 * @throws IllegalArgumentException for a code outside the chart of accounts
	 */
	public static AccountType typeOf(String code) {
		AccountType platform = PLATFORM.get(code);
		if (platform != null) {
			return platform;
		}
		if (code.startsWith(PAYABLE_PREFIX)
				&& CONNECTED_ACCOUNT.matcher(code.substring(PAYABLE_PREFIX.length())).matches()) {
			return AccountType.LIABILITY;
		}
		throw new IllegalArgumentException("'" + code + "' is not in the chart of accounts (platform accounts "
				+ PLATFORM.keySet() + " or payable:acct_...)");
	}

}
