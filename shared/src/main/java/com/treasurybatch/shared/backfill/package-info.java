/** Missed Stripe events fetched from {@code GET /v1/events} and staged into the inbox as the receiver would. */
package com.treasurybatch.shared.backfill;
