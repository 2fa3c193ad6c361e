package io.courtyard.acl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A signed access-list message as it travels (MQTT payload, file on a USB stick):
 * {@code {"payload": {...}, "signature": "BASE64", "keyId": "HEX"}}. The signature is Ed25519
 * over {@link #signedBytes()}: the ASCII line {@code courtyard-acl-v1} and a newline, then the
 * payload in canonical JSON ({@link CanonicalJson}). The prefix keeps a signature made for
 * another purpose with the same key from ever passing as an access list.
 */
public record SignedBundle(JsonNode payload, byte[] signature, String keyId) {
    /**
     * A snapshot of 50,000 holders, 100,000 credentials, 10,000 passes and 5,000 permits (the
     * benchmark site) takes ~13 MB compact and ~26 MB as {@code acl sign} writes it (indented):
     * the cap leaves room for that and stops a runaway message before it is parsed.
     */
    public static final int MAX_BYTES = 32 << 20;

    /** What an access list's signature covers first. */
    public static final String ACL = "courtyard-acl-v1";
    /** What a remote command's signature covers first: the same key never signs one for the other. */
    public static final String COMMAND = "courtyard-command-v1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static SignedBundle parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new AclFormatException("$", "message of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new AclFormatException("$", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AclFormatException("$", "unreadable: " + e.getMessage());
        }
        JsonFields f = new JsonFields(root, "$");
        JsonNode payload = f.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new AclFormatException("$.payload", "missing or not an object");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(f.text("signature"));
        } catch (IllegalArgumentException e) {
            throw new AclFormatException("$.signature", "not base64");
        }
        if (sig.length != 64) {
            throw new AclFormatException("$.signature", "an Ed25519 signature is 64 bytes, found " + sig.length);
        }
        String keyId = f.optText("keyId");
        f.finish();
        return new SignedBundle(payload, sig, keyId);
    }

    /** Reads an unsigned payload document (what {@code acl sign} is given). */
    public static JsonNode readPayload(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new AclFormatException("$", "expected a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new AclFormatException("$", "not JSON: " + e.getMessage());
        }
    }

    /** The bytes an access list's signature covers. */
    public byte[] signedBytes() {
        return signedBytes(ACL, payload);
    }

    static byte[] signedBytes(String domain, JsonNode payload) {
        byte[] prefix = (domain + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = CanonicalJson.bytes(payload);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }

    /** Verifies as an access list. */
    public boolean verify(PublicKey key) {
        return verify(key, ACL);
    }

    /** Verifies as a message of {@code domain} ({@link #ACL} or {@link #COMMAND}). */
    public boolean verify(PublicKey key, String domain) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signedBytes(domain, payload));
            return s.verify(signature);
        } catch (GeneralSecurityException | AclFormatException e) {
            return false;
        }
    }

    /** Signs {@code payload} as an access list; {@code keyId} may be null when the public key is not at hand. */
    public static byte[] sign(JsonNode payload, PrivateKey key, String keyId) {
        return sign(ACL, payload, key, keyId);
    }

    /** Signs {@code payload} as a message of {@code domain}. */
    public static byte[] sign(String domain, JsonNode payload, PrivateKey key, String keyId) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signedBytes(domain, payload));
            ObjectNode bundle = JSON.createObjectNode();
            bundle.set("payload", payload);
            bundle.put("signature", Base64.getEncoder().encodeToString(s.sign()));
            if (keyId != null) {
                bundle.put("keyId", keyId);
            }
            return JSON.writeValueAsBytes(bundle);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
