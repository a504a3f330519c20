-- Alerts worked by people: assigned, resolved with a note (by a person, or by the alert-thresholds job when the
-- condition that raised it ends). A resolved alert leaves the open list and is not sent any more.
ALTER TABLE alerts
    ADD COLUMN assigned_to     text,
    ADD COLUMN assigned_at     timestamptz,
    ADD COLUMN resolved_at     timestamptz,
    ADD COLUMN resolved_by     text,
    ADD COLUMN resolution_note text,
    ADD CONSTRAINT alerts_assigned_check CHECK ((assigned_to IS NULL) = (assigned_at IS NULL)),
    ADD CONSTRAINT alerts_resolved_check CHECK ((resolved_at IS NULL) = (resolved_by IS NULL)
                                                AND (resolved_at IS NULL) = (resolution_note IS NULL));

CREATE INDEX alerts_unresolved_idx ON alerts (created_at, id) WHERE resolved_at IS NULL;

-- PagerDuty (Events API v2): 'pagerduty' is the trigger, 'pagerduty_resolve' the resolve of the same dedup_key
ALTER TABLE alert_deliveries DROP CONSTRAINT alert_deliveries_channel_check;
ALTER TABLE alert_deliveries ADD CONSTRAINT alert_deliveries_channel_check
    CHECK (channel IN ('email', 'slack', 'pagerduty', 'pagerduty_resolve'));

-- alert-thresholds: one row per rule whose condition holds now (a breach); the alert is raised once the condition
-- has held for the rule's duration, deduplicated by rule and breach start; the row goes when the condition ends
CREATE TABLE alert_breaches (
    rule        text        PRIMARY KEY,   -- e.g. inbox_waiting_warning, job_overrun:payouts:123
    started_at  timestamptz NOT NULL,      -- first evaluation that saw the condition
    alert_id    bigint      REFERENCES alerts (id),   -- null until the condition has held long enough
    figures     text        NOT NULL       -- the last evaluation's figures, for people
);

-- ledger-anomalies: what the nightly job flagged, with the rule and the figures that fired; worked like alerts
CREATE TABLE anomalies (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_date   date        NOT NULL,   -- the job's date parameter (UTC day examined)
    rule            text        NOT NULL,   -- payee_day_above_median, refund_rate, dispute_rate, young_account_payout, round_manual_journal, weekend_manual_journal
    subject         text        NOT NULL,   -- an acct_..., a journal id
    figures         jsonb       NOT NULL,   -- the numbers that fired, amounts in minor units
    message         text        NOT NULL,
    explanation     text,                   -- a reviewer's explanation, when one is configured
    created_at      timestamptz NOT NULL,
    resolved_at     timestamptz,
    resolved_by     text,
    resolution_note text,
    CONSTRAINT anomalies_once UNIQUE (business_date, rule, subject),
    CONSTRAINT anomalies_rule_format CHECK (rule ~ '^[a-z_]+$'),
    CONSTRAINT anomalies_resolved_check CHECK ((resolved_at IS NULL) = (resolved_by IS NULL)
                                               AND (resolved_at IS NULL) = (resolution_note IS NULL))
);

CREATE INDEX anomalies_open_idx ON anomalies (business_date DESC, id) WHERE resolved_at IS NULL;
