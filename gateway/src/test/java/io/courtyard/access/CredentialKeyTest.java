package io.courtyard.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialKeyTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "card:h10301/12/34567, card:h10301/12/34567, card:h10301/****67",
        "card:H10301/012/0034567, card:h10301/12/34567, card:h10301/****67",
        "raw:26/0c0d7a40, raw:26/0C0D7A40, raw:26/****40",
        // Padding bits past the bit count are cleared: two readers padding differently agree.
        "raw:26/0C0D7A7F, raw:26/0C0D7A40, raw:26/****40",
        "plate:京a·12345, plate:京A12345, plate:京A***45",
        "code:483920, code:483920, code:****"
    })
    void parsesToTheCanonicalFormAndMasks(String text, String canonical, String masked) {
        CredentialKey k = CredentialKey.parse(text);

        assertEquals(canonical, k.text());
        assertEquals(masked, k.masked());
        assertEquals(masked, k.toString(), "toString never shows the full credential");
        assertEquals(k, CredentialKey.parse(k.text()), "the canonical form parses to itself");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "12345",
                "badge:1",
                "card:h10301/12",
                "card:h10301/x/1",
                "card:h 10301/1/1",
                "raw:26/0C0D7",
                "raw:26/0C0D7A4000",
                "raw:0/",
                "plate:ABC",
                "code:12",
                "code:has space"
            })
    void refusesMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CredentialKey.parse(text));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void rawBitsFromAReaderMatchTheTextForm() {
        CredentialKey fromReader = CredentialKey.raw(26, new byte[] {0x0C, 0x0D, 0x7A, 0x5F});

        assertEquals(CredentialKey.parse("raw:26/0C0D7A40"), fromReader);
    }

    @Test
    void anUnreadablePlateIsNoKey() {
        assertNull(CredentialKey.plate("无牌车"));
    }
}
