package com.treasurybatch.jobs.retention;

import com.treasurybatch.shared.retention.TaskKind;

/**
 * A retention email claimed for sending: its outbox row is committed as SENDING.
 *
 * @param taskId {@code retention_tasks.id}
 * @param outboxId {@code email_outbox.id}
 * @param outboxKey {@code kind:subject:step}, unique, also in the Message-ID
 * @param attempts sends so far, this one included
 * @param kind the task kind
 * @param step place in the sequence, from 1
 * @param contactId opaque contact id
 * @param email recipient address
 * @param name recipient name, or null
 * @param subject the task's subject (draft order id, {@code acct_...:evt_...}, {@code pi_...})
 * @param itemId draft order's item, or null
 * @param amountTotal draft order's amount in minor units, or null
 * @param currency lowercase ISO 4217, or null
 * @param actionUrl recovery link, invoice link, or null for the kind's default
 */
record DueEmail(long taskId, long outboxId, String outboxKey, int attempts, TaskKind kind, int step,
		String contactId, String email, String name, String subject, String itemId, Long amountTotal, String currency,
		String actionUrl) {
}
