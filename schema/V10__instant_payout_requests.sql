-- A payee's requests for an instant payout (POST /api/payouts/instant, CLI `payouts instant`), paid by the
-- instant-payouts job (jobs/instantpayouts) through a payouts row of kind 'instant' named by payout_id.
--
-- What the database itself refuses:
--   * two open (REQUESTED) requests of one payee in one currency;
--   * two requests paid by the same payout row;
--   * a status outside REQUESTED, PAID, REJECTED, FAILED, or a move out of a final one;
--   * PAID without its payout and the method Stripe used; REJECTED or FAILED without reasons.
--
--   REQUESTED  open: waiting for funds past the instant cool-off, or paid in flight (payout_id set)
--   PAID       a Stripe payout was created on the connected account (payout_method instant, or standard when the
--              account has no instant-eligible external account: note says so)
--   REJECTED   not paid: risk at or above the instant threshold, no connected account, payouts disabled, funds not
--              available within the wait limit, ... (reasons)
--   FAILED     Stripe refused the transfer or the payout (reasons)
CREATE TABLE instant_payout_requests (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payee_account  text        NOT NULL,   -- Stripe connected account, acct_...
    currency       char(3)     NOT NULL,   -- lowercase ISO 4217
    amount         bigint,                 -- minor units asked for; NULL: all available
    status         text        NOT NULL,
    requested_at   timestamptz NOT NULL,
    requested_by   text        NOT NULL,   -- the actor's name (audit trail has the channel)
    payout_id      bigint,                 -- the payouts row (kind instant) paying it, once decided
    payout_method  text,                   -- instant or standard, what Stripe made
    reasons        text[]      NOT NULL DEFAULT '{}',  -- why REJECTED or FAILED: explained rules, Stripe codes
    note           text,                   -- for people, e.g. the fallback to a standard payout
    updated_at     timestamptz NOT NULL,
    CONSTRAINT instant_payout_requests_payout_fkey FOREIGN KEY (payout_id) REFERENCES payouts (id),
    CONSTRAINT instant_payout_requests_payout_key UNIQUE (payout_id),
    CONSTRAINT instant_payout_requests_payee_format CHECK (payee_account ~ '^acct_[A-Za-z0-9]+$'),
    CONSTRAINT instant_payout_requests_currency_format CHECK (currency ~ '^[a-z]{3}$'),
    CONSTRAINT instant_payout_requests_amount_positive CHECK (amount IS NULL OR amount > 0),
    CONSTRAINT instant_payout_requests_status_check CHECK (status IN ('REQUESTED', 'PAID', 'REJECTED', 'FAILED')),
    CONSTRAINT instant_payout_requests_method_check CHECK (payout_method IS NULL OR payout_method IN ('instant', 'standard')),
    CONSTRAINT instant_payout_requests_paid_has_payout CHECK (status <> 'PAID'
        OR (payout_id IS NOT NULL AND payout_method IS NOT NULL)),
    CONSTRAINT instant_payout_requests_refused_has_reasons CHECK (status NOT IN ('REJECTED', 'FAILED')
        OR cardinality(reasons) > 0)
);

CREATE UNIQUE INDEX instant_payout_requests_one_open ON instant_payout_requests (payee_account, currency)
    WHERE status = 'REQUESTED';
CREATE INDEX instant_payout_requests_status_idx ON instant_payout_requests (status, requested_at);

CREATE FUNCTION instant_payout_requests_check_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'REQUESTED' AND NEW.status IS DISTINCT FROM OLD.status THEN
        RAISE EXCEPTION 'instant payout request %: % is final', OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.payee_account <> OLD.payee_account OR NEW.currency <> OLD.currency
            OR NEW.amount IS DISTINCT FROM OLD.amount
            OR (OLD.payout_id IS NOT NULL AND NEW.payout_id IS DISTINCT FROM OLD.payout_id) THEN
        RAISE EXCEPTION 'instant payout request %: payee, currency, amount and payout never change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER instant_payout_requests_state_machine BEFORE UPDATE ON instant_payout_requests
    FOR EACH ROW EXECUTE FUNCTION instant_payout_requests_check_update();
