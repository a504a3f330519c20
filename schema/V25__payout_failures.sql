-- Failed bank payouts of connected accounts (payout.failed) and what is done about each, so that money sent to a
-- payee is paid out once: the funds return to the connected account's Stripe balance, the payable is NOT
-- credited again (that would let the next night transfer them a second time), and a payout we made is undone by
-- reversing its transfer (POST /v1/transfers/{id}/reversals); only Stripe's transfer.reversed credits the payable
-- again (see jobs/.../payouts/README.md, "Failed bank payouts").
--
-- What the database itself refuses, whatever the client code does:
--   * two rows for one failed Stripe payout, or two failures of one payout row;
--   * two rows naming one Stripe transfer reversal;
--   * a status outside the list below, REVERSAL_MADE without its reversal, REVERSAL_REFUSED without Stripe's code;
--   * DELETE of a row (history of money movements).
--
--   OPEN               a reversal is to be made: instant-payouts makes it (key <payout key>:reversal:<po>:<attempt>)
--   REVERSAL_MADE      Stripe made the reversal (stripe_reversal_id); transfer.reversed credits the payable
--   REVERSAL_REFUSED   Stripe refused it (e.g. the funds already left the connected balance): nothing is credited;
--                      `payouts retry <payout id>` opens it again as a new attempt
CREATE TABLE payout_failures (
    stripe_payout_id   text        PRIMARY KEY,   -- po_... that failed
    payout_id          bigint      NOT NULL,      -- our payout row
    payee_account      text        NOT NULL,      -- acct_...
    amount             bigint      NOT NULL,      -- minor units returned to the connected balance
    currency           char(3)     NOT NULL,      -- lowercase ISO 4217
    failure_code       text        NOT NULL,      -- Stripe's failure_code, e.g. account_closed
    failure_message    text,
    failed_at          timestamptz NOT NULL,      -- the payout.failed event's created
    status             text        NOT NULL,
    reversal_attempt   integer     NOT NULL DEFAULT 1,   -- part of the reversal's idempotency key
    stripe_reversal_id text,                      -- trr_..., once Stripe answered
    reversal_error     text,                      -- Stripe's code and message of a refused reversal
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CONSTRAINT payout_failures_payout_fkey FOREIGN KEY (payout_id) REFERENCES payouts (id),
    CONSTRAINT payout_failures_payout_key UNIQUE (payout_id),
    CONSTRAINT payout_failures_reversal_key UNIQUE (stripe_reversal_id),
    CONSTRAINT payout_failures_payout_format CHECK (stripe_payout_id LIKE 'po\_%'),
    CONSTRAINT payout_failures_amount_positive CHECK (amount > 0),
    CONSTRAINT payout_failures_currency_format CHECK (currency ~ '^[a-z]{3}$'),
    CONSTRAINT payout_failures_status_check CHECK (status IN ('OPEN', 'REVERSAL_MADE', 'REVERSAL_REFUSED')),
    CONSTRAINT payout_failures_attempt_positive CHECK (reversal_attempt >= 1),
    CONSTRAINT payout_failures_made_has_reversal CHECK (status <> 'REVERSAL_MADE' OR stripe_reversal_id LIKE 'trr\_%'),
    CONSTRAINT payout_failures_refused_has_error CHECK (status <> 'REVERSAL_REFUSED' OR reversal_error IS NOT NULL)
);

CREATE INDEX payout_failures_open_idx ON payout_failures (status, failed_at);

CREATE FUNCTION payout_failures_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on payout_failures refused: a failed payout stays on record', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER payout_failures_no_delete BEFORE DELETE ON payout_failures
    FOR EACH ROW EXECUTE FUNCTION payout_failures_refuse_delete();
