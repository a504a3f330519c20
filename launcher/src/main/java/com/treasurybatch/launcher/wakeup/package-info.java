/**
 * The wake-ups: a server node LISTENs on {@code webhook_inbox_staged} and {@code analytics_events_staged} over one
 * connection of its own ({@link com.treasurybatch.launcher.wakeup.StagedNotificationListener}) and, per channel,
 * starts its job through the operations service when rows are staged ({@code inbox-processing},
 * {@code analytics-rollups}), one execution at a time, notifications coalesced
 * ({@link com.treasurybatch.launcher.wakeup.JobWakeUp}). The jobs' schedules stay as the safety net.
 */
package com.treasurybatch.launcher.wakeup;
