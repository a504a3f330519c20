-- Wakes inbox-processing when events are staged: every INSERT into webhook_inbox that adds at least one row sends
-- one notification on the channel webhook_inbox_staged (no payload: "events are waiting", nothing more).
--
-- PostgreSQL delivers a NOTIFY to the listening sessions only when the sending transaction commits, never for one
-- that rolls back, so a listener is woken exactly when the staged rows become visible to its claims. One trigger
-- per statement rather than per row: a receiver's group commit of 64 deliveries, or a backfill page, sends one
-- notification, and PostgreSQL folds identical notifications of one transaction into one anyway. Every stager wakes
-- processing this way (the receiver, webhook-backfill, reconciliation's targeted backfill), with no code of theirs.
CREATE FUNCTION webhook_inbox_notify_staged() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM staged) THEN
        PERFORM pg_notify('webhook_inbox_staged', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER webhook_inbox_staged
    AFTER INSERT ON webhook_inbox
    REFERENCING NEW TABLE AS staged
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_inbox_notify_staged();
