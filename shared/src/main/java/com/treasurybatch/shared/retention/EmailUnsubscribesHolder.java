package com.treasurybatch.shared.retention;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The erased subject's unsubscribes ({@code email_unsubscribes}: list, channel, when): deleted with the contact they
 * belong to; a later purchase under the same email makes a new contact, asked for consent afresh.
 */
@Component
@Order(ContactRowsHolder.REFERRING_ROWS_ORDER)
public class EmailUnsubscribesHolder extends ContactRowsHolder {

	/** @param jdbc the application's database */
	public EmailUnsubscribesHolder(JdbcTemplate jdbc) {
		super("email_unsubscribes", """
				SELECT contact_id FROM email_unsubscribes WHERE contact_id = ANY(?::text[])""", """
				DELETE FROM email_unsubscribes WHERE contact_id = ANY(?::text[]) RETURNING contact_id""", jdbc);
	}

}
