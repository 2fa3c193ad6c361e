package io.courtyard.sim.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A signed access-list message as the platform sends it (README "Access-list format"): a snapshot
 * or a delta of holders, card credentials, groups, passes and permits, signed with the run's key.
 * Cards are H10301 with the run's facility code.
 */
final class SiteList {
    /** The facility code of every card a scenario issues. */
    static final int FACILITY = 77;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode payload = JSON.createObjectNode();
    private final ObjectNode entries;

    private SiteList(String type, String site, long version) {
        Instant now = Instant.now();
        payload.put("type", type)
                .put("site", site)
                .put("version", version)
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofDays(1)).toString());
        entries = payload.putObject("snapshot".equals(type) ? "entries" : "upserts");
    }

    static SiteList snapshot(String site, long version) {
        return new SiteList("snapshot", site, version);
    }

    static SiteList delta(String site, long baseVersion) {
        SiteList l = new SiteList("delta", site, baseVersion + 1);
        l.payload.put("baseVersion", baseVersion);
        return l;
    }

    static String card(long number) {
        return "card:h10301/" + FACILITY + "/" + number;
    }

    /** A group with no schedule (always open) at {@code devices}, with explicit floors per elevator if given. */
    SiteList group(String id, List<String> devices, Map<String, List<Integer>> floors) {
        ObjectNode g = array("groups").addObject().put("id", id);
        devices.forEach(g.putArray("devices")::add);
        if (!floors.isEmpty()) {
            ObjectNode f = g.putObject("floors");
            floors.forEach((e, fl) -> fl.forEach(arr(f, e)::add));
        }
        return this;
    }

    SiteList resident(String id, String household, String... groups) {
        ObjectNode h = array("holders").addObject().put("id", id).put("kind", "resident");
        h.put("household", household);
        for (String g : groups) {
            arr(h, "groups").add(g);
        }
        if (groups.length == 0) {
            h.putArray("groups");
        }
        return this;
    }

    /** A card credential of {@code holder}; {@code status} {@code active}, {@code lost}, {@code revoked}. */
    SiteList card(String id, String holder, long number, String status) {
        array("credentials")
                .addObject()
                .put("id", id)
                .put("holder", holder)
                .put("credential", card(number))
                .put("status", status);
        return this;
    }

    /** A visitor's card pass of {@code household} valid {@code [from, to)} at {@code devices}; 0 uses = unlimited. */
    SiteList cardPass(
            String id, String household, long number, Instant from, Instant to, List<String> devices, int uses) {
        ObjectNode p = array("passes")
                .addObject()
                .put("id", id)
                .put("household", household)
                .put("credential", card(number))
                .put("validFrom", from.toString())
                .put("validTo", to.toString())
                .put("maxUses", uses);
        devices.forEach(p.putArray("devices")::add);
        return this;
    }

    /** A visitor's plate pass. */
    SiteList platePass(String id, String household, String plate, Instant from, Instant to, List<String> devices) {
        ObjectNode p = array("passes")
                .addObject()
                .put("id", id)
                .put("household", household)
                .put("credential", "plate:" + plate)
                .put("validFrom", from.toString())
                .put("validTo", to.toString())
                .put("maxUses", 0);
        devices.forEach(p.putArray("devices")::add);
        return this;
    }

    SiteList permit(String id, String holder, String plate, String zone, boolean reserved) {
        array("permits")
                .addObject()
                .put("id", id)
                .put("holder", holder)
                .put("plate", plate)
                .put("zone", zone)
                .put("space", reserved ? "owned" : "none")
                .put("reserved", reserved);
        return this;
    }

    long version() {
        return payload.get("version").asLong();
    }

    byte[] sign(KeyPair key) {
        return SignedBundle.sign(payload, key.getPrivate(), Keys.keyId(key.getPublic()));
    }

    private ArrayNode array(String kind) {
        return arr(entries, kind);
    }

    private static ArrayNode arr(ObjectNode parent, String name) {
        return parent.has(name) ? (ArrayNode) parent.get(name) : parent.putArray(name);
    }
}
