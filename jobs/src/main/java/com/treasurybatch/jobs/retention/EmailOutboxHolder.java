package com.treasurybatch.jobs.retention;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.retention.ContactRowsHolder;

/**
 * The erased subject's retention emails ({@code email_outbox}: one row per email sent or tried, with the SMTP
 * server's reply, which may quote the address): deleted, before their {@code retention_tasks} (a foreign key) and
 * their contact. The bodies are rendered at send time from the contact and never stored.
 */
@Component
@Order(ContactRowsHolder.REFERRING_ROWS_ORDER)
public class EmailOutboxHolder extends ContactRowsHolder {

	/** @param jdbc the application's database */
	public EmailOutboxHolder(JdbcTemplate jdbc) {
		super("email_outbox", """
				SELECT contact_id FROM email_outbox WHERE contact_id = ANY(?::text[])""", """
				DELETE FROM email_outbox WHERE contact_id = ANY(?::text[]) RETURNING contact_id""", jdbc);
	}

}
