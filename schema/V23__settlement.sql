-- Settlement of Stripe balance transactions (jobs/reconciliation, settlement step): what the ledger books from
-- the staged balance transactions themselves (Stripe's fees, conversions to the settlement currency, the
-- platform's own payouts, the movements no event books), and the columns it needs.
--
-- What the database itself refuses: nothing new; journals keep their (source_id, kind) key, so a settlement run
-- repeated or restarted books nothing twice.

-- Stripe's exchange rate of a settlement_conversion journal (balance_transaction.exchange_rate: settlement
-- currency units per presentment currency unit); null for every other journal
ALTER TABLE journals ADD COLUMN exchange_rate numeric;

-- the platform accounts the settlement step and the new handlers post to (see shared/.../ledger/README.md)
INSERT INTO ledger_accounts (code, type) VALUES
    ('platform:bank_payouts', 'ASSET'),          -- the platform's own payouts to its bank
    ('platform:stripe_adjustments', 'EXPENSE'),  -- movements of the Stripe balance that no event books
    ('platform:tax_payable', 'LIABILITY'),       -- sales tax collected with sales
    ('platform:dispute_funds', 'ASSET')          -- disputed amounts Stripe withdrew, until the dispute closes
ON CONFLICT (code) DO NOTHING;

-- more of each balance transaction (docs.stripe.com/api/balance_transactions/object), from the same page
-- (expand[]=data.source): no Stripe call per row
ALTER TABLE reconciliation_stripe_rows
    ADD COLUMN net             bigint,    -- amount - fee, minor units
    ADD COLUMN exchange_rate   numeric,   -- Stripe's rate when the source was presented in another currency
    ADD COLUMN source_type     text,      -- the expanded source's object: charge, refund, dispute, payout, ...
    ADD COLUMN source_currency char(3),   -- the expanded charge's or refund's currency (presentment)
    ADD COLUMN source_amount   bigint;    -- the expanded charge's or refund's amount, presentment minor units

-- rows still waiting for their conversion (the original journal was not booked yet), found by later runs
CREATE INDEX reconciliation_stripe_rows_conversion_idx ON reconciliation_stripe_rows (business_date, txn_id)
    WHERE source_currency IS NOT NULL AND source_currency <> currency;

-- a balance transaction whose type the reconciliation README does not map is a discrepancy of its own
ALTER TABLE reconciliation_discrepancies DROP CONSTRAINT reconciliation_discrepancies_category_check;
ALTER TABLE reconciliation_discrepancies ADD CONSTRAINT reconciliation_discrepancies_category_check
    CHECK (category IN ('missing_in_ledger', 'missing_at_stripe', 'amount_mismatch', 'fee_mismatch',
        'currency_mismatch', 'timing', 'unmapped_type'));
