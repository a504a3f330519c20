-- Daily balance snapshots of the ledger, and manual journals proposed for a second person's approval.
--
-- A snapshot of day D holds, per account and currency, the sums of every posting of every journal with
-- effective_at before D + 1 at 00:00 UTC that its transaction saw; xact_snapshot says which transactions those
-- were, so a journal committed later with an earlier effective_at (a late webhook, a settlement) is found and added
-- by the readers (journals.created_xact not visible in it). Made and verified by the ledger-snapshots job
-- (LedgerSnapshots in shared/.../ledger).

CREATE TABLE ledger_snapshot_days (
    day            date        PRIMARY KEY,          -- UTC day; balances at its end
    made_at        timestamptz NOT NULL DEFAULT now(),
    xact_snapshot  pg_snapshot NOT NULL              -- the making transaction's snapshot
);

CREATE TABLE ledger_balance_snapshots (
    day            date        NOT NULL,
    account_id     bigint      NOT NULL,
    currency       char(3)     NOT NULL,
    debits         bigint      NOT NULL,             -- minor units, sums of D postings
    credits        bigint      NOT NULL,             -- sums of C postings
    sale_credits   bigint      NOT NULL,             -- C postings of sale and settlement_conversion journals
    refund_debits  bigint      NOT NULL,             -- D postings of refund, dispute_reserve, dispute_loss journals
    first_sale_at  timestamptz,                      -- earliest effective_at of a sale credit
    CONSTRAINT ledger_balance_snapshots_pkey PRIMARY KEY (day, account_id, currency),
    CONSTRAINT ledger_balance_snapshots_day_fkey FOREIGN KEY (day) REFERENCES ledger_snapshot_days (day),
    CONSTRAINT ledger_balance_snapshots_account_fkey FOREIGN KEY (account_id) REFERENCES ledger_accounts (id)
);

-- postings after a snapshot are found through their journals' effective time (postings have none of their own)
CREATE INDEX journals_effective_at_idx ON journals (effective_at);
-- journals committed after a snapshot was made (xid8 has a btree operator class)
CREATE INDEX journals_created_xact_idx ON journals (created_xact);
-- a payee's reserve: the few dispute_reserve journals, without reading every posting of the payee
CREATE INDEX journals_dispute_reserve_idx ON journals (id) WHERE kind = 'dispute_reserve';
-- a payee's entries in effective order
CREATE INDEX postings_account_journal_idx ON postings (account_id, currency, journal_id);

-- manual journals: proposed by one user, approved (posted as kind manual, source manual:<id>) or rejected by another
CREATE TABLE journal_proposals (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status              text        NOT NULL DEFAULT 'PROPOSED',
    description         text        NOT NULL,
    reason              text        NOT NULL,
    reverses_journal_id bigint,                          -- set on a proposed reversal
    suspense_sale       text,                            -- the sale (its journal's source) whose suspense it moves
    proposed_by         text        NOT NULL,
    proposed_at         timestamptz NOT NULL,
    decided_by          text,
    decided_at          timestamptz,
    decision_note       text,
    journal_id          bigint,                          -- the posted journal, once APPROVED
    CONSTRAINT journal_proposals_status_check CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED')),
    CONSTRAINT journal_proposals_reason_check CHECK (length(btrim(reason)) > 0),
    CONSTRAINT journal_proposals_decided_check CHECK ((status = 'PROPOSED') = (decided_by IS NULL)),
    CONSTRAINT journal_proposals_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
    CONSTRAINT journal_proposals_posted_check CHECK ((status = 'APPROVED') = (journal_id IS NOT NULL)),
    CONSTRAINT journal_proposals_journal_fkey FOREIGN KEY (journal_id) REFERENCES journals (id),
    CONSTRAINT journal_proposals_reverses_fkey FOREIGN KEY (reverses_journal_id) REFERENCES journals (id)
);

CREATE TABLE journal_proposal_lines (
    proposal_id  bigint  NOT NULL REFERENCES journal_proposals (id),
    line_no      int     NOT NULL,
    account_code text    NOT NULL,
    side         char(1) NOT NULL,
    amount       bigint  NOT NULL,
    currency     char(3) NOT NULL,
    CONSTRAINT journal_proposal_lines_pkey PRIMARY KEY (proposal_id, line_no),
    CONSTRAINT journal_proposal_lines_side_check CHECK (side IN ('D', 'C')),
    CONSTRAINT journal_proposal_lines_amount_check CHECK (amount > 0),
    CONSTRAINT journal_proposal_lines_currency_check CHECK (currency ~ '^[a-z]{3}$')
);
