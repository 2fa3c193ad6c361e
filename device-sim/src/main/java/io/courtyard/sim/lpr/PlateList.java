package io.courtyard.sim.lpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.SignedBundle;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A signed access-list snapshot of a car park, as the platform would send it: residents, their
 * vehicle permits and visitors' plate passes. For the camera tests, the load harness and the demo.
 */
public final class PlateList {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode payload;
    private final ArrayNode holders;
    private final ArrayNode permits;
    private final ArrayNode passes;

    private PlateList(String site, long version) {
        Instant now = Instant.now();
        payload = JSON.createObjectNode()
                .put("type", "snapshot")
                .put("site", site)
                .put("version", version)
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofDays(1)).toString());
        ObjectNode e = payload.putObject("entries");
        holders = e.putArray("holders");
        permits = e.putArray("permits");
        passes = e.putArray("passes");
    }

    /** An empty snapshot of {@code site}, valid for a day from now. */
    public static PlateList snapshot(String site, long version) {
        return new PlateList(site, version);
    }

    public PlateList resident(String id, String household) {
        holders.addObject()
                .put("id", id)
                .put("kind", "resident")
                .put("household", household)
                .putArray("groups");
        return this;
    }

    /** @param space {@code owned}, {@code rented} or {@code none} */
    public PlateList permit(String id, String holder, String plate, String zone, String space, boolean reserved) {
        permits.addObject()
                .put("id", id)
                .put("holder", holder)
                .put("plate", plate)
                .put("zone", zone)
                .put("space", space)
                .put("reserved", reserved);
        return this;
    }

    /** A visitor's plate pass of {@code household}, valid from an hour ago for {@code hours}, at {@code devices}. */
    public PlateList pass(String id, String household, String plate, int hours, int maxUses, List<String> devices) {
        Instant now = Instant.now();
        ObjectNode p = passes.addObject()
                .put("id", id)
                .put("household", household)
                .put("credential", "plate:" + plate)
                .put("validFrom", now.minus(Duration.ofHours(1)).toString())
                .put("validTo", now.plus(Duration.ofHours(hours)).toString())
                .put("maxUses", maxUses);
        ArrayNode d = p.putArray("devices");
        devices.forEach(d::add);
        return this;
    }

    public byte[] sign(PrivateKey key, String keyId) {
        return SignedBundle.sign(payload, key, keyId);
    }
}
