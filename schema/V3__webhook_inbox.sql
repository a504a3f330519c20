-- Stripe webhook events as received, before any business logic (the receiver stages, jobs process).
-- One row per Stripe event id: a duplicate delivery or a backfilled copy of a delivered event is a no-op.
CREATE TABLE webhook_inbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        text        NOT NULL,                 -- Stripe event id, evt_...
    type            text        NOT NULL,                 -- e.g. checkout.session.completed
    api_version     text,                                 -- the event's api_version, any version is staged
    account         text,                                 -- Connect events: the connected account (acct_...)
    livemode        boolean     NOT NULL DEFAULT false,
    created         timestamptz NOT NULL,                 -- Stripe's event.created (UTC)
    payload         jsonb       NOT NULL,                 -- the whole event object
    received_at     timestamptz NOT NULL DEFAULT now(),
    source          text        NOT NULL DEFAULT 'WEBHOOK',
    status          text        NOT NULL DEFAULT 'RECEIVED',
    attempts        integer     NOT NULL DEFAULT 0,        -- failed processing attempts so far
    next_attempt_at timestamptz,                          -- FAILED rows: when the next attempt is due; null = given up
    last_error      text,                                 -- FAILED rows: why the last attempt failed
    processed_at    timestamptz,
    CONSTRAINT webhook_inbox_event_id_key UNIQUE (event_id),
    CONSTRAINT webhook_inbox_event_id_format CHECK (event_id LIKE 'evt\_%'),
    CONSTRAINT webhook_inbox_source_check CHECK (source IN ('WEBHOOK', 'BACKFILL', 'REPLAY')),
    CONSTRAINT webhook_inbox_status_check CHECK (status IN ('RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED')),
    CONSTRAINT webhook_inbox_attempts_check CHECK (attempts >= 0)
);

-- what inbox-processing picks: RECEIVED rows and FAILED rows due for another attempt, in Stripe's created order
CREATE INDEX webhook_inbox_pending_idx ON webhook_inbox (created, id) WHERE status IN ('RECEIVED', 'FAILED');
CREATE INDEX webhook_inbox_type_idx ON webhook_inbox (type, created);
