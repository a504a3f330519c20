-- Fee invoices that say what the ledger says (jobs/reports, vat-invoices): the VAT contained in the platform's
-- fees is booked from platform:fee_revenue into platform:vat_payable when an invoice is issued, and given back
-- by a credit note (Article 219 of Directive 2006/112/EC) when a refund gives fees back. Credit notes have their
-- own gapless series (the invoice_counters mechanism of V17). Invoices and credit notes whose currency is not the
-- currency of the member state where the VAT is due also state the VAT in that currency, with the rate used and
-- its source (Article 230), from reference_exchange_rates.
--
-- What the database itself refuses, whatever the client code does:
--   * a credit note number that is not its series counter's next one (as for invoices);
--   * an invoice or credit note dated before the last one of its series (Article 226 (1), (2): numbers follow
--     the order of issue, and the issue date is the day of issue, never backdated);
--   * two credit notes of one payee for one month correcting one invoice;
--   * changing or deleting an issued credit note;
--   * two reference rates of one currency, day and source.

INSERT INTO ledger_accounts (code, type) VALUES
    ('platform:vat_payable', 'LIABILITY')   -- VAT contained in the platform's fees, owed to tax authorities
ON CONFLICT (code) DO NOTHING;

-- the VAT of an invoice in the currency of the member state where it is due (Article 230), when that differs
-- from the invoice's currency; all null otherwise
-- the configured fee is VAT-inclusive: taxable + VAT + rounding (BT-114 of EN 16931, at most one minor unit
-- either way, kept in fee revenue) = the fees deducted
ALTER TABLE vat_invoices
    ADD COLUMN rounding_cents  bigint NOT NULL DEFAULT 0,
    ADD COLUMN state_currency  char(3),   -- e.g. pln for an invoice in eur to a consumer in Poland
    ADD COLUMN state_vat_cents bigint,    -- the VAT in state_currency, minor units
    ADD COLUMN fx_rate         numeric,   -- state_currency units per invoice currency unit
    ADD COLUMN fx_source       text,      -- where the rate comes from, e.g. ECB euro foreign exchange reference rates
    ADD COLUMN fx_date         date,      -- the day the rate was published for
    ADD CONSTRAINT vat_invoices_state_vat_check CHECK ((state_currency IS NULL) = (state_vat_cents IS NULL)
        AND (state_currency IS NULL) = (fx_rate IS NULL) AND (state_currency IS NULL) = (fx_source IS NULL)
        AND (state_currency IS NULL) = (fx_date IS NULL)),
    ADD CONSTRAINT vat_invoices_rounding_range CHECK (rounding_cents BETWEEN -1 AND 1);

-- credit notes for platform fees given back by refunds, one per payee, month of the refunds, currency and
-- corrected invoice; amounts are positive and reduce the corrected invoice's
CREATE TABLE vat_credit_notes (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series           text    NOT NULL,   -- e.g. TBCN2026
    number           bigint  NOT NULL,
    invoice_id       bigint  NOT NULL,   -- the invoice it corrects (Article 219: refers to it specifically)
    payee_account    text    NOT NULL,   -- acct_...
    period           text    NOT NULL,   -- the month of the refunds, 2026-10
    issue_date       date    NOT NULL,
    currency         char(3) NOT NULL,
    taxable_cents    bigint  NOT NULL,   -- the reduction of the taxable amount
    rate_bps         integer NOT NULL,   -- the corrected invoice's rate
    vat_cents        bigint  NOT NULL,   -- the VAT given back
    rounding_cents   bigint  NOT NULL,   -- BT-114: the increment of the cumulative rounding, -2 to 2
    reverse_charge   boolean NOT NULL,
    state_currency   char(3),
    state_vat_cents  bigint,
    fx_rate          numeric,
    fx_source        text,
    fx_date          date,
    CONSTRAINT vat_credit_notes_number_key UNIQUE (series, number),
    CONSTRAINT vat_credit_notes_correction_key UNIQUE (invoice_id, period),
    CONSTRAINT vat_credit_notes_series_fkey FOREIGN KEY (series) REFERENCES invoice_counters (series),
    CONSTRAINT vat_credit_notes_invoice_fkey FOREIGN KEY (invoice_id) REFERENCES vat_invoices (id),
    CONSTRAINT vat_credit_notes_number_positive CHECK (number >= 1),
    CONSTRAINT vat_credit_notes_amounts_check CHECK (taxable_cents >= 0 AND vat_cents >= 0),
    CONSTRAINT vat_credit_notes_rounding_range CHECK (rounding_cents BETWEEN -2 AND 2),
    CONSTRAINT vat_credit_notes_reverse_charge_check CHECK (NOT reverse_charge OR (rate_bps = 0 AND vat_cents = 0)),
    CONSTRAINT vat_credit_notes_state_vat_check CHECK ((state_currency IS NULL) = (state_vat_cents IS NULL)
        AND (state_currency IS NULL) = (fx_rate IS NULL) AND (state_currency IS NULL) = (fx_source IS NULL)
        AND (state_currency IS NULL) = (fx_date IS NULL))
);

-- gapless numbers: the same check as invoices (the function reads only NEW.series and NEW.number)
CREATE TRIGGER vat_credit_notes_gapless BEFORE INSERT ON vat_credit_notes
    FOR EACH ROW EXECUTE FUNCTION vat_invoice_check_number();

CREATE TRIGGER vat_credit_notes_append_only BEFORE UPDATE OR DELETE ON vat_credit_notes
    FOR EACH ROW EXECUTE FUNCTION vat_invoice_refuse_change();

-- at insert: not dated before the series' last document (numbers follow the order of issue)
CREATE FUNCTION vat_document_check_issue_date() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_issued date;
BEGIN
    EXECUTE format('SELECT max(issue_date) FROM %I WHERE series = $1', TG_TABLE_NAME) INTO last_issued
        USING NEW.series;
    IF last_issued IS NOT NULL AND NEW.issue_date < last_issued THEN
        RAISE EXCEPTION '% % of series % is dated %, before the series'' last document (%): documents are dated the '
            'day they are issued, in the order of their numbers', TG_TABLE_NAME, NEW.number, NEW.series,
            NEW.issue_date, last_issued USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER vat_invoices_issue_order BEFORE INSERT ON vat_invoices
    FOR EACH ROW EXECUTE FUNCTION vat_document_check_issue_date();

CREATE TRIGGER vat_credit_notes_issue_order BEFORE INSERT ON vat_credit_notes
    FOR EACH ROW EXECUTE FUNCTION vat_document_check_issue_date();

-- the currency of each member state, from a date (Bulgaria adopted the euro on 2026-01-01); lower-case ISO 4217
-- like the ledger
CREATE TABLE vat_state_currencies (
    country    char(2) NOT NULL,
    valid_from date    NOT NULL,
    currency   char(3) NOT NULL,
    CONSTRAINT vat_state_currencies_pkey PRIMARY KEY (country, valid_from),
    CONSTRAINT vat_state_currencies_currency_format CHECK (currency ~ '^[a-z]{3}$')
);

INSERT INTO vat_state_currencies (country, valid_from, currency) VALUES
    ('AT', '1999-01-01', 'eur'), ('BE', '1999-01-01', 'eur'), ('BG', '1999-01-01', 'bgn'), ('BG', '2026-01-01', 'eur'),
    ('CY', '2008-01-01', 'eur'), ('CZ', '1993-01-01', 'czk'), ('DE', '1999-01-01', 'eur'), ('DK', '1990-01-01', 'dkk'),
    ('EE', '2011-01-01', 'eur'), ('GR', '2001-01-01', 'eur'), ('ES', '1999-01-01', 'eur'), ('FI', '1999-01-01', 'eur'),
    ('FR', '1999-01-01', 'eur'), ('HR', '2023-01-01', 'eur'), ('HU', '1990-01-01', 'huf'), ('IE', '1999-01-01', 'eur'),
    ('IT', '1999-01-01', 'eur'), ('LT', '2015-01-01', 'eur'), ('LU', '1999-01-01', 'eur'), ('LV', '2014-01-01', 'eur'),
    ('MT', '2008-01-01', 'eur'), ('NL', '1999-01-01', 'eur'), ('PL', '1995-01-01', 'pln'), ('PT', '1999-01-01', 'eur'),
    ('RO', '2005-07-01', 'ron'), ('SE', '1990-01-01', 'sek'), ('SI', '2007-01-01', 'eur'), ('SK', '2009-01-01', 'eur');

-- reference exchange rates loaded by finance (no network call ever fetches them): units of currency per one euro,
-- as the ECB publishes its euro foreign exchange reference rates each TARGET working day; a cross rate between
-- two non-euro currencies goes through the euro. Article 91 (2): the latest rate published on or before the
-- chargeable event (the last day of the month of supply)
CREATE TABLE reference_exchange_rates (
    day       date    NOT NULL,   -- the day the rate was published for
    currency  char(3) NOT NULL,   -- lower-case ISO 4217, never eur
    per_euro  numeric NOT NULL,   -- units of currency for 1 EUR, e.g. 4.2605 for pln
    source    text    NOT NULL,   -- e.g. 'ECB euro foreign exchange reference rates'
    CONSTRAINT reference_exchange_rates_pkey PRIMARY KEY (currency, day, source),
    CONSTRAINT reference_exchange_rates_currency_format CHECK (currency ~ '^[a-z]{3}$' AND currency <> 'eur'),
    CONSTRAINT reference_exchange_rates_positive CHECK (per_euro > 0)
);

-- 1099 filer data laid out for the IRS IRIS Taxpayer Portal's CSV upload (jobs/reports README)
ALTER TABLE reports DROP CONSTRAINT reports_format_check;
ALTER TABLE reports ADD CONSTRAINT reports_format_check CHECK (format IN ('csv', 'jsonl', 'pdf', 'iris-csv'));
