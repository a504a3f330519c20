package com.treasurybatch.shared.retention;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The erased subject's ticket holds ({@code ticket_holds}): pseudonymised (buyer {@link #ERASED_CONTACT}), so that
 * the inventory counts they moved stay explained.
 */
@Component
@Order(ContactRowsHolder.REFERRING_ROWS_ORDER)
public class TicketHoldsHolder extends ContactRowsHolder {

	/** @param jdbc the application's database */
	public TicketHoldsHolder(JdbcTemplate jdbc) {
		super("ticket_holds", """
				SELECT buyer_id FROM ticket_holds WHERE buyer_id = ANY(?::text[])""", """
				UPDATE ticket_holds h SET buyer_id = 'erased'
				FROM (SELECT id, buyer_id FROM ticket_holds
				    WHERE buyer_id = ANY(?::text[]) FOR UPDATE) AS old WHERE h.id = old.id RETURNING old.buyer_id""", jdbc);
	}

}
