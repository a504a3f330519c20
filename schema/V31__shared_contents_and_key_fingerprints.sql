-- State every node sees: files that were kept under each node's TREASURY_HOME (report files, analytics event
-- archives, execution-history archives) live in the database, and each shared key leaves a fingerprint so that a
-- node configured with another key refuses to start.

-- Contents addressed by their SHA-256: one row per distinct content, its bytes in chunks of at most 512 KiB
-- (bytea, TOASTed and compressed by PostgreSQL), written and read chunk by chunk so no file is ever whole in
-- memory. A content is written in one transaction: its chunks under a fresh upload id, then its row; the same
-- bytes written twice keep the first upload (ON CONFLICT on sha256) and drop the second's chunks. The reports,
-- analytics_event_archives and batch_execution_archive rows name their content by sha256.
CREATE SEQUENCE stored_content_upload_seq;

CREATE TABLE stored_contents (
    sha256      text        PRIMARY KEY,   -- lower-case hex SHA-256 of the whole content
    size_bytes  bigint      NOT NULL,
    chunks      integer     NOT NULL,      -- chunks 0 .. chunks - 1 of upload_id
    upload_id   bigint      NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    CONSTRAINT stored_contents_sha256_format CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT stored_contents_size_check CHECK (size_bytes >= 0 AND chunks >= 0)
);

CREATE TABLE stored_content_chunks (
    upload_id  bigint  NOT NULL,
    seq        integer NOT NULL,
    data       bytea   NOT NULL,
    PRIMARY KEY (upload_id, seq),
    CONSTRAINT stored_content_chunks_size_check CHECK (octet_length(data) BETWEEN 1 AND 524288)
);

-- One row per shared key (report link key, unsubscribe key, Passport signing secret): HMAC-SHA256 of a fixed label
-- under the key, never the key. The first node records it; a node whose key gives another fingerprint does not start.
CREATE TABLE shared_key_fingerprints (
    name         text        PRIMARY KEY,   -- e.g. report-link-key
    fingerprint  text        NOT NULL,      -- lower-case hex
    recorded_at  timestamptz NOT NULL,
    CONSTRAINT shared_key_fingerprints_format CHECK (fingerprint ~ '^[0-9a-f]{64}$')
);
