-- Who the nightly-payouts job did not pay, and why: one row per business date, payee, currency and reason, so an
-- operator sees every payee left out of a run (the payout rows show who was paid, held or refused).
-- Written by jobs/payouts (PayoutSkips); a rerun of the same date writes nothing twice (primary key).
CREATE TABLE payout_skips (
    business_date   date        NOT NULL,   -- the business date of the run
    payee_account   text        NOT NULL,   -- Stripe connected account, acct_...
    currency        char(3)     NOT NULL,   -- lowercase ISO 4217
    reason          text        NOT NULL,   -- no_connected_account, payouts_disabled, negative_balance, ...
    available_cents bigint      NOT NULL,   -- minor units payable after cool-off and open holds (may be <= 0)
    detail          text        NOT NULL,   -- for people: amounts and ids, no personal data
    created_at      timestamptz NOT NULL,
    CONSTRAINT payout_skips_pkey PRIMARY KEY (business_date, payee_account, currency, reason),
    CONSTRAINT payout_skips_payee_format CHECK (payee_account ~ '^acct_[A-Za-z0-9]+$'),
    CONSTRAINT payout_skips_currency_format CHECK (currency ~ '^[a-z]{3}$'),
    CONSTRAINT payout_skips_reason_format CHECK (reason ~ '^[a-z_]+$')
);
