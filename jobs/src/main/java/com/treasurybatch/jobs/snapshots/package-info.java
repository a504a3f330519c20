/** The {@code ledger-snapshots} job: each UTC day's closing balances, verified against the postings. */
package com.treasurybatch.jobs.snapshots;
