package io.courtyard.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import io.courtyard.command.CommandService;
import io.courtyard.config.PublicKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds access-list payloads and signs them, as the platform would: a key pair of its own, a
 * site, versions and expiries under the test's control, and a second key for forgeries.
 */
public final class AclBundles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String site;
    private final KeyPair keys = Keys.generate();
    private final KeyPair forger = Keys.generate();

    public AclBundles(String site) {
        this.site = site;
    }

    /** The public key as {@code acl.publicKey} takes it. */
    public String publicKey() {
        return PublicKeys.base64(keys.getPublic());
    }

    public KeyPair keys() {
        return keys;
    }

    /** A snapshot payload of {@code version}, valid for an hour from now, with no entries yet. */
    public ObjectNode snapshot(long version) {
        ObjectNode p = header("snapshot", version);
        p.putObject("entries");
        return p;
    }

    /** A delta payload from {@code version - 1} to {@code version}. */
    public ObjectNode delta(long version) {
        ObjectNode p = header("delta", version);
        p.put("baseVersion", version - 1);
        p.putObject("upserts");
        p.putObject("removals");
        return p;
    }

    private ObjectNode header(String type, long version) {
        Instant now = Instant.now();
        ObjectNode p = JSON.createObjectNode();
        p.put("type", type);
        p.put("site", site);
        p.put("version", version);
        p.put("issuedAt", now.toString());
        p.put("expiresAt", now.plus(Duration.ofHours(1)).toString());
        return p;
    }

    /** Adds an entry of {@code kind} (holders, credentials, passes, permits, groups, schedules). */
    public static ObjectNode add(ObjectNode payload, String kind, ObjectNode entry) {
        ObjectNode section = (ObjectNode) payload.get(payload.has("entries") ? "entries" : "upserts");
        ArrayNode list = section.has(kind) ? (ArrayNode) section.get(kind) : section.putArray(kind);
        list.add(entry);
        return payload;
    }

    public static ObjectNode remove(ObjectNode payload, String kind, String id) {
        ObjectNode section = (ObjectNode) payload.get("removals");
        ArrayNode list = section.has(kind) ? (ArrayNode) section.get(kind) : section.putArray(kind);
        list.add(id);
        return payload;
    }

    public byte[] sign(ObjectNode payload) {
        return SignedBundle.sign(payload, keys.getPrivate(), Keys.keyId(keys.getPublic()));
    }

    /** Signed with a key the gateway does not trust. */
    public byte[] forge(ObjectNode payload) {
        return SignedBundle.sign(payload, forger.getPrivate(), Keys.keyId(forger.getPublic()));
    }

    /**
     * A command payload of {@code type} (its own members added by the caller), sequence {@code seq},
     * issued now and valid for five minutes, with a fresh nonce.
     */
    public ObjectNode command(String type, long seq) {
        Instant now = Instant.now();
        return JSON.createObjectNode()
                .put("type", type)
                .put("site", site)
                .put("nonce", "n-" + java.util.UUID.randomUUID())
                .put("seq", seq)
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofMinutes(5)).toString());
    }

    /** Signed as a remote command for {@code {prefix}/{siteId}/cmd} (its own signing domain). */
    public byte[] signCommand(ObjectNode payload) {
        return SignedBundle.sign(CommandService.DOMAIN, payload, keys.getPrivate(), Keys.keyId(keys.getPublic()));
    }

    /** Signed as a command with a key the gateway does not trust. */
    public byte[] forgeCommand(ObjectNode payload) {
        return SignedBundle.sign(CommandService.DOMAIN, payload, forger.getPrivate(), Keys.keyId(forger.getPublic()));
    }

    /**
     * An emergency command payload of the old topic {@code {prefix}/{siteId}/command} ({@code action}
     * raise or clear, no sequence), valid for five minutes.
     */
    public ObjectNode legacyCommand(String mode, String action, String nonce) {
        Instant now = Instant.now();
        return JSON.createObjectNode()
                .put("type", "emergency")
                .put("site", site)
                .put("mode", mode)
                .put("action", action)
                .put("nonce", nonce)
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofMinutes(5)).toString());
    }

    /** Signed as a command of the old emergency topic (the domain of releases before the command room). */
    public byte[] signLegacyCommand(ObjectNode payload) {
        return SignedBundle.sign(
                CommandService.LEGACY_DOMAIN, payload, keys.getPrivate(), Keys.keyId(keys.getPublic()));
    }

    public static ObjectNode holder(String id, String kind, String household, String... groups) {
        ObjectNode h = JSON.createObjectNode().put("id", id).put("kind", kind);
        if (household != null) {
            h.put("household", household);
        }
        ArrayNode g = h.putArray("groups");
        for (String s : groups) {
            g.add(s);
        }
        return h;
    }

    public static ObjectNode credential(String id, String holder, String credential) {
        return JSON.createObjectNode().put("id", id).put("holder", holder).put("credential", credential);
    }

    public static ObjectNode group(String id, String... devices) {
        ObjectNode g = JSON.createObjectNode().put("id", id);
        ArrayNode d = g.putArray("devices");
        for (String s : devices) {
            d.add(s);
        }
        return g;
    }

    public static ObjectNode pass(
            String id, String household, String credential, Instant from, Instant to, int maxUses, String... devices) {
        ObjectNode p = JSON.createObjectNode()
                .put("id", id)
                .put("household", household)
                .put("credential", credential)
                .put("validFrom", from.toString())
                .put("validTo", to.toString())
                .put("maxUses", maxUses);
        ArrayNode d = p.putArray("devices");
        for (String s : devices) {
            d.add(s);
        }
        return p;
    }

    public static ObjectNode permit(String id, String holder, String plate, String zone, boolean reserved) {
        return JSON.createObjectNode()
                .put("id", id)
                .put("holder", holder)
                .put("plate", plate)
                .put("zone", zone)
                .put("space", reserved ? "owned" : "none")
                .put("reserved", reserved);
    }
}
