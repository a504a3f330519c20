-- Personal data of the buyer, analytics and tax tables under the GDPR purge (gdpr-purge holders), and the
-- retention policies of analytics raw events and emails.
--
-- What the database itself refuses:
--   * two restrictions of one connected account (an erasure marks a payee restricted once);
--   * an archive file without its sha256 (lower-case hex) or with fewer than one row.

-- payees whose personal records are kept under a legal duty after an erasure (GDPR Art. 18): readers that render
-- a person (statements) show the opaque account id instead of their name while the restriction holds
CREATE TABLE restricted_accounts (
    account_id    text        PRIMARY KEY,   -- acct_...
    request_id    bigint      NOT NULL REFERENCES erasure_requests (id),
    restricted_at timestamptz NOT NULL,
    CONSTRAINT restricted_accounts_id_format CHECK (account_id ~ '^acct_[A-Za-z0-9]+$')
);

-- analytics raw events past their hot window, moved to gzip JSON Lines files in storage (TREASURY_HOME/archive/
-- analytics-events): one row per file; the file is deleted, and deleted_at set, when the archive window ends.
-- Archived rows carry no user_id: the rollups never needed it.
CREATE TABLE analytics_event_archives (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path              text        NOT NULL,   -- relative to the archive directory
    first_seq         bigint      NOT NULL,
    last_seq          bigint      NOT NULL,
    last_occurred_at  timestamptz NOT NULL,   -- the youngest archived event's time, UTC: the file goes when it ages out
    rows              bigint      NOT NULL,
    sha256            text        NOT NULL,
    created_at        timestamptz NOT NULL,
    deleted_at        timestamptz,             -- when the file was deleted at the end of the archive window
    CONSTRAINT analytics_event_archives_path_key UNIQUE (path),
    CONSTRAINT analytics_event_archives_rows_check CHECK (rows >= 1 AND last_seq >= first_seq),
    CONSTRAINT analytics_event_archives_sha256_format CHECK (sha256 ~ '^[0-9a-f]{64}$')
);

-- the email retention sweep reads finished tasks by age
CREATE INDEX retention_tasks_finished_idx ON retention_tasks (updated_at, id)
    WHERE status IN ('SENT', 'CANCELLED', 'FAILED', 'UNKNOWN');
-- the erasure holders find a contact's rows
CREATE INDEX retention_tasks_contact_idx ON retention_tasks (contact_id);
CREATE INDEX email_outbox_contact_idx ON email_outbox (contact_id);
CREATE INDEX draft_orders_buyer_idx ON draft_orders (buyer_id);
CREATE INDEX ticket_holds_buyer_idx ON ticket_holds (buyer_id);
CREATE INDEX analytics_events_user_idx ON analytics_events (user_id) WHERE user_id IS NOT NULL;
