-- One definition of a show's money from the ledger, shared by analytics-rollups (analytics_show_financials) and
-- report-generation (event-report): which orders belong to a show, which disputes belong to a sale, and the
-- figures kept per show.

-- Which show a paid ticket order belongs to (README "Webhook metadata conventions"), first match wins:
--   1. the ticket type of the hold the session converted (metadata tb_hold -> ticket_holds.checkout_session_id);
--   2. the ticket type named by tb_item_id (ticket_types.id is the tb_item_id of a ticket sale);
--   3. tb_item_id itself (ticket sales made without ticket types name the show directly).
CREATE VIEW ticket_order_shows AS
SELECT o.id AS order_id, o.checkout_session_id, o.currency, o.journal_id,
       coalesce(held.event_id, typed.event_id, o.item_id) AS show_id,
       CASE WHEN held.event_id IS NOT NULL THEN 'hold'
            WHEN typed.event_id IS NOT NULL THEN 'ticket_type'
            ELSE 'item_id' END AS matched_by
  FROM orders o
  LEFT JOIN LATERAL (SELECT t.event_id FROM ticket_holds h JOIN ticket_types t ON t.id = h.ticket_type_id
                      WHERE h.checkout_session_id = o.checkout_session_id AND h.status = 'CONVERTED'
                      ORDER BY h.id LIMIT 1) held ON true
  LEFT JOIN ticket_types typed ON typed.id = o.item_id
 WHERE o.item_type = 'ticket' AND o.status = 'PAID' AND o.journal_id IS NOT NULL
   AND coalesce(held.event_id, typed.event_id, o.item_id, '') <> '';

-- the hold a session converted, found from the session
CREATE INDEX ticket_holds_checkout_session_idx ON ticket_holds (checkout_session_id)
    WHERE checkout_session_id IS NOT NULL;

-- the sale each dispute is about (written by charge.dispute.created with its reserve journal)
CREATE TABLE dispute_sales (
    dispute_id          text        PRIMARY KEY,   -- du_... (Stripe dispute id; also the reserve journal's source)
    checkout_session_id text        NOT NULL,      -- cs_... of the disputed sale
    created_at          timestamptz NOT NULL,
    CONSTRAINT dispute_sales_session_format CHECK (checkout_session_id LIKE 'cs\_%')
);
CREATE INDEX dispute_sales_session_idx ON dispute_sales (checkout_session_id);

-- disputes booked before this table: their reserve journal names the sale in its description
INSERT INTO dispute_sales (dispute_id, checkout_session_id, created_at)
SELECT source_id, substring(description FROM '\(sale (cs_[^ )]+)\)'), created_at
  FROM journals
 WHERE kind = 'dispute_reserve' AND description ~ '\(sale cs_[^ )]+\)'
ON CONFLICT DO NOTHING;

-- Stripe's fees on the show's sales (the platform's cost) and the payees' part of disputes open or lost; the
-- rows are recomputed by the next analytics-rollups run under the show rule above
DELETE FROM analytics_show_financials;
ALTER TABLE analytics_show_financials
    ADD COLUMN stripe_fees bigint NOT NULL DEFAULT 0,
    ADD COLUMN disputes    bigint NOT NULL DEFAULT 0,
    DROP CONSTRAINT analytics_show_financials_sum,
    ADD CONSTRAINT analytics_show_financials_sum CHECK (gross - refunds - disputes = fees + net_payable);
