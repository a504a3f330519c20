-- An anomaly is flagged once per business date, rule, subject AND currency: a payee whose USD and EUR days both
-- run far above their medians has two anomalies, not one (before, the second currency's was dropped by the
-- ON CONFLICT of the first). Every rule's figures already name their currency; existing rows take it from there.
ALTER TABLE anomalies ADD COLUMN currency text;
UPDATE anomalies SET currency = figures ->> 'currency';
ALTER TABLE anomalies ALTER COLUMN currency SET NOT NULL;
ALTER TABLE anomalies ADD CONSTRAINT anomalies_currency_format CHECK (currency ~ '^[a-z]{3}$');
ALTER TABLE anomalies DROP CONSTRAINT anomalies_once;
ALTER TABLE anomalies ADD CONSTRAINT anomalies_once UNIQUE (business_date, rule, subject, currency);
