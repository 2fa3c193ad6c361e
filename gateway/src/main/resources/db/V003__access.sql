-- The access list as last applied: one row per entry, holding the entry's JSON as upstream
-- signed it. A snapshot or delta is applied in one transaction, so this is always one whole version.
CREATE TABLE acl_entries (
    kind TEXT NOT NULL,   -- holder, credential, pass, permit, group, schedule or calendar
    id   TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- The applied version, 0 before the first list; acl.issued_at and acl.applied_at join it.
INSERT INTO meta(key, value) VALUES ('acl.version', '0');

-- The stateful access rules (pass uses, anti-passback positions, emergency modes) as projected
-- from the journal's ACCESS and ALARM events by the access-state sink. Keys:
-- uses|pass:ID, pos|AREA|SUBJECT, emergency|MODE, and nonce|NONCE for the signed emergency
-- commands already executed (kept until they expire).
CREATE TABLE access_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
