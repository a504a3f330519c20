-- Reports for finance (job report-generation, jobs/reports): the files made and where they are, the shareable
-- links to them, payees' tax and invoicing data, EU VAT rates, and VAT invoices with their gapless numbers.
--
-- What the database itself refuses, whatever the client code does:
--   * two files of one report (type, period, format) with the same name: a restart never records a file twice;
--   * two invoices with one number in a series, or two invoices of one payee for one month and currency;
--   * an invoice number that is not the series counter's next one (the counter row is updated in the issuing
--     transaction, so a rolled-back issuance rolls the number back: no gaps, never a database SEQUENCE);
--   * a VAT rate without a valid-from date, or two rates of one country from the same day.
--
-- Personal data: payee_tax_profiles is the only table here that holds any (names, addresses, TINs, VAT ids). The
-- ledger, orders and payouts keep only opaque acct_... ids; reports read names from this table when they render.

-- one row per file written to report storage (TREASURY_HOME/reports by default)
CREATE TABLE reports (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type             text        NOT NULL,   -- ledger-export, payouts, payee-statement, 1099-k, 1099-nec, vat-invoices, event-report
    period           text        NOT NULL,   -- 2026-10 (a month) or 2026 (a tax year)
    format           text        NOT NULL,   -- csv, jsonl, pdf
    name             text        NOT NULL,   -- the file name, unique within the report
    path             text        NOT NULL,   -- relative to report storage
    size_bytes       bigint,                 -- null until the file is complete
    sha256           text,                   -- lower-case hex, null until the file is complete
    content_type     text        NOT NULL,
    job_execution_id bigint      NOT NULL,   -- the Spring Batch execution that wrote it
    created_at       timestamptz NOT NULL,
    CONSTRAINT reports_file_key UNIQUE (type, period, format, name),
    CONSTRAINT reports_type_check CHECK (type IN ('ledger-export', 'payouts', 'payee-statement', '1099-k', '1099-nec',
        'vat-invoices', 'event-report')),
    CONSTRAINT reports_period_format CHECK (period ~ '^[0-9]{4}(-[0-9]{2})?$'),
    CONSTRAINT reports_format_check CHECK (format IN ('csv', 'jsonl', 'pdf')),
    CONSTRAINT reports_name_format CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$'),
    CONSTRAINT reports_size_check CHECK (size_bytes >= 0),
    CONSTRAINT reports_sha256_format CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT reports_complete_check CHECK ((size_bytes IS NULL) = (sha256 IS NULL))
);

CREATE INDEX reports_type_period_idx ON reports (type, period, id);

-- shareable links: a signed URL (HMAC over link id and expiry) opens the file without login until it expires
-- or is revoked here
CREATE TABLE report_links (
    id          text        PRIMARY KEY,     -- random for links made on request; derived from the report for QR codes
    report_id   bigint      NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,        -- the actor's name (the audit trail has the channel)
    revoked_at  timestamptz,
    revoked_by  text,
    CONSTRAINT report_links_report_fkey FOREIGN KEY (report_id) REFERENCES reports (id),
    CONSTRAINT report_links_id_format CHECK (id ~ '^[A-Za-z0-9_-]{16,64}$'),
    CONSTRAINT report_links_revoked_check CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

CREATE INDEX report_links_report_idx ON report_links (report_id);

-- payees' tax and invoicing data, keyed by their Stripe connected account; personal data: only here
CREATE TABLE payee_tax_profiles (
    account_id    text        PRIMARY KEY,   -- acct_...
    legal_name    text        NOT NULL,
    address_line1 text        NOT NULL,
    address_line2 text,
    city          text        NOT NULL,
    postal_code   text,
    country       char(2)     NOT NULL,      -- ISO 3166-1 alpha-2, upper case (GR for Greece, as VAT ids write EL)
    tin           text,                      -- US taxpayer identification number (SSN/EIN), digits only
    vat_id        text,                      -- EU VAT identification number with its prefix, e.g. DE123456789
    business      boolean     NOT NULL,      -- true: a taxable person (business); false: a consumer
    updated_at    timestamptz NOT NULL,
    updated_by    text        NOT NULL,
    CONSTRAINT payee_tax_profiles_id_format CHECK (account_id ~ '^acct_[A-Za-z0-9]+$'),
    CONSTRAINT payee_tax_profiles_country_format CHECK (country ~ '^[A-Z]{2}$'),
    CONSTRAINT payee_tax_profiles_tin_format CHECK (tin ~ '^[0-9]{9}$'),
    CONSTRAINT payee_tax_profiles_vat_id_format CHECK (vat_id ~ '^[A-Z]{2}[A-Za-z0-9+*]{2,13}$')
);

-- standard VAT rates per EU member state, in basis points, from a date (a change is a new row)
CREATE TABLE vat_rates (
    country    char(2) NOT NULL,   -- ISO 3166-1 alpha-2
    valid_from date    NOT NULL,
    rate_bps   integer NOT NULL,   -- 1900 = 19 %
    CONSTRAINT vat_rates_pkey PRIMARY KEY (country, valid_from),
    CONSTRAINT vat_rates_rate_range CHECK (rate_bps BETWEEN 0 AND 10000)
);

-- standard rates (European Commission, "VAT rates applied in the Member States", 2025 edition), with the
-- changes of 2025: Estonia 24 % from 2025-07-01, Slovakia 23 % from 2025-01-01, Finland 25.5 % from 2024-09-01,
-- Romania 21 % from 2025-08-01
INSERT INTO vat_rates (country, valid_from, rate_bps) VALUES
    ('AT', '2016-01-01', 2000), ('BE', '1996-01-01', 2100), ('BG', '1999-01-01', 2000), ('CY', '2014-01-13', 1900),
    ('CZ', '2013-01-01', 2100), ('DE', '2021-01-01', 1900), ('DK', '1992-01-01', 2500), ('EE', '2024-01-01', 2200),
    ('EE', '2025-07-01', 2400), ('GR', '2016-06-01', 2400), ('ES', '2012-09-01', 2100), ('FI', '2013-01-01', 2400),
    ('FI', '2024-09-01', 2550), ('FR', '2014-01-01', 2000), ('HR', '2013-01-01', 2500), ('HU', '2012-01-01', 2700),
    ('IE', '2021-03-01', 2300), ('IT', '2013-10-01', 2200), ('LT', '2009-09-01', 2100), ('LU', '2024-01-01', 1700),
    ('LV', '2009-01-01', 2100), ('MT', '1995-01-01', 1800), ('NL', '2012-10-01', 2100), ('PL', '2011-01-01', 2300),
    ('PT', '2011-01-01', 2300), ('RO', '2017-01-01', 1900), ('RO', '2025-08-01', 2100), ('SE', '1990-07-01', 2500),
    ('SI', '2016-01-01', 2200), ('SK', '2011-01-01', 2000), ('SK', '2025-01-01', 2300);

-- the next number of each invoice series; updated in the transaction that issues an invoice (row lock: issuers
-- of one series queue, and a rollback gives the number back)
CREATE TABLE invoice_counters (
    series      text   PRIMARY KEY,   -- e.g. TB2026: one series per calendar year of issue
    next_number bigint NOT NULL,
    CONSTRAINT invoice_counters_series_format CHECK (series ~ '^[A-Z0-9-]{1,20}$'),
    CONSTRAINT invoice_counters_next_positive CHECK (next_number >= 1)
);

-- VAT invoices for the platform's fees (Article 226 of Council Directive 2006/112/EC); the customer's data are
-- read from payee_tax_profiles when the PDF is rendered, the amounts and numbers are kept here
CREATE TABLE vat_invoices (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series           text    NOT NULL,
    number           bigint  NOT NULL,
    payee_account    text    NOT NULL,   -- acct_...
    period           text    NOT NULL,   -- the month of supply, 2026-10
    issue_date       date    NOT NULL,
    currency         char(3) NOT NULL,
    taxable_cents    bigint  NOT NULL,   -- the platform fees of the month, minor units
    rate_bps         integer NOT NULL,   -- 0 under the reverse charge
    vat_cents        bigint  NOT NULL,
    reverse_charge   boolean NOT NULL,   -- Article 196: the customer accounts for the VAT
    CONSTRAINT vat_invoices_number_key UNIQUE (series, number),
    CONSTRAINT vat_invoices_payee_period_key UNIQUE (payee_account, period, currency),
    CONSTRAINT vat_invoices_series_fkey FOREIGN KEY (series) REFERENCES invoice_counters (series),
    CONSTRAINT vat_invoices_number_positive CHECK (number >= 1),
    CONSTRAINT vat_invoices_amounts_check CHECK (taxable_cents >= 0 AND vat_cents >= 0),
    CONSTRAINT vat_invoices_reverse_charge_check CHECK (NOT reverse_charge OR (rate_bps = 0 AND vat_cents = 0))
);

-- at insert: the number is the one the counter just handed out in this transaction
CREATE FUNCTION vat_invoice_check_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counter_next bigint;
BEGIN
    SELECT next_number INTO counter_next FROM invoice_counters WHERE series = NEW.series FOR UPDATE;
    IF counter_next IS NULL OR NEW.number <> counter_next - 1 THEN
        RAISE EXCEPTION 'invoice % of series % is not the counter''s last issued number (next is %): numbers are '
            'issued by incrementing invoice_counters in the same transaction', NEW.number, NEW.series, counter_next
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER vat_invoices_gapless BEFORE INSERT ON vat_invoices
    FOR EACH ROW EXECUTE FUNCTION vat_invoice_check_number();

CREATE FUNCTION vat_invoice_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on vat_invoices refused: an issued invoice is corrected by a credit note, never changed',
        TG_OP USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER vat_invoices_append_only BEFORE UPDATE OR DELETE ON vat_invoices
    FOR EACH ROW EXECUTE FUNCTION vat_invoice_refuse_change();
