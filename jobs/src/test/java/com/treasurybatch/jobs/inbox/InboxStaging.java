package com.treasurybatch.jobs.inbox;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/** Stages events into {@code webhook_inbox} as the webhook receiver does: a duplicate delivery is a no-op. */
final class InboxStaging {

	private final JdbcTemplate jdbc;

	InboxStaging(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** @return 1 if staged, 0 if this event id was staged before */
	int stage(String eventId, String type, String account, Instant created, String payload) {
		return this.jdbc.update("""
				INSERT INTO webhook_inbox (event_id, type, api_version, account, livemode, created, payload, source)
				VALUES (?, ?, ?, ?, false, ?, ?::jsonb, 'WEBHOOK')
				ON CONFLICT (event_id) DO NOTHING
				""", eventId, type, "2026-04-22.dahlia", account, Timestamp.from(created), payload);
	}

	int stage(CheckoutSessionEvent event) {
		return stage(event.eventId, event.type, null, event.created, event.json());
	}

	int stage(AccountUpdatedEvent event) {
		return stage(event.eventId, "account.updated", event.accountId, event.created,
				event.json());
	}

	int stage(MoneyBackEvent event) {
		return stage(event.eventId(), event.type(), event.account(), event.created(), event.json());
	}

	String status(String eventId) {
		return this.jdbc.queryForObject("SELECT status FROM webhook_inbox WHERE event_id = ?", String.class, eventId);
	}

}
