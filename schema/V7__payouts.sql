-- Money out and money back: payouts to payees (written by nightly-payouts and instant payouts, followed by
-- inbox-processing from Stripe's transfer and payout events), refunds booked against sales, the accounts they
-- post to, and the index that finds a sale from a charge's payment intent.
--
-- What the database itself refuses, whatever the client code does:
--   * two payouts of one payee for the same business date, kind and currency;
--   * two payouts with one idempotency key, one Stripe transfer or one Stripe payout;
--   * a status outside the state machine below, or a move it does not allow;
--   * a status without what it needs (HELD without reasons, TRANSFERRED without the transfer and its journal,
--     FAILED without a failure code, REVERSED without the whole amount reversed);
--   * changing what a payout pays (payee, date, kind, amount, currency, key) or a Stripe id once set;
--   * DELETE of a payout (a payout that will not be made is CANCELED).
--
-- Payout state machine (status):
--
--   PENDING -----> TRANSFERRED -----> IN_TRANSIT -----> PAID
--     |  ^   \          |   \              |  \           |
--     v  |    \         |    \             |   \          |
--    HELD  \   FAILED   |     `----------> | --> FAILED <-'   (payout.failed, also after paid: a bank return)
--     |     \  (refused,|                  |       |
--     v      \ nothing  v                  v       |
--   CANCELED  moved)   REVERSED <----------+-------'   (transfer.reversed in full)
--
--   PENDING     row written, committed before Stripe is called; holds the idempotency key
--   HELD        risk review: hold_reasons say why; released to PENDING or CANCELED by ops
--   TRANSFERRED Stripe transfer created (stripe_transfer_id), journal Dr payable Cr cash (transfer_journal_id)
--   IN_TRANSIT  a payout to the payee's bank created on the connected account (stripe_payout_id)
--   PAID        payout.paid
--   FAILED      before a transfer: Stripe refused it, nothing moved (failure_code), may go back to PENDING;
--               after a payout: payout.failed, funds back in the payee's Stripe balance, failure_journal_id
--               (Dr platform:payouts_returned Cr payable: the payee is owed them again); a later payout of them
--               is a new row
--   REVERSED    the transfer was reversed in full (amount_reversed = amount); partial reversals keep the status
--   CANCELED    will not be paid
CREATE TABLE payouts (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payee_account       text        NOT NULL,   -- Stripe connected account, acct_...
    business_date       date        NOT NULL,   -- the business date paid (nightly) or requested (instant)
    kind                text        NOT NULL,   -- nightly, instant
    amount              bigint      NOT NULL,   -- minor units, positive
    currency            char(3)     NOT NULL,   -- lowercase ISO 4217
    status              text        NOT NULL,
    idempotency_key     text        NOT NULL,   -- sent with every Stripe POST for this payout
    stripe_transfer_id  text,                   -- tr_..., once Stripe answered
    stripe_payout_id    text,                   -- po_..., a payout on the connected account
    amount_reversed     bigint      NOT NULL DEFAULT 0,  -- minor units of the transfer reversed so far
    failure_code        text,                   -- Stripe's code, e.g. account_closed, could_not_process
    failure_message     text,                   -- Stripe's message; no personal data
    hold_reasons        text[]      NOT NULL DEFAULT '{}',  -- why HELD: risk rules, explained
    transfer_journal_id bigint,                 -- Dr payable Cr cash, when the transfer was made
    failure_journal_id  bigint,                 -- Dr payouts_returned Cr payable, when the bank payout failed
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT payouts_once_per_payee_date_kind UNIQUE (payee_account, business_date, kind, currency),
    CONSTRAINT payouts_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT payouts_stripe_transfer_key UNIQUE (stripe_transfer_id),
    CONSTRAINT payouts_stripe_payout_key UNIQUE (stripe_payout_id),
    CONSTRAINT payouts_transfer_journal_fkey FOREIGN KEY (transfer_journal_id) REFERENCES journals (id),
    CONSTRAINT payouts_failure_journal_fkey FOREIGN KEY (failure_journal_id) REFERENCES journals (id),
    CONSTRAINT payouts_payee_format CHECK (payee_account ~ '^acct_[A-Za-z0-9]+$'),
    CONSTRAINT payouts_kind_check CHECK (kind IN ('nightly', 'instant')),
    CONSTRAINT payouts_amount_positive CHECK (amount > 0),
    CONSTRAINT payouts_currency_format CHECK (currency ~ '^[a-z]{3}$'),
    CONSTRAINT payouts_status_check CHECK (status IN ('PENDING', 'HELD', 'TRANSFERRED', 'IN_TRANSIT', 'PAID',
        'FAILED', 'REVERSED', 'CANCELED')),
    CONSTRAINT payouts_idempotency_key_length CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT payouts_transfer_format CHECK (stripe_transfer_id LIKE 'tr\_%'),
    CONSTRAINT payouts_payout_format CHECK (stripe_payout_id LIKE 'po\_%'),
    CONSTRAINT payouts_reversed_range CHECK (amount_reversed BETWEEN 0 AND amount),
    CONSTRAINT payouts_held_has_reasons CHECK (status <> 'HELD' OR cardinality(hold_reasons) > 0),
    CONSTRAINT payouts_transferred_has_transfer CHECK (status NOT IN ('TRANSFERRED', 'IN_TRANSIT', 'PAID', 'REVERSED')
        OR (stripe_transfer_id IS NOT NULL AND transfer_journal_id IS NOT NULL)),
    CONSTRAINT payouts_unpaid_has_no_transfer CHECK (status NOT IN ('PENDING', 'HELD', 'CANCELED')
        OR (stripe_transfer_id IS NULL AND transfer_journal_id IS NULL)),
    CONSTRAINT payouts_paid_out_has_payout CHECK (status NOT IN ('IN_TRANSIT', 'PAID') OR stripe_payout_id IS NOT NULL),
    CONSTRAINT payouts_failed_has_code CHECK (status <> 'FAILED' OR failure_code IS NOT NULL),
    CONSTRAINT payouts_failure_journal_needs_payout CHECK (failure_journal_id IS NULL
        OR (stripe_payout_id IS NOT NULL AND transfer_journal_id IS NOT NULL)),
    CONSTRAINT payouts_reversed_in_full CHECK (status <> 'REVERSED' OR amount_reversed = amount)
);

CREATE INDEX payouts_status_idx ON payouts (status, business_date);
CREATE INDEX payouts_payee_idx ON payouts (payee_account, currency);

-- the moves the state machine allows; a same-status update (e.g. a partial reversal) is not a move
CREATE TABLE payout_transitions (
    from_status text NOT NULL,
    to_status   text NOT NULL,
    CONSTRAINT payout_transitions_pkey PRIMARY KEY (from_status, to_status)
);

INSERT INTO payout_transitions (from_status, to_status) VALUES
    ('PENDING', 'HELD'), ('PENDING', 'TRANSFERRED'), ('PENDING', 'FAILED'), ('PENDING', 'CANCELED'),
    ('HELD', 'PENDING'), ('HELD', 'CANCELED'),
    ('TRANSFERRED', 'IN_TRANSIT'), ('TRANSFERRED', 'PAID'), ('TRANSFERRED', 'FAILED'), ('TRANSFERRED', 'REVERSED'),
    ('IN_TRANSIT', 'PAID'), ('IN_TRANSIT', 'FAILED'), ('IN_TRANSIT', 'REVERSED'),
    ('PAID', 'FAILED'), ('PAID', 'REVERSED'),
    ('FAILED', 'PENDING'), ('FAILED', 'REVERSED'), ('FAILED', 'CANCELED');

CREATE FUNCTION payouts_check_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.payee_account <> OLD.payee_account OR NEW.business_date <> OLD.business_date OR NEW.kind <> OLD.kind
            OR NEW.amount <> OLD.amount OR NEW.currency <> OLD.currency
            OR NEW.idempotency_key <> OLD.idempotency_key THEN
        RAISE EXCEPTION 'payout %: what a payout pays (payee, date, kind, amount, currency, key) never changes', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (OLD.stripe_transfer_id IS NOT NULL AND NEW.stripe_transfer_id IS DISTINCT FROM OLD.stripe_transfer_id)
            OR (OLD.stripe_payout_id IS NOT NULL AND NEW.stripe_payout_id IS DISTINCT FROM OLD.stripe_payout_id)
            OR (OLD.transfer_journal_id IS NOT NULL AND NEW.transfer_journal_id IS DISTINCT FROM OLD.transfer_journal_id)
            OR (OLD.failure_journal_id IS NOT NULL AND NEW.failure_journal_id IS DISTINCT FROM OLD.failure_journal_id) THEN
        RAISE EXCEPTION 'payout %: a Stripe id or journal id, once recorded, never changes', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.amount_reversed < OLD.amount_reversed THEN
        RAISE EXCEPTION 'payout %: amount_reversed only grows (% to %)', OLD.id, OLD.amount_reversed, NEW.amount_reversed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status <> OLD.status AND NOT EXISTS (
            SELECT 1 FROM payout_transitions WHERE from_status = OLD.status AND to_status = NEW.status) THEN
        RAISE EXCEPTION 'payout %: % -> % is not a move of the payout state machine', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER payouts_state_machine BEFORE UPDATE ON payouts
    FOR EACH ROW EXECUTE FUNCTION payouts_check_update();

CREATE FUNCTION payouts_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on payouts refused: a payout that will not be made is CANCELED', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER payouts_no_delete BEFORE DELETE ON payouts
    FOR EACH ROW EXECUTE FUNCTION payouts_refuse_delete();
CREATE TRIGGER payouts_no_truncate BEFORE TRUNCATE ON payouts
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_refuse_delete();

-- refunds booked against sales: one row per Stripe refund (re_...), or per increase of a charge's
-- amount_refunded when the event does not list its refunds (refund_id <charge id>:refunded:<new total>);
-- the refund journal (kind refund, source = refund_id) holds the money
CREATE TABLE charge_refunds (
    refund_id           text        PRIMARY KEY,
    charge_id           text        NOT NULL,   -- ch_...
    payment_intent      text        NOT NULL,   -- pi_..., how the sale was found
    checkout_session_id text        NOT NULL,   -- the sale refunded
    amount              bigint      NOT NULL,   -- minor units, positive
    currency            char(3)     NOT NULL,
    journal_id          bigint      NOT NULL,
    event_id            text        NOT NULL,   -- the Stripe event that booked it
    created_at          timestamptz NOT NULL,
    CONSTRAINT charge_refunds_journal_fkey FOREIGN KEY (journal_id) REFERENCES journals (id),
    CONSTRAINT charge_refunds_amount_positive CHECK (amount > 0),
    CONSTRAINT charge_refunds_currency_format CHECK (currency ~ '^[a-z]{3}$')
);

CREATE INDEX charge_refunds_charge_idx ON charge_refunds (charge_id);

-- refunds and disputes find their sale by the charge's payment intent
CREATE INDEX orders_payment_intent_idx ON orders (payment_intent) WHERE payment_intent IS NOT NULL;

INSERT INTO ledger_accounts (code, type) VALUES
    ('platform:dispute_losses', 'EXPENSE'),   -- the platform's own share of lost disputes
    ('platform:payouts_returned', 'ASSET');   -- transferred to a payee, bounced by their bank: in their Stripe balance
