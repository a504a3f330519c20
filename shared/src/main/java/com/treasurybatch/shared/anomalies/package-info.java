/** Ledger anomalies flagged by the nightly {@code ledger-anomalies} job, and people resolving them. */
package com.treasurybatch.shared.anomalies;
