-- Stripe reconciliation, missed-webhook backfill and alert routing (jobs/reconciliation, jobs/backfill,
-- shared/alerts).
--
-- What the database itself refuses:
--   * two cursors of one name; a backfill cursor moving backwards;
--   * two reconciliation runs of one business date; a discrepancy of an unknown category or without a suggested action;
--   * a Stripe row staged twice for one date;
--   * an alert delivered twice on one channel (one row per alert and channel, delivered_at set once).

-- where webhook-backfill has listed Stripe's events up to: the created time of the last event staged by a committed page
CREATE TABLE backfill_cursors (
    name           text        PRIMARY KEY,   -- e.g. events:platform
    created_until  timestamptz NOT NULL,      -- events created at or before this are staged (UTC, whole seconds)
    last_event_id  text,                      -- the last event staged, for people
    updated_at     timestamptz NOT NULL
);

CREATE FUNCTION backfill_cursors_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.created_until < OLD.created_until THEN
        RAISE EXCEPTION 'backfill cursor % moves only forward (% to %)', OLD.name, OLD.created_until, NEW.created_until
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER backfill_cursors_forward BEFORE UPDATE ON backfill_cursors
    FOR EACH ROW EXECUTE FUNCTION backfill_cursors_forward();

-- Stripe's balance transactions of one business date, as listed (expanded source: its payment intent)
CREATE TABLE reconciliation_stripe_rows (
    business_date      date        NOT NULL,
    txn_id             text        NOT NULL,   -- txn_...
    type               text        NOT NULL,   -- charge, refund, adjustment, transfer, transfer_refund, payout, ...
    reporting_category text,                   -- charge, refund, dispute, transfer, payout, fee, ...
    source_id          text,                   -- ch_, re_, du_, tr_, trr_, po_ ...
    payment_intent     text,                   -- pi_... of a charge, refund or dispute
    amount             bigint      NOT NULL,   -- minor units, signed as Stripe: negative leaves the balance
    fee                bigint      NOT NULL,   -- Stripe's fee, minor units
    currency           char(3)     NOT NULL,
    created            timestamptz NOT NULL,
    available_on       timestamptz,
    CONSTRAINT reconciliation_stripe_rows_pkey PRIMARY KEY (business_date, txn_id)
);

CREATE INDEX reconciliation_stripe_rows_source_idx ON reconciliation_stripe_rows (source_id);
CREATE INDEX reconciliation_stripe_rows_intent_idx ON reconciliation_stripe_rows (payment_intent);

-- one run per business date; counts and totals per category in reconciliation_totals
CREATE TABLE reconciliation_runs (
    business_date      date        PRIMARY KEY,
    zone               text        NOT NULL,   -- the business zone the date was cut in
    job_execution_id   bigint,                 -- the Spring Batch execution that wrote it last
    stripe_count       bigint      NOT NULL DEFAULT 0,
    discrepancy_count  bigint      NOT NULL DEFAULT 0,
    integrity_failures text[]      NOT NULL DEFAULT '{}',  -- ledger integrity checks that failed, explained
    status             text        NOT NULL,   -- STARTED, CLEAN, DISCREPANCIES
    started_at         timestamptz NOT NULL,
    finished_at        timestamptz,
    CONSTRAINT reconciliation_runs_status_check CHECK (status IN ('STARTED', 'CLEAN', 'DISCREPANCIES'))
);

CREATE TABLE reconciliation_totals (
    business_date  date    NOT NULL,
    category       text    NOT NULL,   -- charge, refund, dispute, transfer, transfer_reversal, payout, fee, other
    currency       char(3) NOT NULL,
    stripe_count   bigint  NOT NULL,
    stripe_amount  bigint  NOT NULL,   -- minor units, signed as Stripe
    stripe_fee     bigint  NOT NULL,
    ledger_count   bigint  NOT NULL,   -- matched objects the ledger booked
    ledger_amount  bigint  NOT NULL,   -- minor units, signed as Stripe would
    ledger_fee     bigint  NOT NULL,
    CONSTRAINT reconciliation_totals_pkey PRIMARY KEY (business_date, category, currency),
    CONSTRAINT reconciliation_totals_run_fkey FOREIGN KEY (business_date) REFERENCES reconciliation_runs (business_date)
);

CREATE TABLE reconciliation_discrepancies (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_date    date        NOT NULL,
    category         text        NOT NULL,
    object_id        text        NOT NULL,   -- the Stripe object: ch_, re_, du_, tr_, trr_, or the ledger's source
    stripe_txn_id    text,                   -- txn_..., null when missing at Stripe
    stripe_amount    bigint,                 -- minor units, signed as Stripe; null when missing at Stripe
    stripe_fee       bigint,
    stripe_currency  char(3),
    ledger_amount    bigint,                 -- minor units, signed as Stripe would; null when missing in the ledger
    ledger_fee       bigint,
    ledger_currency  char(3),
    suggested_action text        NOT NULL,
    CONSTRAINT reconciliation_discrepancies_run_fkey FOREIGN KEY (business_date)
        REFERENCES reconciliation_runs (business_date),
    CONSTRAINT reconciliation_discrepancies_category_check CHECK (category IN ('missing_in_ledger',
        'missing_at_stripe', 'amount_mismatch', 'fee_mismatch', 'currency_mismatch', 'timing')),
    CONSTRAINT reconciliation_discrepancies_action_present CHECK (length(suggested_action) > 0),
    CONSTRAINT reconciliation_discrepancies_once UNIQUE (business_date, category, object_id)
);

-- alert routing: one row per alert and channel once delivered (or while failing); never sent twice
CREATE TABLE alert_deliveries (
    alert_id      bigint      NOT NULL,
    channel       text        NOT NULL,   -- email, slack
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text,
    delivered_at  timestamptz,
    CONSTRAINT alert_deliveries_pkey PRIMARY KEY (alert_id, channel),
    CONSTRAINT alert_deliveries_alert_fkey FOREIGN KEY (alert_id) REFERENCES alerts (id),
    CONSTRAINT alert_deliveries_channel_check CHECK (channel IN ('email', 'slack'))
);

CREATE FUNCTION alert_deliveries_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.delivered_at IS NOT NULL THEN
        RAISE EXCEPTION 'alert % was delivered on % already', OLD.alert_id, OLD.channel
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER alert_deliveries_once BEFORE UPDATE ON alert_deliveries
    FOR EACH ROW EXECUTE FUNCTION alert_deliveries_once();
