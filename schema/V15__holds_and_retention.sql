-- Ticket inventory and holds (job hold-release), draft orders and the retention email machinery (job
-- retention-emails, inbox handlers of checkout.session.completed / .expired, account.updated, payment failures).
--
-- Personal data (email, name, country) lives in `contacts` only; every other table names people by the opaque
-- contacts.id (ct_...) and carries no foreign key to it, so that an erasure can delete or pseudonymise a contact
-- without touching the rest.
--
-- What the database itself refuses:
--   * a ticket type with held + sold above its total, or either below zero;
--   * a hold leaving RELEASED or CONVERTED other than RELEASED -> CONVERTED (a late payment sells it anyway);
--   * two outbox rows for one (task, step) or one outbox key: an email is claimed once, before it is sent;
--   * two retention tasks for one (kind, subject, step).

-- the one table with personal data: buyers and payees that may be emailed
CREATE TABLE contacts (
    id             text        PRIMARY KEY,   -- ct_ + opaque
    email          text        NOT NULL,
    name           text,
    country        char(2),                   -- ISO 3166-1 alpha-2, upper case, as Stripe reports it
    stripe_account text,                      -- acct_... when the contact is a payee
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CONSTRAINT contacts_id_format CHECK (id ~ '^ct_[A-Za-z0-9_-]{6,64}$'),
    CONSTRAINT contacts_email_shape CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    CONSTRAINT contacts_country_format CHECK (country IS NULL OR country ~ '^[A-Z]{2}$')
);
CREATE UNIQUE INDEX contacts_email_key ON contacts (lower(email));
CREATE UNIQUE INDEX contacts_stripe_account_key ON contacts (stripe_account) WHERE stripe_account IS NOT NULL;

CREATE TABLE ticketed_events (
    id         text        PRIMARY KEY,   -- named by the product side
    title      text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ticket_types (
    id              text        PRIMARY KEY,   -- named by the product side; metadata tb_item_id of a ticket sale
    event_id        text        NOT NULL REFERENCES ticketed_events (id),
    name            text        NOT NULL,
    price           bigint      NOT NULL,      -- minor units
    currency        char(3)     NOT NULL,      -- lowercase ISO 4217
    quantity_total  integer     NOT NULL,
    quantity_held   integer     NOT NULL DEFAULT 0,
    quantity_sold   integer     NOT NULL DEFAULT 0,
    sale_starts_at  timestamptz NOT NULL,
    sale_ends_at    timestamptz NOT NULL,
    CONSTRAINT ticket_types_price_not_negative CHECK (price >= 0),
    CONSTRAINT ticket_types_currency_format CHECK (currency ~ '^[a-z]{3}$'),
    CONSTRAINT ticket_types_total_not_negative CHECK (quantity_total >= 0),
    CONSTRAINT ticket_types_held_not_negative CHECK (quantity_held >= 0),
    CONSTRAINT ticket_types_sold_not_negative CHECK (quantity_sold >= 0),
    CONSTRAINT ticket_types_within_total CHECK (quantity_held + quantity_sold <= quantity_total),
    CONSTRAINT ticket_types_sale_window CHECK (sale_ends_at > sale_starts_at)
);

--   HELD       tickets kept for a buyer in checkout until expires_at
--   RELEASED   expired: the quantity went back on sale (hold-release)
--   CONVERTED  paid (checkout.session.completed): the quantity moved from held to sold
CREATE TABLE ticket_holds (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_type_id      text        NOT NULL REFERENCES ticket_types (id),
    buyer_id            text        NOT NULL,   -- contacts.id (opaque)
    quantity            integer     NOT NULL,
    status              text        NOT NULL DEFAULT 'HELD',
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    released_at         timestamptz,
    converted_at        timestamptz,
    checkout_session_id text,                   -- cs_... that converted it
    CONSTRAINT ticket_holds_quantity_positive CHECK (quantity > 0),
    CONSTRAINT ticket_holds_status_check CHECK (status IN ('HELD', 'RELEASED', 'CONVERTED')),
    CONSTRAINT ticket_holds_expiry_after_creation CHECK (expires_at > created_at)
);
-- what hold-release scans, in keyset order: only live holds, so released ones leave the index (at vacuum)
CREATE INDEX ticket_holds_held_expiry_idx ON ticket_holds (expires_at, id) WHERE status = 'HELD';

CREATE FUNCTION ticket_holds_check_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'HELD'
            OR (OLD.status = 'RELEASED' AND NEW.status = 'CONVERTED')) THEN
        RAISE EXCEPTION 'ticket hold %: % cannot become %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.quantity <> OLD.quantity OR NEW.ticket_type_id <> OLD.ticket_type_id THEN
        RAISE EXCEPTION 'ticket hold %: quantity and ticket type never change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ticket_holds_transitions BEFORE UPDATE ON ticket_holds
    FOR EACH ROW EXECUTE FUNCTION ticket_holds_check_update();

--   OPEN       in checkout
--   COMPLETED  paid (completed_at); expired_at set too when it was recovered after abandonment
--   EXPIRED    the Checkout Session expired unpaid (abandoned)
CREATE TABLE draft_orders (
    id                  text        PRIMARY KEY,   -- metadata tb_draft_order, else the cs_... id
    buyer_id            text        NOT NULL,      -- contacts.id (opaque)
    hold_id             bigint      REFERENCES ticket_holds (id),
    item_type           text,                      -- metadata tb_item_type
    item_id             text,                      -- metadata tb_item_id
    checkout_session_id text,                      -- the latest cs_... of this draft
    amount_total        bigint,                    -- minor units
    currency            char(3),
    recovery_url        text,                      -- Stripe's after_expiration.recovery.url, else ours
    status              text        NOT NULL,
    created_at          timestamptz NOT NULL,
    expired_at          timestamptz,
    completed_at        timestamptz,
    CONSTRAINT draft_orders_status_check CHECK (status IN ('OPEN', 'COMPLETED', 'EXPIRED')),
    CONSTRAINT draft_orders_amount_not_negative CHECK (amount_total IS NULL OR amount_total >= 0)
);
CREATE INDEX draft_orders_buyer_item_idx ON draft_orders (buyer_id, item_id);
CREATE INDEX draft_orders_created_idx ON draft_orders (created_at);

-- the basis on which a contact may get marketing email (GDPR Art. 6(1)(a) consent; ePrivacy Directive Art. 13 and
-- UK PECR reg. 22 for EU/UK buyers), from Stripe Checkout's consent.promotions
CREATE TABLE marketing_consents (
    contact_id  text        PRIMARY KEY,   -- contacts.id (opaque)
    basis       text        NOT NULL,
    promotions  text,                      -- Stripe consent.promotions: opt_in, opt_out, or null (not asked)
    country     char(2),                   -- the country the rule was decided on
    source      text        NOT NULL,      -- cs_... the consent was read from
    recorded_at timestamptz NOT NULL,
    CONSTRAINT marketing_consents_basis_check CHECK (basis IN ('consent', 'legitimate_interest', 'none'))
);

CREATE TABLE email_unsubscribes (
    contact_id      text        NOT NULL,   -- contacts.id (opaque)
    list            text        NOT NULL,   -- marketing
    channel         text        NOT NULL,   -- one-click (RFC 8058 POST) or page
    unsubscribed_at timestamptz NOT NULL,
    CONSTRAINT email_unsubscribes_pkey PRIMARY KEY (contact_id, list)
);

--   SCHEDULED  waits for due_at
--   SENDING    claimed by a run: its outbox row is committed, the email is being sent
--   SENT       the SMTP server accepted it
--   CANCELLED  not sent: order completed, unsubscribed, no consent (cancel_reason)
--   FAILED     the SMTP server rejected it permanently, or no more retries (outbox smtp_reply)
--   UNKNOWN    a run stopped between sending and recording: maybe sent, never resent automatically
CREATE TABLE retention_tasks (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text        NOT NULL,
    subject       text        NOT NULL,   -- draft order id, acct_...:evt_..., pi_... / in_...
    contact_id    text        NOT NULL,   -- contacts.id (opaque)
    step          integer     NOT NULL,   -- 1, 2, 3: the place in its sequence
    due_at        timestamptz NOT NULL,
    action_url    text,                   -- where the email sends the reader (recovery, invoice), if not the default
    status        text        NOT NULL DEFAULT 'SCHEDULED',
    cancel_reason text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT retention_tasks_kind_check CHECK (kind IN ('abandoned_checkout', 'kyc_requirements_due',
        'payment_failed')),
    CONSTRAINT retention_tasks_status_check CHECK (status IN ('SCHEDULED', 'SENDING', 'SENT', 'CANCELLED',
        'FAILED', 'UNKNOWN')),
    CONSTRAINT retention_tasks_step_positive CHECK (step > 0),
    CONSTRAINT retention_tasks_key UNIQUE (kind, subject, step)
);
CREATE INDEX retention_tasks_due_idx ON retention_tasks (due_at, id) WHERE status = 'SCHEDULED';
CREATE INDEX retention_tasks_sending_idx ON retention_tasks (updated_at) WHERE status = 'SENDING';

--   SENDING  committed before the SMTP conversation; a row still SENDING after the lease is UNKNOWN
--   RETRY    a transient SMTP failure (4xx, connection): sent again at next_attempt_at
--   SENT     accepted by the SMTP server (2xx)
--   FAILED   permanently rejected (5xx): smtp_reply has the server's words
--   UNKNOWN  the run stopped between send and record: maybe delivered, never resent automatically
CREATE TABLE email_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id         bigint      NOT NULL REFERENCES retention_tasks (id),
    step            integer     NOT NULL,
    outbox_key      text        NOT NULL,   -- kind:subject:step, also the Message-ID's local part
    contact_id      text        NOT NULL,   -- contacts.id (opaque)
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 1,
    next_attempt_at timestamptz,
    smtp_reply      text,
    claimed_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT email_outbox_task_step_key UNIQUE (task_id, step),
    CONSTRAINT email_outbox_key UNIQUE (outbox_key),
    CONSTRAINT email_outbox_status_check CHECK (status IN ('SENDING', 'RETRY', 'SENT', 'FAILED', 'UNKNOWN')),
    CONSTRAINT email_outbox_sent_has_time CHECK (status <> 'SENT' OR sent_at IS NOT NULL)
);
CREATE INDEX email_outbox_sent_idx ON email_outbox (sent_at) WHERE status = 'SENT';

-- per UTC day: checkouts started, abandoned (expired), abandonment rate, retention emails sent, abandoned checkouts
-- recovered (completed after a retention email was sent for them) and the recovery rate
CREATE VIEW retention_daily AS
WITH checkouts AS (
    SELECT (d.created_at AT TIME ZONE 'UTC')::date AS day,
           count(*) AS started,
           count(*) FILTER (WHERE d.expired_at IS NOT NULL) AS abandoned,
           count(*) FILTER (WHERE d.expired_at IS NOT NULL AND d.completed_at IS NOT NULL AND EXISTS (
               SELECT 1 FROM retention_tasks t JOIN email_outbox o ON o.task_id = t.id
               WHERE t.kind = 'abandoned_checkout' AND t.subject = d.id AND o.status = 'SENT'
                 AND o.sent_at <= d.completed_at)) AS recovered
    FROM draft_orders d
    GROUP BY 1
), emails AS (
    SELECT (sent_at AT TIME ZONE 'UTC')::date AS day, count(*) AS sent
    FROM email_outbox WHERE status = 'SENT'
    GROUP BY 1
)
SELECT coalesce(c.day, e.day) AS day,
       coalesce(c.started, 0) AS checkouts_started,
       coalesce(c.abandoned, 0) AS checkouts_abandoned,
       CASE WHEN coalesce(c.started, 0) = 0 THEN NULL
            ELSE round(c.abandoned::numeric / c.started, 4) END AS abandonment_rate,
       coalesce(e.sent, 0) AS emails_sent,
       coalesce(c.recovered, 0) AS checkouts_recovered,
       CASE WHEN coalesce(c.abandoned, 0) = 0 THEN NULL
            ELSE round(c.recovered::numeric / c.abandoned, 4) END AS recovery_rate
FROM checkouts c FULL OUTER JOIN emails e ON e.day = c.day;
