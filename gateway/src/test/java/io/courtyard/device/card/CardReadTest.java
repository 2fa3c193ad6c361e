package io.courtyard.device.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.courtyard.access.CredentialKey;
import io.courtyard.device.Bytes;
import org.junit.jupiter.api.Test;

class CardReadTest {
    @Test
    void cardReadsFromTheOsdpCodecBecomeKeys() {
        CardRead h10301 = Wiegand.decode(26, Wiegand.encode(WiegandFormat.H10301, 12, 34567));
        CardRead corporate = Wiegand.decode(35, Wiegand.encode(WiegandFormat.CORPORATE_1000, 1234, 567890));
        CardRead raw = Wiegand.decode(32, Bytes.fromHex("0c0d7a5f"));

        assertEquals(CredentialKey.parse("card:h10301/12/34567"), h10301.credential());
        assertEquals(CredentialKey.parse("card:corporate-1000/1234/567890"), corporate.credential());
        assertEquals(CredentialKey.parse("raw:32/0C0D7A5F"), raw.credential());
        assertNull(new CardRead.BadParity(WiegandFormat.H10301).credential(), "a failed parity is no credential");
    }
}
