package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_COMSET (0x6E, OSDP 2.2): new address and baud rate for a PD. The PD answers with
 * osdp_COM carrying the values it will use, then switches.
 */
public record ComSet(int newAddress, long baudRate) implements Command {
    public static final int CODE = 0x6E;

    public ComSet {
        Checks.range("new address", newAddress, 0, OsdpFrame.BROADCAST - 1);
        Checks.range("baud rate", baudRate, 1, 0xFFFF_FFFFL);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(5).u8(newAddress).u32le(baudRate).toBytes();
    }

    static ComSet read(PayloadReader r) {
        int address = r.u8();
        long baud = r.u32le();
        if (address >= OsdpFrame.BROADCAST || baud == 0) {
            throw r.malformed("address " + address + " or baud rate " + baud + " cannot be set");
        }
        return new ComSet(address, baud);
    }
}
