package io.courtyard.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlateNormalizerTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // Ordinary blue and yellow plates.
        "京A12345, 京A12345",
        "京a12345, 京A12345",
        "京A·12345, 京A12345",
        "京A 12345, 京A12345",
        "京A-12345, 京A12345",
        "粤B•8G9H2, 粤B8G9H2",
        // Full-width letters and digits, as some cameras and input methods send them.
        "沪Ｃ１２３４５, 沪C12345",
        // I and O never occur in the serial: a camera's I/O there is a 1/0.
        "京AO12I4, 京A01214",
        // The city letter keeps its O (some provinces use it for police vehicles).
        "粤O12345, 粤O12345",
        // Suffixed plates: trailer, learner, police, Hong Kong, Macau.
        "冀A1234挂, 冀A1234挂",
        "浙A1234学, 浙A1234学",
        "京A1234警, 京A1234警",
        "粤Z1234港, 粤Z1234港",
        "粤Z1234澳, 粤Z1234澳",
        // 8-character new-energy plates: small (energy letter first) and large (energy letter last).
        "京AD12345, 京AD12345",
        "京ADA1234, 京ADA1234",
        "沪AF12345, 沪AF12345",
        "粤BA12345, 粤BA12345",
        "苏E12345D, 苏E12345D",
        "苏e12345f, 苏E12345F",
        "京AD·12345, 京AD12345"
    })
    void normalizes(String raw, String expected) {
        assertEquals(Optional.of(expected), PlateNormalizer.normalize(raw));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "无牌车",
                "A12345",
                "京12345",
                "京A1234",
                "京A123456789",
                "XA12345",
                "港A12345", // Hong Kong's own plates are not mainland plates
                "京A1234挂5",
                "京AZ12345", // Z is no energy letter
                "京AI12345", // ... nor is I, which would become 1
                "京A1234D5",
                "京A12345X", // large new-energy needs an energy letter last
                "京A!2345"
            })
    void refuses(String raw) {
        assertEquals(Optional.empty(), PlateNormalizer.normalize(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"京AD12345", "苏E12345D"})
    void tellsNewEnergyPlates(String plate) {
        assertTrue(PlateNormalizer.isNewEnergy(PlateNormalizer.normalize(plate).orElseThrow()));
        assertFalse(PlateNormalizer.isNewEnergy("京A12345"));
    }
}
