package com.treasurybatch.shared.stripe;

import java.util.List;
import java.util.stream.Stream;

/**
 * The Stripe calls the payout, reconciliation and backfill jobs make. Amounts are in minor units (cents),
 * currencies lowercase ISO codes, times UTC {@link java.time.Instant}s, Stripe ids plain strings.
 *
 * <p>Every call that creates something takes an {@link IdempotencyKey} built by the caller from what the call
 * does, so that a retry, a restart or a second node replays the first request instead of paying twice
 * (docs.stripe.com/api/idempotent_requests). Implementations throttle and retry transient failures themselves
 * (429, 5xx, network) with the same key; what reaches the caller is a {@link StripeCallException}:
 * {@link StripeTransientException} when retrying later may succeed, {@link StripeRejectedException} or
 * {@link IdempotencyKeyReusedException} when it cannot.
 */
public interface StripeGateway {

	/**
	 * Creates a transfer from the platform balance to a connected account ({@code POST /v1/transfers}).
	 * @param request what to transfer and to whom
	 * @param key the idempotency key, e.g. {@code transfer:acct_X:2026-11-20:nightly}
	 * @return the transfer as Stripe answered (the first answer when the key was used before)
	 * @throws StripeRejectedException e.g. {@code balance_insufficient} (platform balance too low)
	 * @throws IdempotencyKeyReusedException if the key was used with other parameters
	 * @throws StripeTransientException if Stripe stayed unavailable through every attempt
	 */
	StripeTransfer createTransfer(TransferRequest request, IdempotencyKey key);

	/**
	 * Lists the transfers of one transfer group ({@code GET /v1/transfers?transfer_group=...},
	 * docs.stripe.com/api/transfers/list), newest first, every page. The payout jobs set the group to the payout's
	 * idempotency key, so this finds a transfer whose answer was lost after Stripe may have pruned the key
	 * (docs.stripe.com/api/idempotent_requests: keys are removed once at least 24 hours old).
	 * @param transferGroup the group, e.g. {@code payout:nightly:acct_X:usd:2026-11-20}
	 * @return the transfers of the group, possibly none
	 * @throws StripeCallException as {@link #createTransfer}
	 */
	List<StripeTransfer> transfersInGroup(String transferGroup);

	/**
	 * Reverses part or all of a transfer ({@code POST /v1/transfers/{id}/reversals}).
	 * @param request which transfer and how much
	 * @param key the idempotency key, e.g. {@code reversal:tr_X:refund:re_Y}
	 * @return the reversal
	 * @throws StripeCallException as {@link #createTransfer}
	 */
	StripeReversal reverseTransfer(ReversalRequest request, IdempotencyKey key);

	/**
	 * Pays out a connected account's balance to its bank account or card ({@code POST /v1/payouts} with the
	 * {@code Stripe-Account} header).
	 * @param request account, amount and method
	 * @param key the idempotency key, e.g. {@code payout:acct_X:2026-11-20:nightly}
	 * @return the payout
	 * @throws StripeRejectedException e.g. {@code payouts_not_allowed}, {@code balance_insufficient}
	 * @throws StripeCallException as {@link #createTransfer}
	 */
	StripePayout createPayout(PayoutRequest request, IdempotencyKey key);

	/**
	 * Reads a connected account ({@code GET /v1/accounts/{id}}).
	 * @param accountId {@code acct_...}
	 * @throws StripeRejectedException {@code resource_missing} if there is no such account
	 * @throws StripeTransientException if Stripe stayed unavailable through every attempt
	 */
	StripeAccount retrieveAccount(String accountId);

	/**
	 * Reads the platform balance ({@code GET /v1/balance}).
	 * @throws StripeTransientException if Stripe stayed unavailable through every attempt
	 */
	PlatformBalance retrieveBalance();

	/**
	 * Lists balance transactions, newest first as Stripe orders them, fetching pages lazily as the stream is
	 * consumed ({@code GET /v1/balance_transactions} with {@code expand[]=data.source}, so that a charge, refund or
	 * dispute names its payment intent; cursor pagination: docs.stripe.com/api/pagination). Each
	 * page is one throttled, retried call; a failure surfaces from the stream's terminal operation.
	 * @param query created range, type, page size
	 * @throws StripeCallException from the terminal operation, as {@link #retrieveBalance}
	 */
	Stream<StripeBalanceTransaction> balanceTransactions(BalanceTransactionQuery query);

	/**
	 * Lists events in created order, oldest first ({@code GET /v1/events}; Stripe keeps 30 days). Stripe lists
	 * newest first: all pages are read and the oldest {@link EventQuery#eventsMax()} kept, so a caller that
	 * advances its cursor to the last event returned never skips one.
	 * @param query created lower bound, types, undelivered only, page size, bound on events returned
	 * @return the events, oldest first, and whether that is all of them
	 * @throws StripeCallException as {@link #retrieveBalance}
	 */
	EventList events(EventQuery query);

}
