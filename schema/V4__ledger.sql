-- Double-entry ledger: accounts, journals, postings. Amounts are integer minor units (cents) in bigint,
-- currencies are lowercase ISO 4217 codes as Stripe writes them (usd, eur, jpy).
--
-- What the database itself refuses, whatever the client code does:
--   * a journal with fewer than two postings, or whose debits and credits differ in any currency
--     (constraint trigger, deferred to commit so a journal and its postings can be inserted in any order);
--   * a posting added to a journal committed by an earlier transaction (a committed journal is closed);
--   * UPDATE, DELETE and TRUNCATE of accounts, journals and postings (corrections are reversal journals);
--   * the same (source_id, kind) twice: applying one business event twice is a no-op.

-- chart of accounts; ids are internal, codes are what code and people use
CREATE TABLE ledger_accounts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text        NOT NULL,   -- platform:cash, platform:fee_revenue, payable:acct_1IuHosQveW0ONQsd, ...
    type        text        NOT NULL,   -- ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ledger_accounts_code_key UNIQUE (code),
    CONSTRAINT ledger_accounts_code_format CHECK (code ~ '^[a-z_]+:[A-Za-z0-9_]+$'),
    CONSTRAINT ledger_accounts_type_check CHECK (type IN ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE'))
);

-- the platform's own accounts; payee accounts (payable:<acct_id>) are created on first use
INSERT INTO ledger_accounts (code, type) VALUES
    ('platform:cash', 'ASSET'),                 -- the platform's balance at Stripe
    ('platform:fee_revenue', 'REVENUE'),        -- the platform's commission on sales
    ('platform:stripe_fees', 'EXPENSE'),        -- what Stripe charges the platform
    ('platform:suspense', 'LIABILITY'),         -- money received that nobody can be paid from yet
    ('platform:dispute_reserve', 'LIABILITY');  -- money held back against open disputes

CREATE TABLE journals (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                text        NOT NULL,   -- sale, reversal, payout, refund, ...
    source_id           text        NOT NULL,   -- what caused it: a checkout session, a payout, a journal, ...
    description         text        NOT NULL,   -- no personal data: ids and amounts only
    effective_at        timestamptz NOT NULL,   -- when it happened in the world (UTC)
    created_at          timestamptz NOT NULL DEFAULT now(),
    reverses_journal_id bigint,                 -- set on a reversal: the journal it mirrors
    created_xact        xid8        NOT NULL DEFAULT pg_current_xact_id(), -- the transaction that opened it
    CONSTRAINT journals_source_kind_key UNIQUE (source_id, kind),
    CONSTRAINT journals_reverses_key UNIQUE (reverses_journal_id),
    CONSTRAINT journals_reverses_fkey FOREIGN KEY (reverses_journal_id) REFERENCES journals (id),
    CONSTRAINT journals_kind_format CHECK (kind ~ '^[a-z_]+$'),
    CONSTRAINT journals_source_id_length CHECK (length(source_id) BETWEEN 1 AND 255),
    CONSTRAINT journals_not_own_reversal CHECK (reverses_journal_id <> id)
);

CREATE TABLE postings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    journal_id  bigint  NOT NULL,
    account_id  bigint  NOT NULL,
    side        char(1) NOT NULL,   -- D debit, C credit
    amount      bigint  NOT NULL,   -- minor units, always positive: the side says which way
    currency    char(3) NOT NULL,   -- lowercase ISO 4217, as Stripe writes it
    CONSTRAINT postings_journal_fkey FOREIGN KEY (journal_id) REFERENCES journals (id),
    CONSTRAINT postings_account_fkey FOREIGN KEY (account_id) REFERENCES ledger_accounts (id),
    CONSTRAINT postings_side_check CHECK (side IN ('D', 'C')),
    CONSTRAINT postings_amount_positive CHECK (amount > 0),
    CONSTRAINT postings_currency_format CHECK (currency ~ '^[a-z]{3}$')
);

CREATE INDEX postings_journal_idx ON postings (journal_id);
CREATE INDEX postings_account_idx ON postings (account_id, currency);

-- a journal belongs to the transaction that inserted it, whatever the client sends
CREATE FUNCTION ledger_stamp_journal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_xact := pg_current_xact_id();
    RETURN NEW;
END
$$;

CREATE TRIGGER journals_stamp BEFORE INSERT ON journals
    FOR EACH ROW EXECUTE FUNCTION ledger_stamp_journal();

-- at commit: at least two postings, and debits = credits in every currency
CREATE FUNCTION ledger_check_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    posting_count bigint;
    unbalanced    text;
BEGIN
    SELECT count(*) INTO posting_count FROM postings WHERE journal_id = NEW.id;
    IF posting_count < 2 THEN
        RAISE EXCEPTION 'journal % (% %) has % posting(s), a journal needs at least two',
            NEW.id, NEW.kind, NEW.source_id, posting_count
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT string_agg(format('%s debits %s credits %s', currency, debits, credits), ', ' ORDER BY currency)
      INTO unbalanced
      FROM (SELECT currency,
                   coalesce(sum(amount) FILTER (WHERE side = 'D'), 0) AS debits,
                   coalesce(sum(amount) FILTER (WHERE side = 'C'), 0) AS credits
              FROM postings WHERE journal_id = NEW.id GROUP BY currency) per_currency
     WHERE debits <> credits;
    IF unbalanced IS NOT NULL THEN
        RAISE EXCEPTION 'journal % (% %) does not balance: %', NEW.id, NEW.kind, NEW.source_id, unbalanced
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER journals_balance AFTER INSERT ON journals
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_journal();

-- postings only join a journal opened by the same transaction: the commit-time check above saw them all
CREATE FUNCTION ledger_check_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM journals WHERE id = NEW.journal_id AND created_xact = pg_current_xact_id()) THEN
        RAISE EXCEPTION 'posting refused: journal % does not exist or was committed by an earlier transaction; '
            'a committed journal is closed, post a new journal instead', NEW.journal_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER postings_into_open_journal BEFORE INSERT ON postings
    FOR EACH ROW EXECUTE FUNCTION ledger_check_posting();

-- append-only
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % refused: the ledger is append-only, post a reversal journal instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER ledger_accounts_append_only BEFORE UPDATE OR DELETE ON ledger_accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journals_append_only BEFORE UPDATE OR DELETE ON journals
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journals_no_truncate BEFORE TRUNCATE ON journals
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
