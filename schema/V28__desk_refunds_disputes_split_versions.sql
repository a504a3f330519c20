-- The treasury desk: refunds issued by operators and buyers' refund requests, disputes as Stripe reports them
-- (with operators' notes), and versioned split rules. Money in bigint minor units, times timestamptz (UTC).

-- one row per refund operators issue (directly, or by approving a buyer's request); the Stripe call's
-- Idempotency-Key is refund-request:<id>, so a retried call refunds once. The ledger books the refund when
-- Stripe's refund.created arrives (charge_refunds), never from here.
--   REQUESTED  a buyer's request, waiting for OPS
--   DECLINED   OPS declined it (decision_reason)
--   ISSUED     Stripe answered with the refund (stripe_refund_id)
--   APPROVED   approved, the Stripe call did not answer yet (retried by approving or issuing again)
--   FAILED     Stripe refused the refund (decision_reason holds Stripe's code and message)
CREATE TABLE refund_requests (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_request_id text        NOT NULL,   -- the caller's own id of the request: a retry names it again
    origin            text        NOT NULL,   -- OPS (POST /api/refunds) or BUYER (POST /api/refund-requests)
    payment_intent    text        NOT NULL,   -- pi_... of the sale
    charge_id         text,                   -- ch_... when the caller named the charge
    amount            bigint      NOT NULL,   -- minor units of the sale's currency
    currency          char(3)     NOT NULL,
    reason            text        NOT NULL,   -- the requester's words
    stripe_reason     text,                   -- Stripe's reason: duplicate, fraudulent, requested_by_customer
    status            text        NOT NULL,
    requested_by      text        NOT NULL,
    requested_at      timestamptz NOT NULL,
    decided_by        text,
    decided_at        timestamptz,
    decision_reason   text,
    stripe_refund_id  text,                   -- re_...
    CONSTRAINT refund_requests_client_key UNIQUE (origin, client_request_id),
    CONSTRAINT refund_requests_origin_check CHECK (origin IN ('OPS', 'BUYER')),
    CONSTRAINT refund_requests_status_check CHECK (status IN ('REQUESTED', 'DECLINED', 'APPROVED', 'ISSUED', 'FAILED')),
    CONSTRAINT refund_requests_amount_check CHECK (amount > 0),
    CONSTRAINT refund_requests_currency_format CHECK (currency ~ '^[a-z]{3}$'),
    CONSTRAINT refund_requests_intent_format CHECK (payment_intent LIKE 'pi\_%'),
    CONSTRAINT refund_requests_refund_format CHECK (stripe_refund_id IS NULL OR stripe_refund_id LIKE 're\_%'),
    CONSTRAINT refund_requests_issued_has_refund CHECK (status <> 'ISSUED' OR stripe_refund_id IS NOT NULL)
);
CREATE INDEX refund_requests_status_idx ON refund_requests (status, requested_at);
CREATE INDEX refund_requests_intent_idx ON refund_requests (payment_intent);

-- every dispute as the charge.dispute.* handlers last saw it (docs.stripe.com/api/disputes/object)
CREATE TABLE disputes (
    dispute_id       text        PRIMARY KEY,  -- du_...
    charge_id        text        NOT NULL,     -- ch_...
    payment_intent   text,                     -- pi_...
    sale_key         text,                     -- orders.sale_key of the disputed sale
    amount           bigint      NOT NULL,     -- disputed minor units
    currency         char(3)     NOT NULL,
    reason           text        NOT NULL,     -- Stripe's reason, e.g. product_not_received
    status           text        NOT NULL,     -- Stripe's status, e.g. needs_response, won, lost
    evidence_due_by  timestamptz,              -- evidence_details.due_by
    stripe_created   timestamptz NOT NULL,
    last_event_id    text        NOT NULL,
    last_event_at    timestamptz NOT NULL,     -- the applied event's created: older events change nothing
    updated_at       timestamptz NOT NULL,
    CONSTRAINT disputes_id_format CHECK (dispute_id LIKE 'du\_%' OR dispute_id LIKE 'dp\_%'),
    CONSTRAINT disputes_amount_check CHECK (amount >= 0),
    CONSTRAINT disputes_currency_format CHECK (currency ~ '^[a-z]{3}$')
);
CREATE INDEX disputes_status_due_idx ON disputes (status, evidence_due_by);

-- operators' notes on a dispute (audited as well)
CREATE TABLE dispute_notes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dispute_id text        NOT NULL REFERENCES disputes (dispute_id),
    author     text        NOT NULL,
    note       text        NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT dispute_notes_length CHECK (length(note) BETWEEN 1 AND 4000)
);
CREATE INDEX dispute_notes_dispute_idx ON dispute_notes (dispute_id, id);

-- split rules keep every version: a change makes a new version effective from then; a sale follows the
-- version in force at its time, recorded on its order. split_rule_shares holds the current version's shares.
ALTER TABLE split_rules
    ADD COLUMN current_version integer     NOT NULL DEFAULT 1,
    ADD COLUMN retired_at      timestamptz,
    ADD COLUMN retired_by      text;

CREATE TABLE split_rule_versions (
    rule_id          text        NOT NULL REFERENCES split_rules (id),
    version          integer     NOT NULL,
    description      text        NOT NULL,
    platform_fee_bps integer,
    effective_from   timestamptz NOT NULL,
    created_by       text        NOT NULL,
    CONSTRAINT split_rule_versions_pkey PRIMARY KEY (rule_id, version),
    CONSTRAINT split_rule_versions_version_check CHECK (version >= 1),
    CONSTRAINT split_rule_versions_fee_range CHECK (platform_fee_bps BETWEEN 0 AND 10000)
);

CREATE TABLE split_rule_version_shares (
    rule_id       text    NOT NULL,
    version       integer NOT NULL,
    payee_account text    NOT NULL,
    bps           integer NOT NULL,
    CONSTRAINT split_rule_version_shares_pkey PRIMARY KEY (rule_id, version, payee_account),
    CONSTRAINT split_rule_version_shares_version_fkey FOREIGN KEY (rule_id, version)
        REFERENCES split_rule_versions (rule_id, version),
    CONSTRAINT split_rule_version_shares_payee_format CHECK (payee_account ~ '^acct_[A-Za-z0-9]+$'),
    CONSTRAINT split_rule_version_shares_bps_range CHECK (bps BETWEEN 1 AND 10000)
);

-- rules made before versions: their shares are version 1, in force since the rule was made
INSERT INTO split_rule_versions (rule_id, version, description, platform_fee_bps, effective_from, created_by)
SELECT id, 1, description, platform_fee_bps, created_at, 'migration' FROM split_rules;
INSERT INTO split_rule_version_shares (rule_id, version, payee_account, bps)
SELECT rule_id, 1, payee_account, bps FROM split_rule_shares;

ALTER TABLE orders ADD COLUMN split_rule_version integer;  -- the rule's version the sale was booked with
