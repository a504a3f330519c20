package com.treasurybatch.shared.stripe;

import java.time.Instant;
import java.util.Objects;

/**
 * Which balance transactions to list (docs.stripe.com/api/balance_transactions/list).
 *
 * @param account a connected account ({@code acct_...}, sent as {@code Stripe-Account}), or null for the
 * platform's own balance
 * @param createdFrom inclusive lower bound (UTC; Stripe compares whole seconds)
 * @param createdBefore exclusive upper bound (UTC)
 * @param type e.g. {@code transfer}, {@code payout}, {@code charge}, or null for all
 * @param pageSize items per request, 1..100
 */
public record BalanceTransactionQuery(String account, Instant createdFrom, Instant createdBefore, String type,
		int pageSize) {

	/** Items per request when not said otherwise: Stripe's largest page. */
	public static final int PAGE_SIZE_DEFAULT = 100;

	/**
	 * Checks the range and page size.
	 * @throws IllegalArgumentException if the range is empty or the page size outside 1..100
	 */
	public BalanceTransactionQuery {
		Objects.requireNonNull(createdFrom, "createdFrom");
		Objects.requireNonNull(createdBefore, "createdBefore");
		if (!createdFrom.isBefore(createdBefore)) {
			throw new IllegalArgumentException("Empty range: " + createdFrom + " is not before " + createdBefore);
		}
		if (account != null) {
			StripeValues.id(account, "acct_");
		}
		StripeValues.pageSize(pageSize);
	}

	/** The platform's transactions of every type created in [from, before), in pages of 100. */
	public static BalanceTransactionQuery platform(Instant createdFrom, Instant createdBefore) {
		return new BalanceTransactionQuery(null, createdFrom, createdBefore, null, PAGE_SIZE_DEFAULT);
	}

	/** This query restricted to one type, e.g. {@code transfer}. */
	public BalanceTransactionQuery withType(String type) {
		return new BalanceTransactionQuery(this.account, this.createdFrom, this.createdBefore, type, this.pageSize);
	}

	/** This query on a connected account's balance instead. */
	public BalanceTransactionQuery onAccount(String account) {
		return new BalanceTransactionQuery(account, this.createdFrom, this.createdBefore, this.type, this.pageSize);
	}

	/** This query with another page size, 1..100. */
	public BalanceTransactionQuery withPageSize(int pageSize) {
		return new BalanceTransactionQuery(this.account, this.createdFrom, this.createdBefore, this.type, pageSize);
	}

}
