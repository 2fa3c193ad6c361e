-- Signed remote commands (io.courtyard.command): one row per command accepted for execution,
-- kept a day after it expired so that a redelivery is told from a new command, and a result the
-- broker has not yet acknowledged is published again after a reconnection or a restart.
CREATE TABLE command_log (
    nonce      TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,            -- the platform's per-site sequence; 0 on the old emergency topic
    type       TEXT NOT NULL,
    target     TEXT,                        -- the device or bus, for the types that name one
    digest     TEXT NOT NULL,               -- SHA-256 of the canonical payload: a redelivery has the same
    expires_ms INTEGER NOT NULL,
    state      TEXT NOT NULL,               -- accepted, then done, refused or failed
    reason     TEXT,
    result     TEXT,                        -- the result as published on cmd/result
    reported   INTEGER NOT NULL DEFAULT 0   -- 1 once the broker acknowledged the result
) WITHOUT ROWID;

-- The emergency commands the previous release executed, until they expire: it kept their nonces
-- in access_state.
INSERT INTO command_log(nonce, seq, type, digest, expires_ms, state, reported)
    SELECT substr(key, 7), 0, 'emergency', '', CAST(value AS INTEGER), 'done', 1
    FROM access_state WHERE key LIKE 'nonce|%';
DELETE FROM access_state WHERE key LIKE 'nonce|%';

-- The last accepted sequence and the latest issue times accepted: the clock floor a box whose
-- clock is set back still decides validity with.
INSERT INTO meta(key, value) VALUES ('command.seq', '0');
INSERT INTO meta(key, value) VALUES ('command.issued_at', '1970-01-01T00:00:00Z');
INSERT INTO meta(key, value) VALUES ('command.legacy_issued_at', '1970-01-01T00:00:00Z');
