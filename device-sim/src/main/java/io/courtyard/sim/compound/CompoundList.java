package io.courtyard.sim.compound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.SignedBundle;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The access list of a simulated compound: a base list's schedules, calendar and entries (the demo's
 * example), plus every simulated resident with their card and permit, the staff and crews, and the
 * month's visitor and delivery passes; signed like any list, so the gateway applies it through its
 * ordinary updater.
 */
public final class CompoundList {
    static final String STAFF_GROUP = "sim-staff";
    static final String CREW_GROUP = "sim-crew";

    private CompoundList() {}

    /** The payload: {@code base}'s, at {@code version}, issued at {@code issuedAt}, with the compound's entries added. */
    public static ObjectNode payload(
            JsonNode base, Compound c, List<Pass> passes, String zone, long version, Instant issuedAt) {
        ObjectNode p = base.deepCopy();
        p.put("version", version);
        p.put("issuedAt", issuedAt.toString());
        ObjectNode e = (ObjectNode) p.get("entries");
        ArrayNode groups = array(e, "groups");
        Set<String> known = new HashSet<>();
        groups.forEach(g -> known.add(g.get("id").asText()));
        for (Home h : c.homes()) {
            if (known.add(h.group())) {
                ArrayNode devices = groups.addObject().put("id", h.group()).putArray("devices");
                c.gates().forEach(devices::add);
                h.elevator().ifPresent(devices::add);
            }
        }
        ArrayNode staff = groups.addObject().put("id", STAFF_GROUP).putArray("devices");
        c.gates().forEach(staff::add);
        ArrayNode crew = groups.addObject().put("id", CREW_GROUP).putArray("devices");
        c.gates().forEach(crew::add);
        c.elevators().forEach(crew::add);
        ArrayNode holders = array(e, "holders");
        ArrayNode credentials = array(e, "credentials");
        ArrayNode permits = array(e, "permits");
        for (Home h : c.homes()) {
            for (Person r : h.residents()) {
                holders.addObject()
                        .put("id", r.holder())
                        .put("kind", "resident")
                        .put("household", h.id())
                        .putArray("groups")
                        .add(h.group());
                credential(credentials, r);
            }
            for (String plate : h.plates()) {
                permits.addObject()
                        .put("id", "sim-p-" + h.id())
                        .put("holder", h.residents().get(0).holder())
                        .put("plate", plate)
                        .put("zone", zone);
            }
        }
        for (Person s : c.staff()) {
            holders.addObject()
                    .put("id", s.holder())
                    .put("kind", "staff")
                    .putArray("groups")
                    .add(STAFF_GROUP);
            credential(credentials, s);
        }
        for (Person m : c.crew()) {
            holders.addObject()
                    .put("id", m.holder())
                    .put("kind", "maintenance")
                    .putArray("groups")
                    .add(CREW_GROUP);
            credential(credentials, m);
        }
        ArrayNode passList = array(e, "passes");
        for (Pass v : passes) {
            ObjectNode o = passList.addObject()
                    .put("id", v.id())
                    .put("household", v.household())
                    .put("credential", v.credential())
                    .put("validFrom", v.from().toString())
                    .put("validTo", v.to().toString())
                    .put("maxUses", 4);
            ArrayNode devices = o.putArray("devices");
            c.entry().ifPresent(devices::add);
            c.exit().ifPresent(devices::add);
        }
        return p;
    }

    /** {@link #payload} signed with {@code key}, as {@code courtyard acl sign} signs. */
    public static byte[] signed(ObjectNode payload, PrivateKey key, String keyId) {
        return SignedBundle.sign(payload, key, keyId);
    }

    /** The payload of a signed list file (its {@code payload} member), or of an unsigned payload document. */
    public static JsonNode base(byte[] list) {
        JsonNode n = SignedBundle.readPayload(list);
        return n.has("payload") ? n.get("payload") : n;
    }

    private static void credential(ArrayNode credentials, Person p) {
        credentials
                .addObject()
                .put("id", "c-" + p.holder())
                .put("holder", p.holder())
                .put("credential", p.credential());
    }

    private static ArrayNode array(ObjectNode entries, String name) {
        JsonNode n = entries.get(name);
        return n instanceof ArrayNode a ? a : entries.putArray(name);
    }
}
