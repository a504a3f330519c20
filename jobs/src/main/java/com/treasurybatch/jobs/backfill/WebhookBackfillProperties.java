package com.treasurybatch.jobs.backfill;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code webhook-backfill} job, under {@code treasury.backfill} (environment
 * {@code TREASURY_BACKFILL_OVERLAP_MINUTES}, ...).
 *
 * @param overlapMinutes each run lists from the cursor minus this, so that events Stripe creates late within the
 * same seconds are not skipped; duplicates cost nothing (0 to 1440)
 * @param firstRunLookbackHours with no cursor yet, list from now minus this (1 to 720)
 * @param undeliveredLookbackHours the second pass ({@code delivery_success=false}) lists from now minus this;
 * Stripe retries a live-mode delivery for 3 days (1 to 720)
 * @param pageSize events per Stripe page and per committed chunk, 1 to 100
 * @param eventsPerRunMax most events one pass stages; the rest waits for the next run
 * @param types the event types listed ({@code types[]}, at most 20, docs.stripe.com/api/events/list): the platform
 * events inbox-processing applies, all 20 of them (its Connect types, {@code account.updated}, {@code payout.paid},
 * {@code payout.failed}, are not in the platform's listing)
 */
@ConfigurationProperties("treasury.backfill")
public record WebhookBackfillProperties(@DefaultValue("10") int overlapMinutes,
		@DefaultValue("72") int firstRunLookbackHours, @DefaultValue("72") int undeliveredLookbackHours,
		@DefaultValue("100") int pageSize, @DefaultValue("10000") int eventsPerRunMax,
		@DefaultValue({ "checkout.session.completed", "checkout.session.async_payment_succeeded",
				"checkout.session.async_payment_failed", "checkout.session.expired", "payment_intent.succeeded",
				"payment_intent.payment_failed", "invoice.paid", "invoice_payment.paid", "invoice.payment_failed",
				"refund.created", "refund.updated", "refund.failed", "charge.refund.updated", "charge.refunded",
				"charge.dispute.created", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated",
				"charge.dispute.updated", "charge.dispute.closed", "transfer.reversed" }) List<String> types) {

	/** Longest lookback, in hours: Stripe keeps 30 days of events. */
	public static final int LOOKBACK_HOURS_MAX = 720;

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public WebhookBackfillProperties {
		require(overlapMinutes >= 0 && overlapMinutes <= 1440, "overlap-minutes", "0..1440");
		require(firstRunLookbackHours >= 1 && firstRunLookbackHours <= LOOKBACK_HOURS_MAX, "first-run-lookback-hours",
				"1.." + LOOKBACK_HOURS_MAX);
		require(undeliveredLookbackHours >= 1 && undeliveredLookbackHours <= LOOKBACK_HOURS_MAX,
				"undelivered-lookback-hours", "1.." + LOOKBACK_HOURS_MAX);
		require(pageSize >= 1 && pageSize <= 100, "page-size", "1..100");
		require(eventsPerRunMax >= 1, "events-per-run-max", "at least 1");
		require(types != null && !types.isEmpty() && types.size() <= 20, "types", "1 to 20 event types");
		types = List.copyOf(types);
	}

	private static void require(boolean valid, String name, String range) {
		if (!valid) {
			throw new IllegalArgumentException("treasury.backfill." + name + " must be " + range);
		}
	}

}
