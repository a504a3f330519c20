/** The {@code webhook-backfill} job: Stripe events the receiver missed, listed from Stripe and staged into the inbox. */
package com.treasurybatch.jobs.backfill;
