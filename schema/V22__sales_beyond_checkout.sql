-- Sales that are not only Checkout Sessions in payment mode: subscriptions (invoices, first and renewals),
-- PaymentIntents made without Checkout, delayed payment methods that fail, and sales tax. An order is now keyed by
-- its sale journal's source (sale_key): the PaymentIntent pi_... (Checkout payment mode, PaymentIntent flow), the
-- invoice in_... (subscriptions), or the Checkout Session cs_... (sales booked before this migration, sessions
-- that charged nothing). Refunds and disputes point at the order itself instead of its session.

ALTER TABLE orders
    ADD COLUMN sale_key        text,                    -- the sale journal's source; unique
    ADD COLUMN invoice_id      text,                    -- in_..., subscriptions
    ADD COLUMN subscription_id text,                    -- sub_..., subscriptions
    ADD COLUMN tax_amount      bigint NOT NULL DEFAULT 0, -- minor units of amount_total that are sales tax
    ALTER COLUMN checkout_session_id DROP NOT NULL;

UPDATE orders SET sale_key = checkout_session_id;

ALTER TABLE orders
    ALTER COLUMN sale_key SET NOT NULL,
    ADD CONSTRAINT orders_sale_key UNIQUE (sale_key),
    ADD CONSTRAINT orders_sale_key_format CHECK (sale_key ~ '^(pi|in|cs)_[A-Za-z0-9_]+$'),
    ADD CONSTRAINT orders_invoice_format CHECK (invoice_id IS NULL OR invoice_id LIKE 'in\_%'),
    ADD CONSTRAINT orders_tax_range CHECK (tax_amount >= 0 AND tax_amount <= amount_total),
    DROP CONSTRAINT orders_status_check,
    ADD CONSTRAINT orders_status_check CHECK (status IN ('AWAITING_PAYMENT', 'PAID', 'PAYMENT_FAILED'));

CREATE UNIQUE INDEX orders_invoice_key ON orders (invoice_id) WHERE invoice_id IS NOT NULL;

-- which PaymentIntent paid which invoice: from API version 2025-03-31.basil on, invoices no longer carry their
-- payment_intent; the invoice_payment object (event invoice_payment.paid) links them
-- (docs.stripe.com/api/invoice-payment/object). Refunds and disputes of an invoice's charge find their sale here.
CREATE TABLE invoice_payments (
    invoice_payment_id text        PRIMARY KEY,   -- inpay_...
    invoice_id         text        NOT NULL,      -- in_...
    payment_intent     text        NOT NULL,      -- pi_...
    amount_paid        bigint      NOT NULL,      -- minor units
    currency           char(3)     NOT NULL,
    created_at         timestamptz NOT NULL,
    CONSTRAINT invoice_payments_invoice_format CHECK (invoice_id LIKE 'in\_%'),
    CONSTRAINT invoice_payments_intent_format CHECK (payment_intent LIKE 'pi\_%'),
    CONSTRAINT invoice_payments_amount_check CHECK (amount_paid >= 0)
);
CREATE INDEX invoice_payments_invoice_idx ON invoice_payments (invoice_id);
CREATE INDEX invoice_payments_intent_idx ON invoice_payments (payment_intent);

-- refunds: by real refund id, pointing at their order; a refund that fails or is canceled keeps its row and
-- gains the journal that reversed it
ALTER TABLE charge_refunds
    ADD COLUMN order_id           bigint,
    ADD COLUMN status             text NOT NULL DEFAULT 'BOOKED',
    ADD COLUMN failure_journal_id bigint,
    ALTER COLUMN checkout_session_id DROP NOT NULL;
UPDATE charge_refunds r SET order_id = o.id FROM orders o WHERE o.checkout_session_id = r.checkout_session_id;
ALTER TABLE charge_refunds
    ALTER COLUMN order_id SET NOT NULL,
    ADD CONSTRAINT charge_refunds_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id),
    ADD CONSTRAINT charge_refunds_failure_journal_fkey FOREIGN KEY (failure_journal_id) REFERENCES journals (id),
    ADD CONSTRAINT charge_refunds_status_check CHECK (status IN ('BOOKED', 'FAILED')),
    ADD CONSTRAINT charge_refunds_failed_has_journal CHECK ((status = 'FAILED') = (failure_journal_id IS NOT NULL));
CREATE INDEX charge_refunds_order_idx ON charge_refunds (order_id);

-- disputes: pointing at their order
ALTER TABLE dispute_sales
    ADD COLUMN order_id bigint,
    ALTER COLUMN checkout_session_id DROP NOT NULL,
    DROP CONSTRAINT dispute_sales_session_format;
UPDATE dispute_sales d SET order_id = o.id FROM orders o WHERE o.checkout_session_id = d.checkout_session_id;
DELETE FROM dispute_sales WHERE order_id IS NULL;
ALTER TABLE dispute_sales
    ALTER COLUMN order_id SET NOT NULL,
    ADD CONSTRAINT dispute_sales_order_fkey FOREIGN KEY (order_id) REFERENCES orders (id);
CREATE INDEX dispute_sales_order_idx ON dispute_sales (order_id);

INSERT INTO ledger_accounts (code, type) VALUES
    ('platform:tax_payable', 'LIABILITY'),    -- sales tax collected with sales, owed to tax authorities
    ('platform:dispute_funds', 'ASSET')       -- disputed amounts Stripe withdrew, until the dispute closes
ON CONFLICT DO NOTHING;
