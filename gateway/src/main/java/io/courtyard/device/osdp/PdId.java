package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_PDID (0x45, OSDP 2.2): who the PD is.
 *
 * @param vendorCode IEEE OUI, three bytes in wire order
 * @param serialNumber 32 bits, little endian on the wire
 */
public record PdId(
        Bytes vendorCode,
        int model,
        int version,
        long serialNumber,
        int firmwareMajor,
        int firmwareMinor,
        int firmwareBuild)
        implements Reply {
    public static final int CODE = 0x45;

    public PdId {
        Checks.length("vendor code", vendorCode, 3);
        Checks.unsignedByte("model", model);
        Checks.unsignedByte("version", version);
        Checks.range("serial number", serialNumber, 0, 0xFFFF_FFFFL);
        Checks.unsignedByte("firmware major", firmwareMajor);
        Checks.unsignedByte("firmware minor", firmwareMinor);
        Checks.unsignedByte("firmware build", firmwareBuild);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(12)
                .bytes(vendorCode)
                .u8(model)
                .u8(version)
                .u32le(serialNumber)
                .u8(firmwareMajor)
                .u8(firmwareMinor)
                .u8(firmwareBuild)
                .toBytes();
    }

    static PdId read(PayloadReader r) {
        return new PdId(r.bytes(3), r.u8(), r.u8(), r.u32le(), r.u8(), r.u8(), r.u8());
    }
}
