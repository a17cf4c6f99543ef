-- Dialtone call records, schema version 1. Runs on H2 and PostgreSQL alike; ${id} is the type of an id column:
-- VARCHAR(255), on PostgreSQL with COLLATE "C" so that the database orders call ids exactly as Java's String does
-- (R7.3 breaks ties by call id; a locale collation such as en_US would order 'a', 'B', '_' differently).
-- Every statement can be run again (IF NOT EXISTS): H2 commits DDL at once, so a migration cut short there is simply
-- repeated at the next start. Times are kept to the microsecond, the precision both databases share.

-- One row per call id (R7.1). A row is OPEN while the call is live (R7.4): outcome, ended_at and ended_by are null,
-- owner_id names the store instance whose process runs the call. Closing it (the final record, or `interrupted` after a
-- crash, R7.5) sets outcome and ended_at and clears owner_id, in the same transaction that adds its participants.
-- User ids are kept as their text plus a flag for the JSON type they came in (R1.4), so that 42 stays a number and
-- "42" a string.
CREATE TABLE IF NOT EXISTS dialtone_call_records (
    call_id          ${id} NOT NULL,
    caller_id        ${id} NOT NULL,
    caller_numeric   BOOLEAN NOT NULL,
    callee_id        ${id} NOT NULL,
    callee_numeric   BOOLEAN NOT NULL,
    call_type        VARCHAR(16) NOT NULL,
    outcome          VARCHAR(16),
    started_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    answered_at      TIMESTAMP(6) WITH TIME ZONE,
    ended_at         TIMESTAMP(6) WITH TIME ZONE,
    ended_by         ${id},
    ended_by_numeric BOOLEAN,
    owner_id         VARCHAR(64),
    last_activity    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT dialtone_call_records_pk PRIMARY KEY (call_id)
);

-- Finds the open records of an owner (recovery, R7.5). Closed rows have a null owner_id.
CREATE INDEX IF NOT EXISTS dialtone_call_records_owner ON dialtone_call_records (owner_id);

-- One row per party of a closed record: the caller, and the callee unless it is the caller. Written with the closing,
-- so an open record is never listed.
--
-- Plan choice for get_call_history (R7.3). The page is
--   SELECT r.* FROM dialtone_call_participants p JOIN dialtone_call_records r ON r.call_id = p.call_id
--   WHERE p.user_id = ? [AND p.started_at <= ? AND (p.started_at < ? OR p.call_id < ?)]
--   ORDER BY p.user_id, p.started_at DESC, p.call_id DESC FETCH FIRST ? ROWS ONLY
-- (user_id is fixed, but leading the ORDER BY with it lets H2 see the index order too), and the index below holds
-- exactly that order under each user: both databases answer it with one range scan of the
-- index that starts at the cursor and stops after `limit` entries, plus `limit` primary-key lookups; no sort, no
-- OFFSET, nothing read before the cursor, so a page costs the same at a million records as at ten. (Keyset: the first
-- conjunct "started_at <= cursor" bounds the scan; the OR only filters the few entries sharing the cursor's time.)
-- The alternative, indexes on records (caller_id, started_at, call_id) and (callee_id, ...), needs
-- "caller_id = ? OR callee_id = ?", which the planners turn into a bitmap OR or a union whose two halves must be sorted
-- and merged for every page; the participants table costs one or two small rows per call instead.
CREATE TABLE IF NOT EXISTS dialtone_call_participants (
    user_id    ${id} NOT NULL,
    started_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    call_id    ${id} NOT NULL,
    CONSTRAINT dialtone_call_participants_call FOREIGN KEY (call_id) REFERENCES dialtone_call_records (call_id)
);

CREATE UNIQUE INDEX IF NOT EXISTS dialtone_call_participants_history
    ON dialtone_call_participants (user_id, started_at DESC, call_id DESC);

-- The record-store instances (one per server process start) and their heartbeats. A live instance updates its row
-- periodically; an instance whose row is missing or whose heartbeat is older than the owner timeout is dead, and its
-- open records are closed as interrupted (R7.5).
CREATE TABLE IF NOT EXISTS dialtone_owners (
    owner_id     VARCHAR(64) NOT NULL,
    started_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    description  VARCHAR(255),
    CONSTRAINT dialtone_owners_pk PRIMARY KEY (owner_id)
);
