package io.courtyard.device.osdp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.SecureChannel;
import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.OsdpCodecMetrics;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.OsdpPipeline;
import io.courtyard.device.osdp.PdCapabilities;
import io.courtyard.device.osdp.PdCapabilities.Capability;
import io.courtyard.device.osdp.PdId;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.Ack;
import io.courtyard.device.osdp.Role;
import io.courtyard.device.osdp.SecureSessions;
import io.courtyard.testsupport.EmbeddedChannelTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The poller's wire behaviour on {@link EmbeddedChannel}s with the event loop's clock under the
 * test's control: what goes out, when, and with which sequence number and check mode.
 */
class BusPollerTest extends EmbeddedChannelTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final PdId ID = new PdId(Bytes.fromHex("0a5c26"), 1, 1, 7, 1, 0, 0);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> reports = new ArrayList<>();
    private final OsdpListener listener = new OsdpListener() {
        @Override
        public void online(Pd pd, PdInfo info) {
            reports.add("online " + pd.address() + " " + info.checkMode());
        }

        @Override
        public void offline(Pd pd, String reason) {
            reports.add("offline " + pd.address() + ": " + reason);
        }
    };
    /** Decodes what the poller writes, as a PD would. */
    private final EmbeddedChannel pd = channel(p ->
            OsdpPipeline.addCodec(p, Role.PERIPHERAL, new SecureSessions(), new OsdpCodecMetrics(registry, "pd-side")));

    private EmbeddedChannel poller(int... addresses) {
        List<OsdpDevice> devices = new ArrayList<>();
        for (int a : addresses) {
            devices.add(new OsdpDevice("pd-" + a, a, SecureChannel.OFF, Optional.empty()));
        }
        OsdpBus config = new OsdpBus("bus-t", "127.0.0.1", 1, Duration.ofSeconds(5), TIMEOUT, 3, devices);
        BusContext bus = new BusContext(
                config, PollerOptions.DEFAULTS, listener, registry, Clock.systemUTC(), new SecureRandom());
        EmbeddedChannel cp = new EmbeddedChannel(false, false);
        cp.freezeTime();
        cp.pipeline().addLast(new BusInitializer(bus));
        track(cp);
        try {
            cp.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return cp;
    }

    /** The frames the poller wrote since the last call, as raw bytes each. */
    private static List<byte[]> frames(EmbeddedChannel cp) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf b = cp.readOutbound(); b != null; b = cp.readOutbound()) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.add(bytes);
        }
        return out;
    }

    private OsdpPacket decodeAtPd(byte[] frame) {
        writeBytes(pd, frame);
        return inbound(pd, OsdpPacket.class).get(0);
    }

    /** The PD's answer to {@code command}, as bytes into the poller's channel. */
    private void reply(EmbeddedChannel cp, OsdpPacket command, Reply reply) {
        pd.writeOutbound(OsdpPacket.replyTo(command, reply));
        writeBytes(cp, outboundBytes(pd));
    }

    private static void elapse(EmbeddedChannel cp, Duration d) {
        cp.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        cp.runScheduledPendingTasks();
    }

    @Test
    void aRetryResendsTheSameBytesAndThreeMissesMakeTheFirstReportOffline() {
        EmbeddedChannel cp = poller(1);
        byte[] first = frames(cp).get(0);
        assertThat(decodeAtPd(first).sequence())
                .as("a PD is first addressed with sequence 0")
                .isZero();

        elapse(cp, TIMEOUT);
        byte[] retry = frames(cp).get(0);
        elapse(cp, TIMEOUT);
        byte[] again = frames(cp).get(0);
        assertThat(hex(retry)).isEqualTo(hex(first));
        assertThat(hex(again)).isEqualTo(hex(first));
        assertThat(reports).isEmpty();

        elapse(cp, TIMEOUT);
        assertThat(reports).containsExactly("offline 1: no reply to 3 attempts");
        assertThat(frames(cp)).as("an offline PD waits for its probe").isEmpty();
    }

    /**
     * The stall fixed in ae5ccaf, made deterministic: a wakeup that fires and finds nothing due must
     * arm the next one. Here the loop's clock runs ahead of the PD's due time (which follows the
     * system clock), as a remote restart that moves a PD's slot does; before the fix the running
     * wakeup counted as pending, none was armed again, and the bus fell silent for good.
     */
    @Test
    void aWakeupThatFindsNothingDueArmsTheNextSoTheBusNeverFallsSilent() throws InterruptedException {
        EmbeddedChannel cp = poller(1);
        frames(cp);
        elapse(cp, TIMEOUT);
        elapse(cp, TIMEOUT);
        elapse(cp, TIMEOUT);
        assertThat(reports).containsExactly("offline 1: no reply to 3 attempts");
        frames(cp);

        elapse(cp, PollerOptions.DEFAULTS.offlineProbe());
        assertThat(frames(cp))
                .as("the wakeup came early: the probe is not due yet")
                .isEmpty();
        Thread.sleep(PollerOptions.DEFAULTS.offlineProbe().toMillis() + 100);
        elapse(cp, PollerOptions.DEFAULTS.offlineProbe());
        assertThat(frames(cp))
                .as("the next wakeup was armed and sent the probe")
                .hasSize(1);
    }

    @Test
    void nothingElseGoesOutWhileAReplyIsOutstanding() {
        EmbeddedChannel cp = poller(1, 2);
        List<byte[]> sent = frames(cp);
        assertThat(sent).hasSize(1);
        OsdpPacket toFirst = decodeAtPd(sent.get(0));
        assertThat(toFirst.pdAddress()).isEqualTo(1);
        cp.runPendingTasks();
        assertThat(frames(cp)).isEmpty();

        reply(cp, toFirst, ID);
        List<byte[]> next = frames(cp);
        assertThat(next).hasSize(1);
        assertThat(decodeAtPd(next.get(0)).pdAddress())
                .as("round robin: the other PD's turn")
                .isEqualTo(2);
    }

    @Test
    void aReplyWithTheWrongSequenceOrFromAnotherPdIsStrayNotAnAnswer() {
        EmbeddedChannel cp = poller(1, 2);
        OsdpPacket toFirst = decodeAtPd(frames(cp).get(0));
        reply(cp, new OsdpPacket(1, 2, CheckMode.CRC, toFirst.message(), false, false), new Ack());
        reply(cp, OsdpPacket.command(2, 0, CheckMode.CRC, (Command) toFirst.message()), ID);

        assertThat(frames(cp)).isEmpty();
        assertThat(registry.get(BusMetrics.STRAY).counter().count()).isEqualTo(2);
        reply(cp, toFirst, ID);
        assertThat(frames(cp)).hasSize(1);
    }

    @Test
    void capabilitiesWithoutCrcSwitchThePdToChecksumMode() {
        EmbeddedChannel cp = poller(1);
        reply(cp, decodeAtPd(frames(cp).get(0)), ID);
        OsdpPacket cap = decodeAtPd(frames(cp).get(0));
        assertThat(cap.checkMode()).isEqualTo(CheckMode.CRC);
        reply(cp, cap, PdCapabilities.of(new Capability(PdCapabilities.CHECK_CHARACTER, 0, 0)));

        assertThat(reports).containsExactly("online 1 CHECKSUM");
        OsdpPacket next = decodeAtPd(frames(cp).get(0));
        assertThat(next.checkMode()).isEqualTo(CheckMode.CHECKSUM);
        assertThat(next.sequence()).as("the count goes on: the PD accepted CAP").isEqualTo(2);
    }

    @Test
    void aSequenceNakFromThePolledPdCountsWhateverItsNumberOtherNaksMustMatch() {
        EmbeddedChannel cp = poller(1);
        reply(cp, decodeAtPd(frames(cp).get(0)), ID);
        reply(
                cp,
                decodeAtPd(frames(cp).get(0)),
                PdCapabilities.of(new Capability(PdCapabilities.CHECK_CHARACTER, 1, 0)));
        assertThat(reports).containsExactly("online 1 CRC");
        OsdpPacket next = decodeAtPd(frames(cp).get(0));
        assertThat(next.sequence()).isEqualTo(2);

        // Another NAK numbered 0 answers nothing; a sequence NAK numbered 0 is a rebooted PD's.
        OsdpPacket numberedZero = new OsdpPacket(1, 0, CheckMode.CRC, next.message(), false, false);
        reply(cp, numberedZero, Nak.of(Nak.Reason.UNKNOWN_COMMAND));
        assertThat(registry.get(BusMetrics.STRAY).counter().count()).isEqualTo(1);
        reply(cp, numberedZero, Nak.of(Nak.Reason.UNEXPECTED_SEQUENCE));

        assertThat(reports).containsExactly("online 1 CRC", "offline 1: PD lost the sequence (it may have restarted)");
        OsdpPacket rediscovery = decodeAtPd(frames(cp).get(0));
        assertThat(rediscovery.message()).isInstanceOf(Command.IdRequest.class);
        assertThat(rediscovery.sequence()).as("starting over").isZero();
        assertThat(registry.get(BusMetrics.STRAY).counter().count()).isEqualTo(1);
    }
}
