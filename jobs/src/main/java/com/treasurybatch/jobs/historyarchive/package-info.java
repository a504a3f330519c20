/**
 * The {@code batch-history-archive} job: Spring Batch history older than the hot window moves to gzip JSON Lines
 * files, indexed in {@code batch_execution_archive} so that archived executions stay findable. See README.md.
 */
package com.treasurybatch.jobs.historyarchive;
