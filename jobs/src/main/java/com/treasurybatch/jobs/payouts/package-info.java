/**
 * The {@code nightly-payouts} job: pays each eligible payee's available balance to their Stripe connected account
 * once per business date, holds risky payees for review and records who was skipped and why.
 */
package com.treasurybatch.jobs.payouts;
