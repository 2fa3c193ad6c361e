package io.courtyard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1234567890, ****7890",
        "123456789012345678, ****5678",
        "123456789, ****6789",
        "12345678, ****78",
        "12345, ****45",
        "1234, ****",
        "7, ****",
    })
    void cardKeepsAtMostFourDigitsBehindAFixedWidthMask(String card, String masked) {
        assertEquals(masked, PersonalData.maskCard(card));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingCardIsStillMasked(String card) {
        assertEquals("****", PersonalData.maskCard(card));
    }

    @Test
    void cardMaskDoesNotRevealTheLength() {
        assertEquals(
                PersonalData.maskCard("9999123456").length(),
                PersonalData.maskCard("99999999999999123456").length());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // Ordinary blue plate: province, city letter, five characters.
        "京A12345, 京A***45",
        "沪B9X7Z2, 沪B***Z2",
        // New-energy green plates have eight characters.
        "京AD12345, 京A****45",
        "粤BF0A123, 粤B****23",
        // Police/embassy-style suffix characters are code points too.
        "粤B1234警, 粤B***4警",
    })
    void plateKeepsProvinceCityAndLastTwo(String plate, String masked) {
        assertEquals(masked, PersonalData.maskPlate(plate));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"京", "京A", "京A1", "京A12", "A12"})
    void tooShortOrMissingPlateIsFullyMasked(String plate) {
        assertEquals("***", PersonalData.maskPlate(plate));
    }

    @Test
    void plateOfFiveCharactersStillHidesItsMiddle() {
        String masked = PersonalData.maskPlate("京A123");
        assertEquals("京A*23", masked);
        assertFalse(masked.contains("1"));
    }

    @Test
    void supplementaryCharactersAreNotSplit() {
        // U+20000 is outside the BMP: a char-based substring would cut it in half.
        String plate = "\uD840\uDC00A12345";
        assertEquals("\uD840\uDC00A***45", PersonalData.maskPlate(plate));
    }
}
