-- Personal data: erasure requests (GDPR Art. 17), the erasure log that proves them without holding personal data,
-- the restrictions on rows kept under a legal duty (Art. 17(3)(b), Art. 18), and what makes a subject's Stripe
-- payloads findable in the inbox. Spring Batch history: the index of archived executions.

-- A data subject's request to be erased. The subject is named by any of: email addresses, Stripe customer ids
-- (cus_...), connected account ids (acct_...), analytics user ids. Those identifiers are held only while the
-- request is PENDING: completing it clears them, and only subject_hash (SHA-256 of the canonical identity) stays.
CREATE TABLE erasure_requests (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_hash       text        NOT NULL,              -- hex SHA-256 of the canonical identity (see DataSubject)
    emails             text[]      NOT NULL DEFAULT '{}', -- lower-case; cleared when DONE
    customer_ids       text[]      NOT NULL DEFAULT '{}', -- cus_...; cleared when DONE
    account_ids        text[]      NOT NULL DEFAULT '{}', -- acct_...; cleared when DONE
    analytics_user_ids text[]      NOT NULL DEFAULT '{}', -- cleared when DONE
    received_at        timestamptz NOT NULL,
    due_at             timestamptz NOT NULL,              -- received_at + 30 days (GDPR Art. 12(3): one month)
    status             text        NOT NULL DEFAULT 'PENDING',
    channel            text        NOT NULL,              -- cli, api
    requested_by       text        NOT NULL,              -- operator name, not the subject
    completed_at       timestamptz,
    CONSTRAINT erasure_requests_status_check CHECK (status IN ('PENDING', 'DONE')),
    CONSTRAINT erasure_requests_channel_check CHECK (channel IN ('cli', 'api', 'schedule', 'system')),
    CONSTRAINT erasure_requests_hash_format CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT erasure_requests_due_check CHECK (due_at >= received_at),
    CONSTRAINT erasure_requests_names_someone CHECK (status = 'DONE' OR cardinality(emails) + cardinality(customer_ids)
        + cardinality(account_ids) + cardinality(analytics_user_ids) > 0),
    CONSTRAINT erasure_requests_done_holds_no_identity CHECK (status <> 'DONE' OR (completed_at IS NOT NULL
        AND cardinality(emails) + cardinality(customer_ids) + cardinality(account_ids)
            + cardinality(analytics_user_ids) = 0))
);

CREATE INDEX erasure_requests_pending_idx ON erasure_requests (id) WHERE status = 'PENDING';

-- One row per completed request: the proof. No personal data: the subject's hash, counts per holder (table),
-- what was kept and under which duty until when.
CREATE TABLE erasure_log (
    request_id   bigint      PRIMARY KEY REFERENCES erasure_requests (id),
    erased_at    timestamptz NOT NULL,
    subject_hash text        NOT NULL,
    holdings     jsonb       NOT NULL,   -- [{"holder":"webhook_inbox","erased":3,"kept":0,"duty":null,"keptUntil":null}, ...]
    job_execution_id bigint,             -- the gdpr-purge execution that did it (no foreign key: history is archived)
    CONSTRAINT erasure_log_hash_format CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT erasure_log_holdings_array CHECK (jsonb_typeof(holdings) = 'array')
);

-- Rows kept for a subject under a legal duty: restricted (GDPR Art. 18(1)/(2): stored, not otherwise processed)
-- until kept_until, then erased by the retention sweep of their holder.
CREATE TABLE personal_data_restrictions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id   bigint      NOT NULL REFERENCES erasure_requests (id),
    subject_hash text        NOT NULL,
    holder       text        NOT NULL,   -- e.g. ledger_postings
    duty         text        NOT NULL,   -- e.g. BOOKKEEPING_10_YEARS
    rows_kept    bigint      NOT NULL,
    kept_until   timestamptz NOT NULL,
    lifted_at    timestamptz,            -- when the duty ended and the sweep handed the rows to their holder
    CONSTRAINT personal_data_restrictions_key UNIQUE (request_id, holder),
    CONSTRAINT personal_data_restrictions_rows_check CHECK (rows_kept > 0)
);

CREATE INDEX personal_data_restrictions_open_idx ON personal_data_restrictions (kept_until) WHERE lifted_at IS NULL;

-- The identifiers a stored Stripe event names a person by, as 'email:<lower-case>', 'customer:cus_...',
-- 'account:acct_...'. IMMUTABLE, so that one GIN index finds every event of a batch of subjects at once.
-- The paths are Stripe's: Checkout Session customer_details.email / customer_email, Charge receipt_email and
-- billing_details.email, Account email, and the customer and account ids. A new identifying path is a new migration.
CREATE FUNCTION inbox_subject_keys(payload jsonb, account text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_remove(ARRAY[
        'email:' || lower(payload #>> '{data,object,customer_details,email}'),
        'email:' || lower(payload #>> '{data,object,customer_email}'),
        'email:' || lower(payload #>> '{data,object,receipt_email}'),
        'email:' || lower(payload #>> '{data,object,billing_details,email}'),
        'email:' || lower(payload #>> '{data,object,email}'),
        'customer:' || (payload #>> '{data,object,customer}'),
        'account:' || account
    ], NULL)
$$;

-- fastupdate off: the purge probes the index once per identifier right after redacting earlier chunks; a pending
-- list of unmerged entries would be scanned by every probe
CREATE INDEX webhook_inbox_subject_keys_idx ON webhook_inbox USING gin (inbox_subject_keys(payload, account))
    WITH (fastupdate = off);

-- when the payload's personal paths were redacted (retention sweep or erasure); the sweep skips those rows
ALTER TABLE webhook_inbox ADD COLUMN redacted_at timestamptz;
CREATE INDEX webhook_inbox_unredacted_idx ON webhook_inbox (received_at, id) WHERE redacted_at IS NULL;

-- Spring Batch executions moved to an archive file by batch-history-archive: what stays findable once the
-- BATCH_* rows are gone. Rows go with their file when the archive's own retention ends (the audit policy).
CREATE TABLE batch_execution_archive (
    job_execution_id bigint      PRIMARY KEY,
    job_instance_id  bigint      NOT NULL,
    job_name         text        NOT NULL,
    create_time      timestamptz NOT NULL,
    start_time       timestamptz,
    end_time         timestamptz,
    status           text        NOT NULL,
    exit_code        text,
    archive_file     text        NOT NULL,   -- file name under the archive directory, *.jsonl.gz
    archive_sha256   text        NOT NULL,   -- hex SHA-256 of the file's bytes (also in the audit log)
    archived_at      timestamptz NOT NULL,
    CONSTRAINT batch_execution_archive_sha_format CHECK (archive_sha256 ~ '^[0-9a-f]{64}$')
);

CREATE INDEX batch_execution_archive_job_idx ON batch_execution_archive (job_name, job_execution_id);
CREATE INDEX batch_execution_archive_file_idx ON batch_execution_archive (archived_at, archive_file);

-- The Stripe ids (acct_..., cus_...) an audit row names in its target or parameters, so that an erasure finds the
-- audit rows about a subject (kept 7 years, restricted) by one GIN probe per id instead of scanning the trail.
CREATE FUNCTION audit_subject_ids(target text, parameters jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT m[1]), '{}')
    FROM regexp_matches(target || ' ' || parameters::text, '((?:acct|cus)_[A-Za-z0-9]+)', 'g') AS m
$$;

CREATE INDEX audit_log_subject_ids_idx ON audit_log USING gin (audit_subject_ids(target, parameters))
    WITH (fastupdate = off);
