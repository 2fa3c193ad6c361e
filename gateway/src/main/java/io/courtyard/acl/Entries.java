package io.courtyard.acl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a message's {@code entries} (or {@code upserts}) from the token stream, one entry at a
 * time: each entry becomes a small tree, is decoded and checked, and is dropped, so a snapshot of
 * 165,000 entries never exists as one tree beside its decoded form. The stream is canonical JSON,
 * so an entry's canonical form, which the store keeps, is its own bytes in it (RFC 8785 is
 * compositional): exactly what was signed, cut out rather than written again.
 */
final class Entries {
    private final JsonParser p;
    private final byte[] canonical;
    private final int base;
    private final AclCodec.Interner interner = new AclCodec.Interner();

    /** @param canonical the bytes {@code p} reads, from {@code base} */
    private Entries(JsonParser p, byte[] canonical, int base) {
        this.p = p;
        this.canonical = canonical;
        this.base = base;
    }

    static List<AclMessage.Entry> read(JsonParser p, JsonToken t, String path, byte[] canonical, int base)
            throws IOException {
        return new Entries(p, canonical, base).all(t, path);
    }

    private List<AclMessage.Entry> all(JsonToken t, String path) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw new AclFormatException(path, "expected an object of entry kinds, found " + t);
        }
        List<AclMessage.Entry> out = new ArrayList<>();
        for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
            String name = p.currentName();
            EntryKind kind = kind(name, path);
            String at = path + "." + kind.plural();
            JsonToken v = p.nextToken();
            if (kind == EntryKind.CALENDAR) {
                out.add(entry(kind, at));
                continue;
            }
            if (v != JsonToken.START_ARRAY) {
                throw new AclFormatException(at, "expected a list of " + kind.plural() + ", found " + v);
            }
            Set<String> seen = new HashSet<>();
            int i = 0;
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), i++) {
                AclMessage.Entry en = entry(kind, at + "[" + i + "]");
                if (!seen.add(en.id())) {
                    throw new AclFormatException(at + "[" + i + "].id", "'" + en.id() + "' appears twice");
                }
                out.add(en);
            }
        }
        return out;
    }

    private static EntryKind kind(String name, String path) {
        for (EntryKind k : EntryKind.values()) {
            if (k.plural().equals(name)) {
                return k;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (EntryKind k : EntryKind.values()) {
            allowed.add(k.plural());
        }
        throw new AclFormatException(
                path + "." + LogText.safe(name), "unknown member; allowed here: " + String.join(", ", allowed));
    }

    /** The entry at the parser's current token, decoded, with its canonical bytes as they came. */
    private AclMessage.Entry entry(EntryKind k, String path) throws IOException {
        long from = p.currentTokenLocation().getByteOffset();
        JsonNode n = p.readValueAsTree();
        if (n == null || !n.isObject()) {
            throw new AclFormatException(path, "expected an object, found " + JsonFields.kind(n));
        }
        long to = p.currentTokenLocation().getByteOffset() + 1;
        String text = new String(canonical, base + (int) from, (int) (to - from), StandardCharsets.UTF_8);
        String id = AclCodec.id(k, n, path);
        return new AclMessage.Entry(k, id, AclCodec.decode(k, n, path, interner), text);
    }
}
