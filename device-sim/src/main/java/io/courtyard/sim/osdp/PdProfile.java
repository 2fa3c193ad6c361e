package io.courtyard.sim.osdp;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.PdCapabilities;
import io.courtyard.device.osdp.PdCapabilities.Capability;
import io.courtyard.device.osdp.PdId;
import io.courtyard.device.osdp.Scbk;
import java.util.ArrayList;
import java.util.List;

/**
 * What kind of PD an emulator is: readers, inputs, outputs, CRC support and Secure Channel keys.
 *
 * @param scbk the PD's own Secure Channel key, or null when it has none (factory-fresh or no SC)
 * @param installMode whether the PD accepts SCBK-D, as a factory-fresh PD does
 * @param sequenceNakAtZero the PD answers a sequence error with NAK 4 numbered 0 (its own count)
 *     instead of the command's number, as some readers do right after a reboot
 */
public record PdProfile(
        String kind,
        int model,
        int readers,
        int inputs,
        int outputs,
        boolean crc,
        Scbk scbk,
        boolean installMode,
        long serial,
        boolean sequenceNakAtZero) {
    /** An OUI no vendor owns (locally administered bit set), so a capture never names a real maker. */
    static final Bytes VENDOR = Bytes.fromHex("0A5C26");

    /** OSDP 2.2 receive buffer, 1440 bytes as compliance (LSB) and count (MSB). */
    private static final int BUFFER = 1440;

    /** A card reader with a keypad, LED and buzzer, plus two inputs (door contact, exit button) and a strike relay. */
    public static PdProfile reader() {
        return new PdProfile("reader", 1, 1, 2, 1, true, null, false, 1001, false);
    }

    /** A relay board: {@code outputs} relays (e.g. floor-button enables) and {@code inputs} contacts. */
    public static PdProfile relayBoard(int outputs, int inputs) {
        return new PdProfile("relay-board", 2, 0, inputs, outputs, true, null, false, 2001, false);
    }

    public PdProfile withScbk(Scbk key) {
        return new PdProfile(kind, model, readers, inputs, outputs, crc, key, installMode, serial, sequenceNakAtZero);
    }

    /** Factory-fresh: no key of its own, NAKs a CHLNG for any key but SCBK-D until it is handed one with KEYSET. */
    public PdProfile factoryFresh() {
        return new PdProfile(kind, model, readers, inputs, outputs, crc, null, true, serial, sequenceNakAtZero);
    }

    /**
     * Factory-fresh as the open reference implementation's PD is: SCBK-D is the only key it holds, so
     * it answers every CHLNG, even one asking for the paired key, with a cryptogram computed from
     * SCBK-D; the mismatch shows only when the CP checks that cryptogram. Takes a key with KEYSET.
     */
    public PdProfile defaultKeyOnly() {
        return new PdProfile(kind, model, readers, inputs, outputs, crc, Scbk.DEFAULT, true, serial, sequenceNakAtZero);
    }

    /** A PD that cannot compute CRC-16: NAKs CRC frames with code 1 and says so in its capabilities. */
    public PdProfile checksumOnly() {
        return new PdProfile(
                kind, model, readers, inputs, outputs, false, scbk, installMode, serial, sequenceNakAtZero);
    }

    public PdProfile withSerial(long number) {
        return new PdProfile(kind, model, readers, inputs, outputs, crc, scbk, installMode, number, sequenceNakAtZero);
    }

    /** See {@code sequenceNakAtZero}: NAK 4 numbered 0 whatever the command's number was. */
    public PdProfile withSequenceNakAtZero() {
        return new PdProfile(kind, model, readers, inputs, outputs, crc, scbk, installMode, serial, true);
    }

    public boolean secureChannel() {
        return scbk != null || installMode;
    }

    PdId id() {
        return new PdId(VENDOR, model, 1, serial, 2, 2, 0);
    }

    /** cUID: vendor, model and serial, as real PDs derive it. */
    Bytes clientUid() {
        return Bytes.ofUnsigned(
                VENDOR.unsigned(0),
                VENDOR.unsigned(1),
                VENDOR.unsigned(2),
                model,
                (int) (serial >>> 24 & 0xFF),
                (int) (serial >>> 16 & 0xFF),
                (int) (serial >>> 8 & 0xFF),
                (int) (serial & 0xFF));
    }

    PdCapabilities capabilities() {
        List<Capability> caps = new ArrayList<>();
        if (inputs > 0) {
            caps.add(new Capability(1, 1, inputs));
        }
        if (outputs > 0) {
            caps.add(new Capability(2, 1, outputs));
        }
        if (readers > 0) {
            caps.add(new Capability(3, 1, 0));
            caps.add(new Capability(4, 1, 1));
            caps.add(new Capability(5, 1, 1));
        }
        caps.add(new Capability(PdCapabilities.CHECK_CHARACTER, crc ? 1 : 0, 0));
        caps.add(new Capability(PdCapabilities.COMMUNICATION_SECURITY, secureChannel() ? 1 : 0, 0));
        caps.add(new Capability(PdCapabilities.RECEIVE_BUFFER, BUFFER & 0xFF, BUFFER >>> 8));
        return new PdCapabilities(caps);
    }
}
