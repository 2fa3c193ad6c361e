package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** osdp_KEYPPAD (0x53, OSDP 2.2): keys pressed, as ASCII ('0'..'9', 0x7F for '*', 0x0D for '#'). */
public record KeypadData(int reader, Bytes digits) implements Reply {
    public static final int CODE = 0x53;

    public KeypadData {
        Checks.unsignedByte("reader", reader);
        Checks.range("digit count", digits.length(), 0, 0xFF);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(2 + digits.length())
                .u8(reader)
                .u8(digits.length())
                .bytes(digits)
                .toBytes();
    }

    static KeypadData read(PayloadReader r) {
        int reader = r.u8();
        return new KeypadData(reader, r.bytes(r.u8()));
    }

    /** Keys may be a PIN: never in logs. */
    @Override
    public String toString() {
        return "KeypadData[reader=" + reader + ", digits=<" + digits.length() + ">]";
    }
}
