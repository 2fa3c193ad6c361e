package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** osdp_COM (0x54, OSDP 2.2): the PD's answer to COMSET, with the address and baud rate it will use. */
public record ComReport(int address, long baudRate) implements Reply {
    public static final int CODE = 0x54;

    public ComReport {
        Checks.unsignedByte("address", address);
        Checks.range("baud rate", baudRate, 0, 0xFFFF_FFFFL);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(5).u8(address).u32le(baudRate).toBytes();
    }

    static ComReport read(PayloadReader r) {
        return new ComReport(r.u8(), r.u32le());
    }
}
