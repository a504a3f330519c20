-- Sales and who is paid from them: split rules, connected accounts (Stripe Connect Express payees),
-- orders; and the alerts table that operators read. No personal data here: money and people stay apart.

-- how a sale is shared between payees (hosts, artists); the platform's fee is taken first
CREATE TABLE split_rules (
    id               text        PRIMARY KEY,  -- named by the product side, e.g. tour-2026-headliner
    description      text        NOT NULL,
    platform_fee_bps integer,                  -- null: the configured default (treasury.ledger.platform-fee-bps)
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT split_rules_id_format CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$'),
    CONSTRAINT split_rules_fee_range CHECK (platform_fee_bps BETWEEN 0 AND 10000)
);

CREATE TABLE split_rule_shares (
    rule_id       text    NOT NULL,
    payee_account text    NOT NULL,   -- Stripe connected account, acct_...
    bps           integer NOT NULL,   -- basis points of what is left after the platform fee
    CONSTRAINT split_rule_shares_pkey PRIMARY KEY (rule_id, payee_account),
    CONSTRAINT split_rule_shares_rule_fkey FOREIGN KEY (rule_id) REFERENCES split_rules (id),
    CONSTRAINT split_rule_shares_payee_format CHECK (payee_account ~ '^acct_[A-Za-z0-9]+$'),
    CONSTRAINT split_rule_shares_bps_range CHECK (bps BETWEEN 1 AND 10000)
);

-- at commit: every rule touched by the transaction has shares summing to exactly 10000 bps
CREATE FUNCTION split_rule_check_shares() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    checked_rule text;
    total        bigint;
BEGIN
    IF TG_TABLE_NAME = 'split_rules' THEN
        checked_rule := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        checked_rule := OLD.rule_id;
    ELSE
        checked_rule := NEW.rule_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM split_rules WHERE id = checked_rule) THEN
        RETURN NULL;  -- the rule itself went away with its shares
    END IF;
    SELECT coalesce(sum(bps), 0) INTO total FROM split_rule_shares WHERE rule_id = checked_rule;
    IF total <> 10000 THEN
        RAISE EXCEPTION 'split rule % shares sum to % bps, they must sum to 10000', checked_rule, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER split_rules_complete AFTER INSERT OR UPDATE ON split_rules
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION split_rule_check_shares();
CREATE CONSTRAINT TRIGGER split_rule_shares_sum AFTER INSERT OR UPDATE OR DELETE ON split_rule_shares
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION split_rule_check_shares();

-- Stripe Connect accounts as last reported by account.updated
CREATE TABLE connected_accounts (
    account_id                 text        PRIMARY KEY,          -- acct_...
    charges_enabled            boolean     NOT NULL,
    payouts_enabled            boolean     NOT NULL,
    details_submitted          boolean     NOT NULL,
    requirements_currently_due text[]      NOT NULL DEFAULT '{}', -- Stripe requirement names, no values
    disabled_reason            text,                              -- e.g. requirements.past_due
    last_event_id              text        NOT NULL,              -- the event applied last
    last_event_created         timestamptz NOT NULL,              -- its created: older events are ignored
    updated_at                 timestamptz NOT NULL,
    CONSTRAINT connected_accounts_id_format CHECK (account_id ~ '^acct_[A-Za-z0-9]+$')
);

-- one row per Stripe Checkout Session; its journal (kind sale, source = the session id) holds the money
CREATE TABLE orders (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    checkout_session_id text        NOT NULL,   -- cs_...
    payment_intent      text,                   -- pi_..., null when nothing was charged
    item_type           text,                   -- metadata tb_item_type
    item_id             text,                   -- metadata tb_item_id (opaque product-side id)
    split_rule_id       text,                   -- metadata tb_split_rule as given (kept even if unknown)
    split_inline        text,                   -- metadata tb_split, or tb_payee as acct_...:10000
    payee_in_suspense   boolean     NOT NULL DEFAULT false, -- the payee share went to platform:suspense
    amount_total        bigint      NOT NULL,   -- minor units, what the buyer paid
    currency            char(3)     NOT NULL,
    payment_status      text        NOT NULL,   -- Stripe's: paid, unpaid, no_payment_required
    status              text        NOT NULL,   -- AWAITING_PAYMENT, PAID
    journal_id          bigint,                 -- the sale journal, null until paid (and for zero amounts)
    created_at          timestamptz NOT NULL,   -- when Stripe created the session (UTC)
    updated_at          timestamptz NOT NULL,   -- when this system last changed the row (UTC)
    CONSTRAINT orders_checkout_session_key UNIQUE (checkout_session_id),
    CONSTRAINT orders_checkout_session_format CHECK (checkout_session_id LIKE 'cs\_%'),
    CONSTRAINT orders_item_type_check CHECK (item_type IN ('ticket', 'tip', 'subscription', 'brand_offer')),
    CONSTRAINT orders_amount_check CHECK (amount_total >= 0),
    CONSTRAINT orders_currency_format CHECK (currency ~ '^[a-z]{3}$'),
    CONSTRAINT orders_status_check CHECK (status IN ('AWAITING_PAYMENT', 'PAID')),
    CONSTRAINT orders_journal_fkey FOREIGN KEY (journal_id) REFERENCES journals (id),
    CONSTRAINT orders_paid_has_journal CHECK (status <> 'PAID' OR journal_id IS NOT NULL OR amount_total = 0)
);

CREATE INDEX orders_journal_idx ON orders (journal_id);

-- what operators must look at; raised once per dedup_key (routing to email or chat reads this table)
CREATE TABLE alerts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    severity        text        NOT NULL,   -- CRITICAL, WARNING, INFO
    kind            text        NOT NULL,   -- e.g. sale_in_suspense, payouts_disabled, inbox_event_gave_up
    subject         text        NOT NULL,   -- what it is about: an event id, an acct id, a session id
    message         text        NOT NULL,   -- for people; no personal data
    dedup_key       text        NOT NULL,
    created_at      timestamptz NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by text,
    CONSTRAINT alerts_dedup_key_key UNIQUE (dedup_key),
    CONSTRAINT alerts_severity_check CHECK (severity IN ('CRITICAL', 'WARNING', 'INFO')),
    CONSTRAINT alerts_kind_format CHECK (kind ~ '^[a-z_]+$'),
    CONSTRAINT alerts_acknowledged_check CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);

CREATE INDEX alerts_open_idx ON alerts (created_at, id) WHERE acknowledged_at IS NULL;
