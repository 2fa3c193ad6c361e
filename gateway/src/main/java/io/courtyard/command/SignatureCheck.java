package io.courtyard.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Opens a signed message with the site's key: in the gateway the access-list room's envelope
 * ({@code {"payload":…,"signature":…,"keyId":…}}, Ed25519 over a domain line and the canonical
 * payload) and its configured key. A seam because the command room stands below the rooms whose
 * handlers it runs, the access-list room among them.
 */
@FunctionalInterface
public interface SignatureCheck {
    /** Refusal reasons it may give. */
    String UNSIGNED = "unsigned";

    String BAD_SIGNATURE = "bad-signature";
    String MALFORMED = "malformed";

    /**
     * The payload of {@code message} once its signature for {@code domain} verified; no JSON tree of
     * an unverified payload is built.
     *
     * @throws Refusal {@value #UNSIGNED} without a signature, {@value #BAD_SIGNATURE} when it does
     *     not verify (another key, another domain, altered bytes), {@value #MALFORMED} when the
     *     envelope cannot be read
     */
    Signed open(byte[] message, String domain) throws Refusal;

    /**
     * A verified payload.
     *
     * @param digest SHA-256 of the canonical payload, hex: tells a redelivery from a different command
     */
    record Signed(JsonNode payload, String digest) {}
}
