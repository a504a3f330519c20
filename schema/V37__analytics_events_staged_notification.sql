-- Wakes analytics-rollups when Passport events are staged: every INSERT into analytics_events that adds at least one
-- row sends one notification on the channel analytics_events_staged (no payload: "events are waiting").
--
-- The same kind of trigger as webhook_inbox_staged (V33): PostgreSQL delivers the NOTIFY on commit only, so the
-- listener wakes when the rows are visible to the job's watermark; one per statement, so a receiver's batch of up to
-- 1,000 events (one INSERT) sends one notification, and a delivery made only of duplicates sends none.
CREATE FUNCTION analytics_events_notify_staged() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM staged) THEN
        PERFORM pg_notify('analytics_events_staged', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER analytics_events_staged
    AFTER INSERT ON analytics_events
    REFERENCING NEW TABLE AS staged
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_events_notify_staged();
