-- The operations console: its actions are audited with channel "console", and its lists filter and page on
-- indexes (keyset: "before id", newest first), so that a page stays fast with millions of rows.

ALTER TABLE audit_log DROP CONSTRAINT audit_log_channel_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_channel_check
    CHECK (channel IN ('cli', 'api', 'schedule', 'system', 'console'));

-- audit trail filtered by actor or by date, newest first
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at, id);

-- executions filtered by status, newest first; "failed in the last 24 hours", "running now"
CREATE INDEX batch_job_execution_status_idx ON batch_job_execution (status, job_execution_id);
-- executions filtered by creation date (the console's date range), newest first
CREATE INDEX batch_job_execution_created_idx ON batch_job_execution (create_time, job_execution_id);
-- executions filtered by who triggered them and through which channel (non-identifying parameters
-- triggered.by and triggered.channel)
CREATE INDEX batch_job_execution_params_value_idx
    ON batch_job_execution_params (parameter_name, parameter_value, job_execution_id);
