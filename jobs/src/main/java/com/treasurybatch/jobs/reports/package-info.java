/**
 * The {@code report-generation} job: ledger exports, payout lists, payee statements, 1099-K / 1099-NEC forms, EU VAT
 * invoices and event reports, written to report storage and recorded in the {@code reports} table; shareable links.
 */
package com.treasurybatch.jobs.reports;
