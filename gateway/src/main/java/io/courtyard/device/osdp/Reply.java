package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** A message from a PD to the control panel (OSDP 2.2 reply set). The small ones are declared here. */
public sealed interface Reply extends OsdpMessage
        permits Reply.Ack,
                Reply.Busy,
                Reply.LocalStatus,
                Reply.InputStatus,
                Reply.OutputStatus,
                Nak,
                PdId,
                PdCapabilities,
                RawCardData,
                KeypadData,
                ComReport,
                ClientCryptogram,
                InitialRmac,
                UnknownReply {

    /** osdp_ACK (0x40): done, nothing to report. */
    record Ack() implements Reply {
        public static final int CODE = 0x40;

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    /** osdp_BUSY (0x79): the PD cannot answer now; the CP repeats the same command later. */
    record Busy() implements Reply {
        public static final int CODE = 0x79;

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    /** osdp_LSTATR (0x48): tamper and power-failure flags. */
    record LocalStatus(boolean tamper, boolean powerFailure) implements Reply {
        public static final int CODE = 0x48;

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.ofUnsigned(tamper ? 1 : 0, powerFailure ? 1 : 0);
        }

        static LocalStatus read(PayloadReader r) {
            return new LocalStatus(r.u8() != 0, r.u8() != 0);
        }
    }

    /** osdp_ISTATR (0x49): one byte per input, 0 inactive, 1 active. */
    record InputStatus(Bytes states) implements Reply {
        public static final int CODE = 0x49;

        public static InputStatus of(boolean... active) {
            return new InputStatus(flags(active));
        }

        public int count() {
            return states.length();
        }

        public boolean active(int input) {
            return states.unsigned(input) != 0;
        }

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return states;
        }
    }

    /** osdp_OSTATR (0x4A): one byte per output, 0 inactive, 1 active. */
    record OutputStatus(Bytes states) implements Reply {
        public static final int CODE = 0x4A;

        public static OutputStatus of(boolean... active) {
            return new OutputStatus(flags(active));
        }

        public int count() {
            return states.length();
        }

        public boolean active(int output) {
            return states.unsigned(output) != 0;
        }

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return states;
        }
    }

    private static Bytes flags(boolean... active) {
        int[] v = new int[active.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = active[i] ? 1 : 0;
        }
        return Bytes.ofUnsigned(v);
    }
}
