-- The declared type of each event (io.courtyard.journal.event.EventType, e.g. access-decided),
-- written beside its body from this version on. Rows written before stay NULL: their bodies
-- have the same members and are recognised by them when read (EventCodec.decode), so no row is
-- rewritten here and the upgrade costs no time and no disk on a full journal.
ALTER TABLE events ADD COLUMN type TEXT;
