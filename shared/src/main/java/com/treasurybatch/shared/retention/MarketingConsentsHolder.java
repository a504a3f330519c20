package com.treasurybatch.shared.retention;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The erased subject's marketing consent ({@code marketing_consents}: basis, Stripe {@code consent.promotions}, country,
 * source session): deleted. Marketing has no legal duty to keep it, and with the contact gone no email can be sent.
 */
@Component
@Order(ContactRowsHolder.REFERRING_ROWS_ORDER)
public class MarketingConsentsHolder extends ContactRowsHolder {

	/** @param jdbc the application's database */
	public MarketingConsentsHolder(JdbcTemplate jdbc) {
		super("marketing_consents", """
				SELECT contact_id FROM marketing_consents WHERE contact_id = ANY(?::text[])""", """
				DELETE FROM marketing_consents WHERE contact_id = ANY(?::text[]) RETURNING contact_id""", jdbc);
	}

}
