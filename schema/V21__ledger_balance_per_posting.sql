-- Every posting queues the balance check of its journal.
--
-- Until now the only balance check was the deferred constraint trigger journals_balance on journals: a client that
-- ran SET CONSTRAINTS journals_balance IMMEDIATE (or ALL IMMEDIATE) after inserting a journal and its first
-- postings had the check run there and then, and postings inserted later in the same transaction were never
-- checked (D 100 / C 5100 could commit). Now each posting insert queues a check of its journal too, as a
-- deferrable constraint trigger of its own: SET CONSTRAINTS ... IMMEDIATE only makes a check run earlier (at the
-- end of each statement), it can no longer skip one, and the last posting added to a journal is always followed
-- by a check of the journal as it then is (journals and postings are append-only, V4, so nothing changes after).
--
-- Which role may do what (the application may only INSERT and SELECT the ledger) is in afterMigrate__application_role_grants.sql.

-- the balance rules of a journal, in one pass over its postings: at least two, debits = credits in every currency
CREATE FUNCTION ledger_assert_balanced(checked_journal_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    journal       journals%ROWTYPE;
    posting_count bigint;
    unbalanced    text;
BEGIN
    SELECT coalesce(sum(per_currency.postings), 0),
           string_agg(format('%s debits %s credits %s', currency, debits, credits), ', ' ORDER BY currency)
               FILTER (WHERE debits <> credits)
      INTO posting_count, unbalanced
      FROM (SELECT currency, count(*) AS postings,
                   coalesce(sum(amount) FILTER (WHERE side = 'D'), 0) AS debits,
                   coalesce(sum(amount) FILTER (WHERE side = 'C'), 0) AS credits
              FROM postings WHERE journal_id = checked_journal_id GROUP BY currency) per_currency;
    IF posting_count < 2 OR unbalanced IS NOT NULL THEN
        SELECT * INTO journal FROM journals WHERE id = checked_journal_id;
        IF posting_count < 2 THEN
            RAISE EXCEPTION 'journal % (% %) has % posting(s), a journal needs at least two',
                checked_journal_id, journal.kind, journal.source_id, posting_count
                USING ERRCODE = 'check_violation';
        END IF;
        RAISE EXCEPTION 'journal % (% %) does not balance: %', checked_journal_id, journal.kind, journal.source_id,
            unbalanced
            USING ERRCODE = 'check_violation';
    END IF;
END
$$;

-- journals_balance (V4) keeps its name and timing. A journal with postings is checked by its postings' own checks
-- (below), the last of which runs after the last posting was added; this one only still refuses a journal without any.
CREATE OR REPLACE FUNCTION ledger_check_journal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM postings WHERE journal_id = NEW.id) THEN
        PERFORM ledger_assert_balanced(NEW.id); -- raises: no posting
    END IF;
    RETURN NULL;
END
$$;

-- one check per posting: a cheap test first, the full one (which says what is wrong) only when it fails
CREATE FUNCTION ledger_check_posted_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    balanced boolean;
BEGIN
    SELECT sum(postings) >= 2 AND bool_and(net = 0) INTO balanced
      FROM (SELECT count(*) AS postings, sum(CASE WHEN side = 'D' THEN amount ELSE -amount END) AS net
              FROM postings WHERE journal_id = NEW.journal_id GROUP BY currency) per_currency;
    IF balanced IS NOT TRUE THEN
        PERFORM ledger_assert_balanced(NEW.journal_id); -- raises, naming the journal and the difference
    END IF;
    RETURN NULL;
END
$$;

-- deferred like journals_balance, so a journal and its postings may still be inserted in any number of statements
CREATE CONSTRAINT TRIGGER postings_balance AFTER INSERT ON postings
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_posted_journal();
