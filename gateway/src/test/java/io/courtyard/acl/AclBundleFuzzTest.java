package io.courtyard.acl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.testsupport.FuzzBudget;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Access-list bundles as they arrive from upstream or a USB stick. Any bytes are read into a bundle
 * or refused with an {@link AclFormatException}; a bundle nobody signed with the platform's key
 * never verifies. A payload the platform did sign verifies, and its entries are read into a message
 * or refused with an {@link AclFormatException} naming the JSON path; nothing else escapes.
 *
 * <p>Input: one flag byte (bit 0: the rest is a payload the platform signs here, else the rest is
 * the message as received), then the bytes.
 */
@Tag("fuzz")
class AclBundleFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("SignedBundle and AclMessage", 8 << 20, 1024);
    private static final AclBundles PLATFORM = new AclBundles("demo-court");
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyBundleIsReadOrRefusedAndOnlyASignedOneVerifies(byte[] data) throws Exception {
        if (data.length < 1) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 1) == 0) {
            SignedBundle b;
            try {
                b = BUDGET.call(data.length, () -> SignedBundle.parse(rest));
            } catch (AclFormatException e) {
                assertThat(e.path()).isNotBlank();
                return;
            }
            assertThat(b.signature()).hasSize(64);
            assertThat(b.verify(PLATFORM.keys().getPublic()))
                    .as("a bundle not signed with the platform's key")
                    .isFalse();
            // The reader never sees an unverified bundle in the gateway; it must hold on any input all the same.
            read(b, data.length);
            return;
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(rest);
        } catch (IOException e) {
            return;
        }
        if (!(payload instanceof ObjectNode o)) {
            return;
        }
        byte[] signed;
        try {
            signed = PLATFORM.sign(o);
        } catch (AclFormatException e) {
            // Not canonical JSON (e.g. a fraction): the platform's `acl sign` refuses it just so.
            return;
        }
        SignedBundle b = SignedBundle.parse(signed);
        assertThat(b.verify(PLATFORM.keys().getPublic())).isTrue();
        read(b, data.length);
    }

    private static void read(SignedBundle b, int inputLength) throws Exception {
        AclMessage m;
        try {
            m = BUDGET.call(inputLength, () -> AclMessage.read(b));
        } catch (AclFormatException e) {
            assertThat(e.path()).isNotBlank();
            return;
        }
        assertThat(m.site()).isNotBlank();
        assertThat(m.type()).isNotNull();
        assertThat(m.digest()).isEqualTo(b.digest());
        assertThat(m.upserts()).allSatisfy(e -> assertThat(e.value()).isNotNull());
    }
}
