/** The nightly {@code ledger-anomalies} job: flags unusual ledger activity of a day for people to work. */
package com.treasurybatch.jobs.anomalies;
