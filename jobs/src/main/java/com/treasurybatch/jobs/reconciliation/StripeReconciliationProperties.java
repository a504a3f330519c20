package com.treasurybatch.jobs.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code stripe-reconciliation} job, under {@code treasury.reconciliation} (environment
 * {@code TREASURY_RECONCILIATION_CHUNK_SIZE}, ...).
 *
 * @param chunkSize balance transactions written per chunk (one batch insert, one commit), 1 to 10000
 * @param pageSize balance transactions per Stripe page, 1 to 100
 * @param fetchThreads time ranges of the day listed at once (each its own pages; the gateway's throttle bounds the
 * request rate), 1 to 16
 * @param targetedBackfillsMax most objects missing in the ledger whose events one run fetches again; the rest are
 * left to the hourly webhook-backfill
 * @param conversionBacklogMax most earlier days' balance transactions still waiting for their settlement conversion
 * (their sale or refund was not booked yet) one run picks up, zero or more
 */
@ConfigurationProperties("treasury.reconciliation")
public record StripeReconciliationProperties(@DefaultValue("1000") int chunkSize, @DefaultValue("100") int pageSize,
		@DefaultValue("4") int fetchThreads, @DefaultValue("50") int targetedBackfillsMax,
		@DefaultValue("1000") int conversionBacklogMax) {

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public StripeReconciliationProperties {
		if (chunkSize < 1 || chunkSize > 10_000) {
			throw new IllegalArgumentException("treasury.reconciliation.chunk-size must be 1..10000");
		}
		if (pageSize < 1 || pageSize > 100) {
			throw new IllegalArgumentException("treasury.reconciliation.page-size must be 1..100");
		}
		if (fetchThreads < 1 || fetchThreads > 16) {
			throw new IllegalArgumentException("treasury.reconciliation.fetch-threads must be 1..16");
		}
		if (targetedBackfillsMax < 0) {
			throw new IllegalArgumentException("treasury.reconciliation.targeted-backfills-max must be zero or more");
		}
		if (conversionBacklogMax < 0) {
			throw new IllegalArgumentException("treasury.reconciliation.conversion-backlog-max must be zero or more");
		}
	}

}
