package io.courtyard.acl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.testsupport.AclBundles;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedBundleTest {
    private final AclBundles platform = new AclBundles("test-court");

    private ObjectNode payload() {
        ObjectNode p = platform.snapshot(3);
        AclBundles.add(p, "holders", AclBundles.holder("h1", "resident", "1-1-702", "residents"));
        AclBundles.add(p, "credentials", AclBundles.credential("c1", "h1", "card:h10301/12/1001"));
        return p;
    }

    @Test
    void aSignedBundleVerifiesWithThePlatformKey() {
        SignedBundle b = SignedBundle.parse(platform.sign(payload()));

        assertTrue(b.verify(platform.keys().getPublic()));
        assertEquals(Keys.keyId(platform.keys().getPublic()), b.keyId());
    }

    @Test
    void theSignatureCoversTheCanonicalFormNotTheLayout() throws Exception {
        // Re-indented with members in another order: same canonical bytes, same signature.
        ObjectMapper json = new ObjectMapper();
        ObjectNode bundle = (ObjectNode) json.readTree(platform.sign(payload()));
        String reordered = "{\"signature\":" + json.writeValueAsString(bundle.get("signature")) + ",\n \"payload\": "
                + json.writerWithDefaultPrettyPrinter().writeValueAsString(bundle.get("payload")) + "}";

        assertTrue(SignedBundle.parse(reordered.getBytes(StandardCharsets.UTF_8))
                .verify(platform.keys().getPublic()));
    }

    @Test
    void theSignedBytesAreTheDomainLineThenTheCanonicalPayload() throws Exception {
        SignedBundle b = SignedBundle.parse(platform.sign(payload()));
        byte[] expected = ("courtyard-acl-v1\n" + CanonicalJson.text(b.payload())).getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(expected, b.signedBytes());
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(platform.keys().getPublic());
        s.update(expected);
        assertTrue(s.verify(b.signature()), "any Ed25519 implementation verifies these bytes");
    }

    @Test
    void aChangedPayloadNoLongerVerifies() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode bundle = (ObjectNode) json.readTree(platform.sign(payload()));
        ((ObjectNode) bundle.get("payload")).put("version", 4);

        assertFalse(SignedBundle.parse(json.writeValueAsBytes(bundle))
                .verify(platform.keys().getPublic()));
    }

    @Test
    void aSignatureOverTheBarePayloadWithoutTheDomainLineIsRefused() throws Exception {
        ObjectNode p = payload();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(platform.keys().getPrivate());
        s.update(CanonicalJson.bytes(p));
        ObjectNode bundle = new ObjectMapper().createObjectNode();
        bundle.set("payload", p);
        bundle.put("signature", Base64.getEncoder().encodeToString(s.sign()));

        assertFalse(SignedBundle.parse(new ObjectMapper().writeValueAsBytes(bundle))
                .verify(platform.keys().getPublic()));
    }

    @Test
    void anotherKeysSignatureIsRefused() {
        assertFalse(SignedBundle.parse(platform.forge(payload()))
                .verify(platform.keys().getPublic()));
    }

    @Test
    void duplicateMembersAreRefusedBeforeAnythingIsBelieved() {
        String twice = "{\"payload\":{\"version\":1},\"payload\":{\"version\":9},\"signature\":\"AA==\"}";

        AclFormatException e = assertThrows(
                AclFormatException.class, () -> SignedBundle.parse(twice.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("Duplicate field 'payload'"), e.getMessage());
    }

    @Test
    void malformedBundlesNameWhatIsWrong() {
        assertEquals(
                "$.signature: an Ed25519 signature is 64 bytes, found 2",
                assertThrows(
                                AclFormatException.class,
                                () -> SignedBundle.parse(
                                        "{\"payload\":{},\"signature\":\"AAA=\"}".getBytes(StandardCharsets.UTF_8)))
                        .getMessage());
        assertTrue(
                assertThrows(AclFormatException.class, () -> SignedBundle.parse("[]".getBytes(StandardCharsets.UTF_8)))
                        .getMessage()
                        .startsWith("$: expected an object"));
    }

    @Test
    void anUnverifiedBundleIsHeldToDepthAndMemberLimitsBeforeItsSignatureIsChecked() {
        String deep = "[".repeat(40) + "]".repeat(40);
        AclFormatException e = assertThrows(
                AclFormatException.class,
                () -> SignedBundle.parse(("{\"payload\":{\"a\":" + deep + "},\"signature\":\"AA==\"}")
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("over a limit") || e.getMessage().contains("deep"), e.getMessage());

        StringBuilder wide = new StringBuilder("{\"payload\":{");
        for (int i = 0; i <= CanonicalJson.MAX_MEMBERS; i++) {
            wide.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":0");
        }
        wide.append("},\"signature\":\"AA==\"}");
        e = assertThrows(
                AclFormatException.class,
                () -> SignedBundle.parse(wide.toString().getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("more than " + CanonicalJson.MAX_MEMBERS + " members"), e.getMessage());

        assertThrows(
                AclFormatException.class,
                () -> SignedBundle.parse(new byte[SignedBundle.MAX_BYTES + 1]),
                "over the size limit, unread");
    }

    @Test
    void aNumberTheCanonicalFormCannotCarryIsRefusedWithItsPath() {
        AclFormatException e = assertThrows(
                AclFormatException.class,
                () -> SignedBundle.parse(
                        "{\"payload\":{\"entries\":{\"holders\":[{\"n\":1.5}]}},\"signature\":\"AA==\"}"
                                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                "$/payload/entries/holders/0/n: numbers must be integers of at most 2^53-1, found 1.5", e.getMessage());
    }

    @Test
    void whatTheStoreKeepsOfAnEntryIsExactlyItsCanonicalFormAsSigned() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // Indented, members out of order, escapes the canonical form writes otherwise.
        String pretty = "{ \"signature\": \"" + Base64.getEncoder().encodeToString(new byte[64]) + "\",\n"
                + "  \"payload\": {\"version\": 3, \"type\": \"snapshot\", \"site\": \"test-court\",\n"
                + "    \"issuedAt\": \"2026-03-01T00:00:00Z\", \"expiresAt\": \"2099-01-01T00:00:00Z\",\n"
                + "    \"entries\": {\"holders\": [ {\"kind\": \"staff\", \"id\": \"h\\u0031\", \"groups\": [ ]} ],\n"
                + "      \"credentials\": [{\"holder\": \"h1\", \"id\": \"c1\", \"credential\": \"plate:\u4eacAD12345\"}]}}}";
        SignedBundle b = SignedBundle.parse(pretty.getBytes(StandardCharsets.UTF_8));
        AclMessage m = AclMessage.read(b);

        AclMessage.Entry holder = m.upserts().stream()
                .filter(e -> e.kind() == EntryKind.HOLDER)
                .findFirst()
                .orElseThrow();
        assertEquals("{\"groups\":[],\"id\":\"h1\",\"kind\":\"staff\"}", holder.canonical());
        for (AclMessage.Entry e : m.upserts()) {
            assertEquals(CanonicalJson.text(json.readTree(e.canonical())), e.canonical());
        }
        assertEquals(AclMessage.digest(CanonicalJson.bytes(b.payload())), m.digest());
    }
}
