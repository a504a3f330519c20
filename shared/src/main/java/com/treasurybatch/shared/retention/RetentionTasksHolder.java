package com.treasurybatch.shared.retention;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The erased subject's retention email tasks ({@code retention_tasks}: what was or would be emailed them, with links):
 * deleted, after their {@code email_outbox} rows (whose holder runs first).
 */
@Component
@Order(ContactRowsHolder.REFERRING_ROWS_ORDER + 10)
public class RetentionTasksHolder extends ContactRowsHolder {

	/** @param jdbc the application's database */
	public RetentionTasksHolder(JdbcTemplate jdbc) {
		super("retention_tasks", """
				SELECT contact_id FROM retention_tasks WHERE contact_id = ANY(?::text[])""", """
				DELETE FROM retention_tasks WHERE contact_id = ANY(?::text[]) RETURNING contact_id""", jdbc);
	}

}
