package com.treasurybatch.shared.payouts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code nightly-payouts} job, under {@code treasury.payouts} (environment
 * {@code TREASURY_PAYOUTS_COOL_OFF_DAYS}, ...).
 *
 * @param coolOffDays sale credits younger than this many days before the end of the business date are not paid
 * yet (refund and dispute window), 0 to {@value #COOL_OFF_DAYS_MAX}
 * @param minimumCents smallest payout, in minor units of the payout's currency; below it the balance waits
 * @param riskThreshold risk score in [0,1] at or above which a payout is HELD for review
 * @param partitions payee partitions paid concurrently (threads); each holds at most one database connection at a
 * time, so the pool needs {@code partitions + 4} connections; 1 to {@value #PARTITIONS_MAX}
 * @param chunkSize payees per chunk within a partition, 1 to {@value #CHUNK_SIZE_MAX}; each payee commits on its
 * own, the chunk only records progress
 * @param payeesPerPartitionMax bound on the candidates one partition reads; more raises an alert and waits for
 * the next run
 * @param newAccountDays risk rule: a payee whose first sale is younger than this many days is new
 * @param refundRatioBps risk rule: refunds and disputes at or above this share of sales, in basis points
 * @param historyMultiple risk rule: an amount above this multiple of the payee's largest past payout is a spike
 * @param recentKycDays risk rule: an {@code account.updated} within this many days before the date end is recent
 */
@ConfigurationProperties("treasury.payouts")
public record NightlyPayoutsProperties(@DefaultValue("7") int coolOffDays, @DefaultValue("500") long minimumCents,
		@DefaultValue("0.7") double riskThreshold, @DefaultValue("16") int partitions,
		@DefaultValue("20") int chunkSize, @DefaultValue("100000") int payeesPerPartitionMax,
		@DefaultValue("30") int newAccountDays, @DefaultValue("2000") long refundRatioBps,
		@DefaultValue("5") long historyMultiple, @DefaultValue("7") int recentKycDays) {

	/** Longest accepted cool-off, in days. */
	public static final int COOL_OFF_DAYS_MAX = 365;

	/** Most partitions (threads). */
	public static final int PARTITIONS_MAX = 256;

	/** Largest chunk. */
	public static final int CHUNK_SIZE_MAX = 1000;

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public NightlyPayoutsProperties {
		require(coolOffDays >= 0 && coolOffDays <= COOL_OFF_DAYS_MAX, "cool-off-days", "0.." + COOL_OFF_DAYS_MAX);
		require(minimumCents >= 1, "minimum-cents", "at least 1");
		require(riskThreshold > 0 && riskThreshold <= 1, "risk-threshold", "in (0, 1]");
		require(partitions >= 1 && partitions <= PARTITIONS_MAX, "partitions", "1.." + PARTITIONS_MAX);
		require(chunkSize >= 1 && chunkSize <= CHUNK_SIZE_MAX, "chunk-size", "1.." + CHUNK_SIZE_MAX);
		require(payeesPerPartitionMax >= 1, "payees-per-partition-max", "at least 1");
		require(newAccountDays >= 0, "new-account-days", "zero or more");
		require(refundRatioBps >= 1 && refundRatioBps <= 10_000, "refund-ratio-bps", "1..10000");
		require(historyMultiple >= 1, "history-multiple", "at least 1");
		require(recentKycDays >= 0, "recent-kyc-days", "zero or more");
	}

	private static void require(boolean valid, String name, String range) {
		if (!valid) {
			throw new IllegalArgumentException("treasury.payouts." + name + " must be " + range);
		}
	}

}
