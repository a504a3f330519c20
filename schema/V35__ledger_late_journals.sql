-- Journals a daily balance snapshot did not see although they take effect before its day's end (a webhook
-- delivered late, a backfill, a settlement booked days after the charge): recorded once, when the next run of the
-- ledger-snapshots job finds them, so that historical figures read from an old snapshot find its late journals
-- here (an index range by effective time over a few rows) instead of by created_xact from that snapshot's xmin,
-- which reads every journal committed since that snapshot was made and so grows with the ledger's age.
-- Readers take the journals committed since the latest snapshot's xmin from journals themselves (at most about a
-- day of them); every other journal a snapshot missed is here. Owned by LedgerSnapshots (shared/.../ledger).

CREATE TABLE ledger_late_journals (
    journal_id    bigint      PRIMARY KEY,
    effective_at  timestamptz NOT NULL,            -- the journal's effective_at, copied for the range
    found_by_day  date        NOT NULL,            -- the first snapshot day made after the journal was committed
    CONSTRAINT ledger_late_journals_journal_fkey FOREIGN KEY (journal_id) REFERENCES journals (id),
    CONSTRAINT ledger_late_journals_day_fkey FOREIGN KEY (found_by_day) REFERENCES ledger_snapshot_days (day)
);

CREATE INDEX ledger_late_journals_effective_idx ON ledger_late_journals (effective_at);

-- the journals committed since the latest snapshot's xmin (about a day of them) are told apart by effective time
-- in the index alone: most take effect after the snapshot and are not late
DROP INDEX journals_created_xact_idx;
CREATE INDEX journals_created_xact_idx ON journals (created_xact) INCLUDE (effective_at, id);

-- what the runs made so far already folded into their chain: every journal that the first snapshot covering its
-- effective time did not see (later snapshots are made later, so a journal that one saw, every later one saw);
-- found_by_day is the first snapshot that saw it, or the latest one if none has yet (the readers' scan from the
-- latest snapshot's xmin finds those; the readers check every snapshot's visibility themselves)
INSERT INTO ledger_late_journals (journal_id, effective_at, found_by_day)
SELECT j.id, j.effective_at,
       coalesce((SELECT d.day FROM ledger_snapshot_days d
                 WHERE d.day > own.day AND pg_visible_in_snapshot(j.created_xact, d.xact_snapshot)
                 ORDER BY d.day LIMIT 1),
                (SELECT max(day) FROM ledger_snapshot_days))
FROM journals j
CROSS JOIN LATERAL (
    SELECT d.day, d.xact_snapshot FROM ledger_snapshot_days d
    WHERE d.day >= (j.effective_at AT TIME ZONE 'UTC')::date
    ORDER BY d.day LIMIT 1) own
WHERE NOT pg_visible_in_snapshot(j.created_xact, own.xact_snapshot);
