-- inbox-processing moves every row it claims from RECEIVED to PROCESSED. The status is in the predicate of
-- webhook_inbox_pending_idx, so that update is never a HOT update: every index of the table gets an entry for the new
-- row version, and the GIN index on the expression inbox_subject_keys(payload, account) evaluated it again for each:
-- decompressing the payload and reading seven JSON paths, about half the cost of the status update (measured by
-- InboxProcessingBenchmark, jobs/.../jobs/inbox/README.md). The keys are now computed once, when a row is stored or
-- its payload changes (a redaction), into a stored generated column that the GIN index covers; PostgreSQL does not
-- recompute a stored generated column on an UPDATE that changes none of the columns it reads (CREATE TABLE,
-- "GENERATED ALWAYS AS ... STORED"). The function and its paths stay those of V18.
--
-- webhook_inbox_type_idx (type, created) goes: no query filters or orders the inbox by type (the type counts of
-- `inbox stats` scan the table), and each status update paid an entry in it.
--
-- Adding the column rewrites webhook_inbox once, under an exclusive lock: on a large inbox, run it off-peak.
ALTER TABLE webhook_inbox
    ADD COLUMN subject_keys text[] GENERATED ALWAYS AS (inbox_subject_keys(payload, account)) STORED;

DROP INDEX webhook_inbox_subject_keys_idx;

-- fastupdate off, as in V18: the purge probes the index right after redacting earlier chunks
CREATE INDEX webhook_inbox_subject_keys_idx ON webhook_inbox USING gin (subject_keys) WITH (fastupdate = off);

DROP INDEX webhook_inbox_type_idx;
