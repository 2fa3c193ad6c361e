package io.courtyard.acl;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param upserts a snapshot's every entry, or a delta's added and replaced ones
 * @param removals a delta's removed ids by kind (never the calendar)
 * @param digest SHA-256 of the canonical payload, hex: tells a redelivery from a different message
 */
public record AclMessage(
        Type type,
        String site,
        long version,
        long baseVersion,
        Instant issuedAt,
        Instant expiresAt,
        List<Entry> upserts,
        Map<EntryKind, List<String>> removals,
        String digest) {

    /** Snapshot or delta. */
    public enum Type {
        SNAPSHOT,
        DELTA
    }

    /** One entry: its decoded record and its canonical JSON, which is what the store keeps. */
    public record Entry(EntryKind kind, String id, Object value, String canonical) {}

    public static AclMessage parse(JsonNode payload) {
        JsonFields f = new JsonFields(payload, "payload");
        String type = f.text("type");
        Type t =
                switch (type) {
                    case "snapshot" -> Type.SNAPSHOT;
                    case "delta" -> Type.DELTA;
                    default -> throw new AclFormatException(
                            f.field("type"), "expected snapshot or delta, found '" + type + "'");
                };
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
        List<Entry> upserts = entries(f, t == Type.SNAPSHOT ? "entries" : "upserts", t == Type.SNAPSHOT);
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
        f.finish();
        return new AclMessage(t, site, version, base, issued, expires, upserts, removals, digest(payload));
    }

    private static List<Entry> entries(JsonFields f, String key, boolean required) {
        List<Entry> out = new ArrayList<>();
        AclCodec.Interner interner = new AclCodec.Interner();
        if (!f.has(key)) {
            if (required) {
                throw new AclFormatException(f.field(key), "missing");
            }
            return out;
        }
        JsonFields e = new JsonFields(f.get(key), f.field(key));
        for (EntryKind k : EntryKind.values()) {
            JsonNode n = e.get(k.plural());
            String path = e.field(k.plural());
            if (n == null) {
                continue;
            }
            if (k == EntryKind.CALENDAR) {
                out.add(entry(k, n, path, interner));
                continue;
            }
            if (!n.isArray()) {
                throw new AclFormatException(path, "expected a list of " + k.plural());
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n.size(); i++) {
                Entry en = entry(k, n.get(i), path + "[" + i + "]", interner);
                if (!seen.add(en.id())) {
                    throw new AclFormatException(path + "[" + i + "].id", "'" + en.id() + "' appears twice");
                }
                out.add(en);
            }
        }
        e.finish();
        return out;
    }

    private static Entry entry(EntryKind k, JsonNode n, String path, AclCodec.Interner interner) {
        String id = AclCodec.id(k, n, path);
        return new Entry(k, id, AclCodec.decode(k, n, path, interner), CanonicalJson.text(n));
    }

    private static String digest(JsonNode payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(payload)));
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
