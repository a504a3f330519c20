package com.treasurybatch.shared.retention;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The erased subject's draft orders ({@code draft_orders}): pseudonymised, not deleted, so that the checkout and
 * recovery figures ({@code retention_daily}) stay as they were: the buyer becomes {@link #ERASED_CONTACT} and the
 * recovery URL (a link back into the buyer's own checkout) is removed; item, amount and Stripe session id stay (the
 * session's payload is redacted by the {@code webhook_inbox} holder). The books are the ledger, not these rows.
 */
@Component
@Order(ContactRowsHolder.REFERRING_ROWS_ORDER)
public class DraftOrdersHolder extends ContactRowsHolder {

	/** @param jdbc the application's database */
	public DraftOrdersHolder(JdbcTemplate jdbc) {
		super("draft_orders", """
				SELECT buyer_id FROM draft_orders WHERE buyer_id = ANY(?::text[])""", """
				UPDATE draft_orders d SET buyer_id = 'erased', recovery_url = NULL
				FROM (SELECT id, buyer_id FROM draft_orders
				    WHERE buyer_id = ANY(?::text[]) FOR UPDATE) AS old WHERE d.id = old.id RETURNING old.buyer_id""", jdbc);
	}

}
