/**
 * Operating Spring Batch jobs from the CLI, the API and the scheduler through one service
 * ({@link JobOperations}, {@link ExecutionHistory}), with an audit row for every action,
 * no overlapping runs of a job, and recovery of executions whose node died.
 */
package com.treasurybatch.launcher.operations;
