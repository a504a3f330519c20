/**
 * The {@code instant-payouts} job: pays payees' instant payout requests, every minute, on its own threads.
 */
package com.treasurybatch.jobs.instantpayouts;
