package io.courtyard.acl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.Holder;
import io.courtyard.access.PinHash;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A verified bundle's payload, read: a full snapshot of version N, or a delta from N-1 to N.
 *
 * @param format 1 (PIN hashes unkeyed SHA-256; a payload without {@code format}) or 2 (keyed)
 * @param upserts a snapshot's every entry, or a delta's added and replaced ones
 * @param removals a delta's removed ids by kind (never the calendar)
 * @param digest SHA-256 of the canonical payload, hex: tells a redelivery from a different message
 */
public record AclMessage(
        Type type,
        int format,
        String site,
        long version,
        long baseVersion,
        Instant issuedAt,
        Instant expiresAt,
        List<Entry> upserts,
        Map<EntryKind, List<String>> removals,
        String digest) {

    /** The list format this gateway writes and reads; 1 is still read. */
    public static final int FORMAT = 2;

    /** Snapshot or delta. */
    public enum Type {
        SNAPSHOT,
        DELTA
    }

    /** One entry: its decoded record and its canonical JSON, which is what the store keeps. */
    public record Entry(EntryKind kind, String id, Object value, String canonical) {}

    /** Reads a verified bundle's payload, one entry at a time: the payload never becomes one tree. */
    public static AclMessage read(SignedBundle bundle) {
        try (JsonParser p = bundle.payloadParser()) {
            return read(p, bundle.digest(), bundle.canonical(), bundle.payloadOffset());
        } catch (IOException e) {
            throw CanonicalJson.refusal(e);
        }
    }

    /** Reads a payload document (what {@code acl sign} is given). */
    public static AclMessage parse(JsonNode payload) {
        byte[] canonical = CanonicalJson.bytes(payload);
        try (JsonParser p = CanonicalJson.parser(canonical, 0, canonical.length)) {
            return read(p, digest(canonical), canonical, 0);
        } catch (IOException e) {
            throw CanonicalJson.refusal(e);
        }
    }

    private static AclMessage read(JsonParser p, String digest, byte[] canonical, int base) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new AclFormatException("payload", "expected an object");
        }
        // Everything but the entries is small: read as a tree and checked member by member.
        ObjectNode head = CanonicalJson.mapper().createObjectNode();
        List<Entry> entries = new ArrayList<>();
        String entriesKey = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("entries") || name.equals("upserts")) {
                if (entriesKey != null) {
                    throw new AclFormatException("payload." + name, "a message has entries or upserts, not both");
                }
                entriesKey = name;
                entries = Entries.read(p, v, "payload." + name, canonical, base);
                head.putObject(name);
            } else {
                head.set(name, p.readValueAsTree());
            }
        }
        return message(new JsonFields(head, "payload"), entries, digest);
    }

    private static AclMessage message(JsonFields f, List<Entry> entries, String digest) {
        String type = f.text("type");
        Type t =
                switch (type) {
                    case "snapshot" -> Type.SNAPSHOT;
                    case "delta" -> Type.DELTA;
                    default -> throw new AclFormatException(
                            f.field("type"), "expected snapshot or delta, found '" + LogText.safe(type) + "'");
                };
        int format = f.has("format") ? (int) f.integer("format", 1, FORMAT) : 1;
        String site = f.text("site");
        long version = f.integer("version", 1, CanonicalJson.MAX_SAFE);
        long base = 0;
        if (t == Type.DELTA) {
            base = f.integer("baseVersion", 0, CanonicalJson.MAX_SAFE);
            if (base != version - 1) {
                throw new AclFormatException(
                        f.field("baseVersion"), "a delta goes from version N-1 to N; found " + base + " -> " + version);
            }
        }
        Instant issued = f.instant("issuedAt");
        Instant expires = f.instant("expiresAt");
        if (issued == null || expires == null) {
            throw new AclFormatException(f.field(issued == null ? "issuedAt" : "expiresAt"), "missing");
        }
        // Asking for the member this type has lets finish() refuse the other one as unknown.
        if (!f.has(t == Type.SNAPSHOT ? "entries" : "upserts") && t == Type.SNAPSHOT) {
            throw new AclFormatException(f.field("entries"), "missing");
        }
        Map<EntryKind, List<String>> removals = new EnumMap<>(EntryKind.class);
        if (t == Type.DELTA && f.has("removals")) {
            JsonFields r = new JsonFields(f.get("removals"), f.field("removals"));
            for (EntryKind k : EntryKind.values()) {
                if (k != EntryKind.CALENDAR && r.has(k.plural())) {
                    removals.put(k, r.ids(k.plural()));
                }
            }
            r.finish();
        }
        // A snapshot's "upserts" or "removals", a delta's "entries": never asked for, so refused here.
        f.finish();
        checkPins(entries, format, f.path());
        return new AclMessage(t, format, site, version, base, issued, expires, entries, removals, digest);
    }

    /** Format 1 carries unkeyed PIN hashes, format 2 keyed ones; a mix is a mistake somewhere upstream. */
    private static void checkPins(List<Entry> entries, int format, String path) {
        for (Entry e : entries) {
            if (e.value() instanceof Holder h && h.pinHash() != null) {
                boolean keyed = PinHash.keyed(h.pinHash());
                if (keyed != (format == 2)) {
                    throw new AclFormatException(
                            path + ".holders[" + h.id() + "].pinHash",
                            format == 2
                                    ? "format 2 carries keyed PIN hashes (hmac-sha256:KEYID:HEX)"
                                    : "a keyed PIN hash needs \"format\": 2");
                }
            }
        }
    }

    /** Keyed and unkeyed PIN hashes among the entries; {@code [keyed, unkeyed]}. */
    public int[] pinHashes() {
        int[] n = new int[2];
        for (Entry e : upserts) {
            if (e.value() instanceof Holder h && h.pinHash() != null) {
                n[PinHash.keyed(h.pinHash()) ? 0 : 1]++;
            }
        }
        return n;
    }

    /** The PIN key ids the keyed hashes name. */
    public Set<String> pinKeyIds() {
        Set<String> ids = new HashSet<>();
        for (Entry e : upserts) {
            if (e.value() instanceof Holder h && h.pinHash() != null && PinHash.keyed(h.pinHash())) {
                ids.add(PinHash.keyId(h.pinHash()));
            }
        }
        return ids;
    }

    /** Why a gateway holding {@code key} would refuse this message's PIN hashes, or null (for {@code acl sign}). */
    public static String pinProblem(AclMessage m, io.courtyard.config.PinKey key) {
        return PinPolicy.check(m, key);
    }

    static String digest(byte[] canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entries a message touches, for logs: {@code +12 -3}. */
    public String summary() {
        int removed = removals.values().stream().mapToInt(List::size).sum();
        return type.name().toLowerCase(java.util.Locale.ROOT) + " v" + version + " (+" + upserts.size()
                + (type == Type.DELTA ? " -" + removed : "") + ")";
    }
}
