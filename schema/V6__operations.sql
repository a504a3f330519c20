-- Operating jobs: the append-only audit trail, the nodes (server and CLI processes) that run jobs, and which
-- node owns which Spring Batch execution, so that a node can tell a dead owner's executions from live ones.

-- Every operator action (job start, stop, restart, abandon, recovery; later schedule changes, report downloads,
-- erasures) appends one row: who, when, through which channel, what, on what, with which outcome.
-- Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE for every role, the owner included.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,                    -- UTC instant of the action
    actor       text        NOT NULL,                    -- operator name, "scheduler", or "system"
    channel     text        NOT NULL,
    action      text        NOT NULL,                    -- e.g. job.start, job.stop, job.restart, job.abandon, job.recover
    target      text        NOT NULL,                    -- e.g. a job name or an execution id
    parameters  jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- what the actor asked for, as given
    outcome     text        NOT NULL,
    detail      text,                                    -- plain-language result or reason
    CONSTRAINT audit_log_channel_check CHECK (channel IN ('cli', 'api', 'schedule', 'system')),
    CONSTRAINT audit_log_outcome_check CHECK (outcome IN ('ok', 'refused', 'error')),
    CONSTRAINT audit_log_action_check CHECK (action ~ '^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$'),
    CONSTRAINT audit_log_parameters_object CHECK (jsonb_typeof(parameters) = 'object')
);

CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, id);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'corrections are new rows; rows are never changed or removed';
END;
$$;

-- statement level, so that even a statement that matches no row is refused
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- One row per live process (server or CLI) that can run jobs. The row is inserted at start-up, its heartbeat
-- is refreshed every few seconds (database time, the one clock all nodes share), and it is deleted on a clean
-- shutdown. A row whose heartbeat is older than the configured dead-after duration belongs to a dead process.
CREATE TABLE batch_nodes (
    node_id      text        PRIMARY KEY,               -- random UUID, new for every process
    kind         text        NOT NULL,
    host         text        NOT NULL,
    pid          bigint      NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT batch_nodes_kind_check CHECK (kind IN ('server', 'cli'))
);

-- Which node started (and therefore runs) a job execution. node_id has no foreign key on purpose: node rows
-- go away with their process, ownership stays as history. A running execution whose owner has no live node
-- row is recovered (marked FAILED, restartable) by the first node that claims it here.
CREATE TABLE batch_execution_owners (
    job_execution_id  bigint      PRIMARY KEY
        REFERENCES batch_job_execution (job_execution_id) ON DELETE CASCADE,
    node_id           text        NOT NULL,
    host              text        NOT NULL,
    pid               bigint      NOT NULL,
    owned_at          timestamptz NOT NULL DEFAULT now(),
    recovered_by_node text,                              -- the node that recovered it after the owner died
    recovered_at      timestamptz,
    CONSTRAINT batch_execution_owners_recovery_check
        CHECK ((recovered_by_node IS NULL) = (recovered_at IS NULL))
);

CREATE INDEX batch_execution_owners_node_idx ON batch_execution_owners (node_id) WHERE recovered_at IS NULL;

-- Spring Batch's own script creates no index on these foreign keys; execution history (lists filtered by job and
-- status, the triggered.by / triggered.channel parameters of each listed execution, steps of an execution) reads
-- through them.
CREATE INDEX batch_job_execution_instance_idx ON batch_job_execution (job_instance_id);
CREATE INDEX batch_job_execution_params_execution_idx ON batch_job_execution_params (job_execution_id);
CREATE INDEX batch_step_execution_execution_idx ON batch_step_execution (job_execution_id);
