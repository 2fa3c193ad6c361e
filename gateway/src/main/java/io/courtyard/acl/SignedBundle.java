package io.courtyard.acl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed message as it travels (MQTT payload, file on a USB stick):
 * {@code {"payload": {...}, "signature": "BASE64", "keyId": "HEX"}}. The signature is Ed25519
 * over {@link #signedBytes()}: an ASCII domain line ({@code courtyard-acl-v1} for access lists)
 * and a newline, then the payload in canonical JSON ({@link CanonicalJson}). The domain keeps a
 * signature made for another purpose with the same key from ever passing as an access list.
 *
 * <p>Nothing of an unverified message becomes a JSON tree: {@link #parse} streams it once into the
 * canonical bytes the signature covers (about its size again), and only a verified payload is read
 * into entries ({@link AclMessage#read}).
 */
public final class SignedBundle {
    /**
     * The largest message accepted. The benchmark compound's snapshot (50,000 holders, 100,000
     * credentials, 10,000 passes, 5,000 permits) is ~13 MB as {@code acl sign} writes it. Applying
     * a message holds it about four times over (received, canonical, and twice inside the JDK's
     * Ed25519) next to two access-list snapshots, and Paho may be reading the next message
     * meanwhile: within the service's 256 MB heap, 16 MiB is what that leaves room for.
     */
    public static final int MAX_BYTES = 16 << 20;

    /** What an access list's signature covers first. */
    public static final String ACL = "courtyard-acl-v1";
    /** Where a message without a signature is refused: {@code $.signature: missing}. */
    static final String SIGNATURE_PATH = "$.signature";

    static final String MISSING = "missing";

    private static final ObjectMapper PLAIN = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String domain;
    /** The domain line, then the canonical payload. */
    private final byte[] signed;

    private final int payloadOffset;
    private final byte[] signature;
    private final String keyId;
    private final String digest;

    private SignedBundle(String domain, byte[] signed, int payloadOffset, byte[] signature, String keyId) {
        this.domain = domain;
        this.signed = signed;
        this.payloadOffset = payloadOffset;
        this.signature = signature;
        this.keyId = keyId;
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(signed, payloadOffset, signed.length - payloadOffset);
            this.digest = HexFormat.of().formatHex(d.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Reads an access-list bundle. */
    public static SignedBundle parse(byte[] bytes) {
        return parse(bytes, ACL);
    }

    /** Reads a bundle signed for {@code domain}, streaming: no JSON tree of the unverified payload is built. */
    public static SignedBundle parse(byte[] bytes, String domain) {
        if (bytes.length > MAX_BYTES) {
            throw new AclFormatException("$", "message of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        Chunks payload = null;
        String sig = null;
        String keyId = null;
        try (JsonParser p = CanonicalJson.parser(bytes, 0, bytes.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AclFormatException("$", "expected an object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "payload" -> {
                        if (v != JsonToken.START_OBJECT) {
                            throw new AclFormatException("$.payload", "expected an object, found " + v);
                        }
                        payload = new Chunks();
                        CanonicalJson.value(p, v, payload, 1);
                    }
                    case "signature" -> sig = text(p, v, "$.signature");
                    case "keyId" -> keyId = text(p, v, "$.keyId");
                    default -> throw new AclFormatException(
                            "$." + LogText.safe(name), "unknown member; allowed here: payload, signature, keyId");
                }
            }
            if (p.nextToken() != null) {
                throw new AclFormatException("$", "trailing content after the bundle");
            }
        } catch (IOException e) {
            throw CanonicalJson.refusal(e);
        }
        if (payload == null) {
            throw new AclFormatException("$.payload", "missing");
        }
        if (sig == null) {
            throw new AclFormatException(SIGNATURE_PATH, MISSING);
        }
        byte[] s;
        try {
            s = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new AclFormatException("$.signature", "not base64");
        }
        if (s.length != 64) {
            throw new AclFormatException("$.signature", "an Ed25519 signature is 64 bytes, found " + s.length);
        }
        byte[] prefix = (domain + "\n").getBytes(StandardCharsets.US_ASCII);
        return new SignedBundle(domain, payload.toByteArray(prefix), prefix.length, s, keyId);
    }

    private static String text(JsonParser p, JsonToken t, String path) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new AclFormatException(path, "expected a string, found " + t);
        }
        return p.getText();
    }

    /** The key id the sender wrote, informational (may be null). */
    public String keyId() {
        return keyId;
    }

    /** SHA-256 of the canonical payload, hex: tells a redelivery from a different message. */
    public String digest() {
        return digest;
    }

    /** The signature's 64 bytes. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The bytes the signature covers. */
    public byte[] signedBytes() {
        return signed.clone();
    }

    /** The array holding the domain line and the canonical payload; not a copy, never to be changed. */
    byte[] canonical() {
        return signed;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    /** A strict parser over the canonical payload; for a verified bundle. */
    JsonParser payloadParser() throws IOException {
        return CanonicalJson.parser(signed, payloadOffset, signed.length - payloadOffset);
    }

    /** The payload as a tree; for small verified payloads (commands) and tests. */
    public JsonNode payload() {
        try (JsonParser p = payloadParser()) {
            return p.readValueAsTree();
        } catch (IOException e) {
            throw CanonicalJson.refusal(e);
        }
    }

    /** Verifies with {@code key} for the domain the bundle was read for. */
    public boolean verify(PublicKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            // One update of the exact array: the JDK's Ed25519 keeps the whole message, and a
            // single update sizes its buffer once instead of doubling it.
            s.update(signed);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The domain it was read for. */
    public String domain() {
        return domain;
    }

    static byte[] signedBytes(String domain, JsonNode payload) {
        byte[] prefix = (domain + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = CanonicalJson.bytes(payload);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }

    /** Reads an unsigned payload document (what {@code acl sign} is given). */
    public static JsonNode readPayload(byte[] bytes) {
        try {
            JsonNode n = CanonicalJson.mapper().readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new AclFormatException("$", "expected a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw CanonicalJson.refusal(e);
        }
    }

    /** Signs {@code payload} as an access list; {@code keyId} may be null when the public key is not at hand. */
    public static byte[] sign(JsonNode payload, PrivateKey key, String keyId) {
        return sign(ACL, payload, key, keyId);
    }

    /**
     * Signs {@code payload} as a message of {@code domain}. The bundle is written compactly: the
     * size limit counts bytes, and indentation would spend a third of it on spaces.
     */
    public static byte[] sign(String domain, JsonNode payload, PrivateKey key, String keyId) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signedBytes(domain, payload));
            ObjectNode bundle = PLAIN.createObjectNode();
            bundle.set("payload", payload);
            bundle.put("signature", Base64.getEncoder().encodeToString(s.sign()));
            if (keyId != null) {
                bundle.put("keyId", keyId);
            }
            return PLAIN.writeValueAsBytes(bundle);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }
}
