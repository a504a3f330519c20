-- webhook_inbox is a queue: rows arrive in bursts (a Stripe retry storm, a backfill, an outage's backlog) and leave
-- the pending index when processed. With PostgreSQL's default thresholds (analyze after 10% of the table changed)
-- a large inbox keeps statistics from before the burst, the planner then takes the whole backlog for a handful of
-- rows, and every claim of inbox-processing reads and sorts all pending rows instead of walking
-- webhook_inbox_pending_idx. Fixed thresholds keep the statistics and the visibility map within a few thousand rows
-- of the truth whatever the table's size (PostgreSQL manual, "Routine Vacuuming" and CREATE TABLE storage
-- parameters autovacuum_*_threshold / autovacuum_*_scale_factor).
ALTER TABLE webhook_inbox SET (
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 5000,
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 20000
);
