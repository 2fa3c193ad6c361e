package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** A message from the control panel to a PD (OSDP 2.2 command set). The bodiless ones are declared here. */
public sealed interface Command extends OsdpMessage
        permits Command.Poll,
                Command.IdRequest,
                Command.CapabilitiesRequest,
                Command.LocalStatusRequest,
                Command.InputStatusRequest,
                Command.OutputStatusRequest,
                OutputControl,
                LedControl,
                BuzzerControl,
                ComSet,
                KeySet,
                Challenge,
                ServerCryptogram,
                UnknownCommand {

    /** osdp_POLL (0x60): "anything to report?"; answered with ACK or the news. */
    record Poll() implements Command {
        public static final int CODE = 0x60;

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    /** osdp_ID (0x61): asks for PDID; type 0x00 is the standard report. */
    record IdRequest(int type) implements Command {
        public static final int CODE = 0x61;
        public static final IdRequest STANDARD = new IdRequest(0);

        public IdRequest {
            Checks.unsignedByte("type", type);
        }

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.ofUnsigned(type);
        }
    }

    /** osdp_CAP (0x62): asks for PDCAP; type 0x00 is the standard report. */
    record CapabilitiesRequest(int type) implements Command {
        public static final int CODE = 0x62;
        public static final CapabilitiesRequest STANDARD = new CapabilitiesRequest(0);

        public CapabilitiesRequest {
            Checks.unsignedByte("type", type);
        }

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.ofUnsigned(type);
        }
    }

    /** osdp_LSTAT (0x64): tamper and power status. */
    record LocalStatusRequest() implements Command {
        public static final int CODE = 0x64;

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    /** osdp_ISTAT (0x65): input states. */
    record InputStatusRequest() implements Command {
        public static final int CODE = 0x65;

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    /** osdp_OSTAT (0x66): output states. */
    record OutputStatusRequest() implements Command {
        public static final int CODE = 0x66;

        @Override
        public int code() {
            return CODE;
        }

        @Override
        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }
}
