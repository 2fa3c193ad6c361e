package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Medium 5: keys typed on a keypad never reach the journal (and so upstream) in full — an unknown
 * code may be a PIN typed late, and is a guess the journal must not help anyone read — while an
 * unknown card or plate still is, for the crew.
 */
class DecisionEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MON_10 = at("2026-03-02T10:00");

    private static JsonNode body(AccessRequest r) throws Exception {
        Decision d = engine().decide(r);
        return JSON.readTree(AccessEvents.decided(d, r.at(), r.at()).body());
    }

    @Test
    void anUnknownTypedCodeIsNeverWrittenInFullNorInPart() throws Exception {
        JsonNode b = body(AccessRequest.typed("north-gate", CredentialKey.code("432187"), MON_10));

        assertThat(b.path("reason").asText()).isEqualTo("unknown-credential");
        assertThat(b.has("credentialFull")).isFalse();
        assertThat(b.path("credential").asText()).isEqualTo("code:****");
        assertThat(b.toString()).doesNotContain("4321", "87");
    }

    @Test
    void aKnownCodeIsMaskedToo() throws Exception {
        JsonNode b = body(AccessRequest.typed("north-gate", CODE_V1, MON_10));

        assertThat(b.path("reason").asText()).isEqualTo("granted");
        assertThat(b.path("subject").asText()).as("the link for an audit").isEqualTo("v1");
        assertThat(b.toString()).doesNotContain("483920", "20\"");
    }

    @Test
    void anUnknownCardIsStillWrittenInFullForTheCrew() throws Exception {
        JsonNode b = body(AccessRequest.of("north-gate", CARD_UNKNOWN, MON_10));

        assertThat(b.path("credentialFull").asText()).isEqualTo("card:h10301/12/9999");
    }

    @Test
    void aPinIsNeverWritten() throws Exception {
        JsonNode b = body(new AccessRequest("north-gate", CARD_S2, "4321", MON_10));

        assertThat(b.path("reason").asText()).isEqualTo("granted");
        assertThat(b.toString()).doesNotContain("4321");
    }
}
