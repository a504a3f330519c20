-- Every paid Checkout Session writes its draft order (inbox-processing, DraftOrders.completeAll), so each index of
-- draft_orders is paid once per sale. Two of them serve no query:
--   draft_orders_buyer_idx (buyer_id), V19: the erasure holder's lookups by buyer (DraftOrdersHolder) and the
--     retention checks by buyer and item are served by draft_orders_buyer_item_idx (buyer_id, item_id), whose
--     leading column is the buyer;
--   draft_orders_created_idx (created_at), V15: no query filters or orders draft orders by creation time.
DROP INDEX draft_orders_buyer_idx;
DROP INDEX draft_orders_created_idx;
