package com.treasurybatch.shared.payouts;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.treasurybatch.shared.ledger.Currencies;
import com.treasurybatch.shared.ledger.CurrencyRule;

/**
 * Settings of the {@code nightly-payouts} job, under {@code treasury.payouts} (environment
 * {@code TREASURY_PAYOUTS_COOL_OFF_DAYS}, ...).
 *
 * @param coolOffDays sale credits younger than this many days before the end of the business date are not paid
 * yet (refund and dispute window), 0 to {@value #COOL_OFF_DAYS_MAX}
 * @param minimumCents smallest payout of a currency that has no {@code minimum} entry, in minor units of a
 * two-decimal currency (500 = 5.00), scaled to the currency's decimals ({@link #minimumFor}); below it the balance
 * waits
 * @param minimum smallest payout per currency, keyed by lowercase ISO code, in that currency's minor units as Stripe
 * counts them ({@code treasury.payouts.minimum.jpy=1000} is 1,000 yen, {@code .kwd=5000} is 5.000 dinars); each a
 * multiple of the currency's payout multiple ({@link Currencies}); empty by default
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
		@DefaultValue("5") long historyMultiple, @DefaultValue("7") int recentKycDays, Map<String, Long> minimum) {

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
		minimum = (minimum != null) ? Map.copyOf(minimum) : Map.of();
		for (Map.Entry<String, Long> entry : minimum.entrySet()) {
			String name = "minimum." + entry.getKey();
			require(entry.getKey().matches("[a-z]{3}"), name, "keyed by a lowercase ISO 4217 code");
			require(entry.getValue() != null && entry.getValue() >= 1, name, "at least 1");
			long multiple = Currencies.rule(entry.getKey()).payoutMultiple();
			require(entry.getValue() % multiple == 0, name, "a multiple of " + multiple
					+ " (Stripe's payout amounts in " + entry.getKey() + ", docs.stripe.com/currencies)");
		}
	}

	/**
	 * The smallest payout in a currency, in its minor units: the {@code minimum} entry, else {@code minimumCents}
	 * scaled from two decimals to the currency's (500 gives JPY 5, KWD 5000) and rounded up to its payout multiple
	 * (HUF 500).
	 * @param currency lowercase ISO 4217 code
	 * @return minor units, at least 1
	 */
	public long minimumFor(String currency) {
		Long configured = this.minimum.get(currency);
		if (configured != null) {
			return configured;
		}
		CurrencyRule rule = Currencies.rule(currency);
		long scaled = switch (rule.decimals()) {
			case 0 -> (this.minimumCents + 99) / 100;
			case 3 -> this.minimumCents * 10;
			default -> this.minimumCents;
		};
		long multiple = rule.payoutMultiple();
		return Math.max(multiple, ((scaled + multiple - 1) / multiple) * multiple);
	}

	private static void require(boolean valid, String name, String range) {
		if (!valid) {
			throw new IllegalArgumentException("treasury.payouts." + name + " must be " + range);
		}
	}

}
