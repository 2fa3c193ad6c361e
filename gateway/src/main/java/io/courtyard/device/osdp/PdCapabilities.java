package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** osdp_PDCAP (0x46, OSDP 2.2): what the PD can do, as (function, compliance, count) triples. */
public record PdCapabilities(List<Capability> capabilities) implements Reply {
    public static final int CODE = 0x46;
    /** Function 8, check character support: compliance 1 when the PD does CRC-16 (OSDP 2.2 table). */
    public static final int CHECK_CHARACTER = 8;
    /** Function 9, communication security: compliance bit 0 set when AES-128 Secure Channel works. */
    public static final int COMMUNICATION_SECURITY = 9;
    /** Function 10, receive buffer size: compliance is the LSB, count the MSB. */
    public static final int RECEIVE_BUFFER = 10;

    public PdCapabilities {
        capabilities = List.copyOf(capabilities);
    }

    public static PdCapabilities of(Capability... capabilities) {
        return new PdCapabilities(List.of(capabilities));
    }

    public Optional<Capability> function(int function) {
        return capabilities.stream().filter(c -> c.function() == function).findFirst();
    }

    /** FACTS: a CP falls back to checksum mode when the PD says it has no CRC. Absent means yes. */
    public boolean supportsCrc() {
        return function(CHECK_CHARACTER).map(c -> c.compliance() != 0).orElse(true);
    }

    public boolean supportsSecureChannel() {
        return function(COMMUNICATION_SECURITY)
                .map(c -> (c.compliance() & 1) != 0)
                .orElse(false);
    }

    /** The largest frame the PD can receive, if it says. */
    public Optional<Integer> receiveBufferSize() {
        return function(RECEIVE_BUFFER).map(c -> c.compliance() | c.count() << 8);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        PayloadWriter w = new PayloadWriter(capabilities.size() * 3);
        for (Capability c : capabilities) {
            w.u8(c.function()).u8(c.compliance()).u8(c.count());
        }
        return w.toBytes();
    }

    static PdCapabilities read(PayloadReader r) {
        int n = r.records(3);
        List<Capability> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Capability(r.u8(), r.u8(), r.u8()));
        }
        return new PdCapabilities(list);
    }

    /** One capability triple. */
    public record Capability(int function, int compliance, int count) {
        public Capability {
            Checks.unsignedByte("function", function);
            Checks.unsignedByte("compliance", compliance);
            Checks.unsignedByte("count", count);
        }
    }
}
