package io.courtyard.device.card;

import io.courtyard.access.CredentialKey;
import io.courtyard.device.Bytes;
import io.courtyard.runtime.PersonalData;
import java.util.Locale;

/**
 * What a card read means: a known format, raw bits from a reader we cannot interpret, bad parity, or
 * bits no access list can hold.
 */
public sealed interface CardRead permits CardRead.Card, CardRead.RawCard, CardRead.BadParity, CardRead.Unreadable {

    /**
     * The key the access list is indexed by: a decoded card keyed by its format's name
     * ({@code h10301}, {@code h10306}, {@code corporate-1000}, {@code h10304}), raw bits as such;
     * null for a card whose parity failed or whose bits are unreadable (a misread or a forgery:
     * nothing to look up). A read without credential is decided, and denied {@code invalid-credential}.
     */
    default CredentialKey credential() {
        if (this instanceof Card c) {
            return CredentialKey.card(
                    c.format().name().toLowerCase(Locale.ROOT).replace('_', '-'), c.facility(), c.number());
        }
        if (this instanceof RawCard r) {
            return CredentialKey.raw(r.bitCount(), r.bits().toArray());
        }
        return null;
    }

    /** A card in a known format with its parity intact. */
    record Card(WiegandFormat format, int facility, long number) implements CardRead {
        public Card {
            if (format == null) {
                throw new IllegalArgumentException("format: missing");
            }
            if (facility < 0 || facility > format.maxFacility()) {
                throw new IllegalArgumentException(
                        "facility: " + facility + " is outside 0.." + format.maxFacility() + " for " + format);
            }
            if (number < 0 || number > format.maxNumber()) {
                throw new IllegalArgumentException(
                        "card number: " + number + " is outside 0.." + format.maxNumber() + " for " + format);
            }
        }

        /** Card numbers are personal data: the number is masked (DESIGN, contracts). */
        @Override
        public String toString() {
            return "Card[" + format + ", facility=" + facility + ", number="
                    + PersonalData.maskCard(Long.toString(number)) + "]";
        }
    }

    /**
     * Bits of a length no known format has, e.g. a UID-only reader's 32 or 56 bits. The bits past
     * {@code bitCount} are cleared, so that two reads of one card compare equal.
     */
    record RawCard(int bitCount, Bytes bits) implements CardRead {
        public RawCard {
            if (bitCount < 0 || bits.length() != WiegandBits.bytesFor(bitCount)) {
                throw new IllegalArgumentException("bits: " + bits.length() + " bytes for " + bitCount
                        + " bits, expected " + WiegandBits.bytesFor(bitCount));
            }
            int spare = bits.length() * 8 - bitCount;
            if (spare > 0 && (bits.unsigned(bits.length() - 1) & ((1 << spare) - 1)) != 0) {
                byte[] b = bits.toArray();
                b[b.length - 1] &= (byte) (0xFF << spare);
                bits = Bytes.of(b);
            }
        }

        @Override
        public String toString() {
            return "RawCard[bitCount=" + bitCount + ", bits=" + PersonalData.maskCard(bits.hex()) + "]";
        }
    }

    /** The bit length names a format but a parity bit is wrong: a misread or a forged card; deny. */
    record BadParity(WiegandFormat format) implements CardRead {}

    /**
     * No bits at all, or more than {@link Wiegand#MAX_RAW_BITS}: nothing a credential can be (a
     * reader fault or someone probing the reader); decided without credential and denied.
     */
    record Unreadable(int bitCount) implements CardRead {}
}
