-- Passport analytics: raw events as received (POST /webhooks/passport), and what the analytics-rollups job
-- (jobs/analytics) derives from them: hourly and daily rollups, leaderboards, and per-show financials from the
-- ledger. Only analytics_events holds user_id (a personal identifier); nothing derived from it does.
--
-- What the database itself refuses:
--   * two raw events with one event_id (a redelivery or replay is a duplicate, never counted twice);
--   * a dimension value '*' (it means "all" in analytics_leaderboards);
--   * a flag other than unknown_type / unknown_schema_version;
--   * two rollup rows for one bucket and (type, artist, show, city, genre).
--
-- Units: value and value_total are bigint: a count (plays, votes, attendance, engagement) or minor units of
-- money (revenue); buckets and days are UTC.

CREATE TABLE analytics_events (
    seq            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- ingestion sequence: the job's watermark
    event_id       text        NOT NULL,
    type           text        NOT NULL,   -- play, vote, attendance, revenue, engagement; others kept, flagged
    occurred_at    timestamptz NOT NULL,   -- when it happened (the event's timestamp), UTC
    user_id        text,                   -- personal identifier: kept here only
    artist_id      text        NOT NULL DEFAULT '',   -- '' when none
    show_id        text        NOT NULL DEFAULT '',   -- the show's event id, '' when none
    city           text        NOT NULL DEFAULT '',
    genre          text        NOT NULL DEFAULT '',
    value          bigint      NOT NULL,   -- a count, or minor units for revenue
    metadata       jsonb,
    schema_version text        NOT NULL,
    flag           text,                   -- null: counted; unknown_type or unknown_schema_version: kept, not counted
    received_at    timestamptz NOT NULL,
    CONSTRAINT analytics_events_event_id_key UNIQUE (event_id),
    CONSTRAINT analytics_events_event_id_length CHECK (length(event_id) BETWEEN 1 AND 255),
    CONSTRAINT analytics_events_flag_check CHECK (flag IN ('unknown_type', 'unknown_schema_version')),
    CONSTRAINT analytics_events_no_star CHECK (artist_id <> '*' AND show_id <> '*' AND city <> '*' AND genre <> '*')
);

CREATE INDEX analytics_events_occurred_idx ON analytics_events (occurred_at);
CREATE INDEX analytics_events_flagged_idx ON analytics_events (seq) WHERE flag IS NOT NULL;  -- flagged, for the alert

-- one row: the last ingestion sequence counted in the rollups (advanced in the transaction that counts)
CREATE TABLE analytics_watermark (
    id         boolean     PRIMARY KEY DEFAULT true,
    last_seq   bigint      NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT analytics_watermark_one_row CHECK (id)
);

INSERT INTO analytics_watermark (id, last_seq, updated_at) VALUES (true, 0, now());

CREATE TABLE analytics_hourly (
    bucket_start timestamptz NOT NULL,   -- start of the UTC hour
    type         text        NOT NULL,
    artist_id    text        NOT NULL,
    show_id      text        NOT NULL,
    city         text        NOT NULL,
    genre        text        NOT NULL,
    events       bigint      NOT NULL,   -- raw events counted
    value_total  bigint      NOT NULL,   -- sum of their values
    CONSTRAINT analytics_hourly_pkey PRIMARY KEY (bucket_start, type, artist_id, show_id, city, genre)
);

CREATE TABLE analytics_daily (
    day          date        NOT NULL,   -- UTC date
    type         text        NOT NULL,
    artist_id    text        NOT NULL,
    show_id      text        NOT NULL,
    city         text        NOT NULL,
    genre        text        NOT NULL,
    events       bigint      NOT NULL,
    value_total  bigint      NOT NULL,
    CONSTRAINT analytics_daily_pkey PRIMARY KEY (day, type, artist_id, show_id, city, genre)
);

CREATE INDEX analytics_daily_show_idx ON analytics_daily (show_id, day);

-- (day, type) whose daily rollups changed and whose leaderboards are not yet recomputed
CREATE TABLE analytics_changed_days (
    day  date NOT NULL,
    type text NOT NULL,
    CONSTRAINT analytics_changed_days_pkey PRIMARY KEY (day, type)
);

-- artists ranked by value_total per period; '*' in show_id, city, genre means all (show_id '*': the global board)
CREATE TABLE analytics_leaderboards (
    period       text    NOT NULL,   -- day, week (ISO, from Monday), month
    period_start date    NOT NULL,
    type         text    NOT NULL,
    show_id      text    NOT NULL,
    city         text    NOT NULL,
    genre        text    NOT NULL,
    artist_id    text    NOT NULL,
    rank         integer NOT NULL,   -- 1 = highest value_total; ties ranked alike
    events       bigint  NOT NULL,
    value_total  bigint  NOT NULL,
    CONSTRAINT analytics_leaderboards_pkey PRIMARY KEY (period, period_start, type, show_id, city, genre, artist_id),
    CONSTRAINT analytics_leaderboards_period_check CHECK (period IN ('day', 'week', 'month'))
);

CREATE INDEX analytics_leaderboards_rank_idx
    ON analytics_leaderboards (period, period_start, type, show_id, city, genre, rank);

-- a show's money from the ledger: ticket orders (item_type 'ticket', item_id = the show) and their refunds
CREATE TABLE analytics_show_financials (
    show_id      text        NOT NULL,
    currency     char(3)     NOT NULL,
    orders       bigint      NOT NULL,   -- paid ticket orders
    gross        bigint      NOT NULL,   -- minor units: what buyers paid
    fees         bigint      NOT NULL,   -- platform fee kept, net of refunds
    refunds      bigint      NOT NULL,   -- minor units refunded
    net_payable  bigint      NOT NULL,   -- owed to payees (and suspense), net of refunds
    updated_at   timestamptz NOT NULL,
    CONSTRAINT analytics_show_financials_pkey PRIMARY KEY (show_id, currency),
    CONSTRAINT analytics_show_financials_sum CHECK (gross - refunds = fees + net_payable)
);

-- run.id of each scheduled analytics-rollups instance (unique whatever instance came before, rebuilds included)
CREATE SEQUENCE analytics_rollup_run_seq;
