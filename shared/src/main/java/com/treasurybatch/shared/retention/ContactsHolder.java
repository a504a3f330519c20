package com.treasurybatch.shared.retention;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The erased subject's contacts ({@code contacts}: email, name, country, connected account): deleted, after every
 * holder of rows referring to them (their {@code @Order} is lower). The only buyer table holding emails and names.
 */
@Component
@Order(ContactRowsHolder.REFERRING_ROWS_ORDER + 100)
public class ContactsHolder extends ContactRowsHolder {

	/** @param jdbc the application's database */
	public ContactsHolder(JdbcTemplate jdbc) {
		super("contacts", """
				SELECT id FROM contacts WHERE id = ANY(?::text[])""", """
				DELETE FROM contacts WHERE id = ANY(?::text[]) RETURNING id""", jdbc);
	}

}
