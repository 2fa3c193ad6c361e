package io.courtyard.bench;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.ClientCryptogram;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.CpHandshake;
import io.courtyard.device.osdp.InitialRmac;
import io.courtyard.device.osdp.OsdpCodecMetrics;
import io.courtyard.device.osdp.OsdpFrame;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.OsdpPipeline;
import io.courtyard.device.osdp.PdHandshake;
import io.courtyard.device.osdp.RawCardData;
import io.courtyard.device.osdp.Role;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.SecureSession;
import io.courtyard.device.osdp.SecureSessions;
import io.courtyard.device.osdp.Sequence;
import io.courtyard.device.osdp.ServerCryptogram;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The OSDP codec's cost per message, through the real pipelines on {@link EmbeddedChannel}s (no
 * sockets): one operation of {@code pollRawExchange} is a POLL encoded by the panel, decoded by the
 * PD, a RAW card reply encoded by the PD and decoded by the panel. {@code sealPoll} and
 * {@code sealRaw} isolate the Secure Channel work: MAC only (one block), and encryption plus MAC.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class OsdpCodecBenchmark {
    private static final Scbk KEY = Scbk.fromHex("8f2d61c05be74a1399e0d3b4a5c6f718");
    private static final RawCardData CARD =
            new RawCardData(0, RawCardData.FORMAT_WIEGAND, 26, Bytes.fromHex("bd88eb80"));

    @Param({"false", "true"})
    public boolean secure;

    private EmbeddedChannel cp;
    private EmbeddedChannel pd;
    private final Sequence sequence = new Sequence();
    private SecureSession macSession;
    private OsdpFrame pollFrame;
    private OsdpFrame rawFrame;

    @Setup(Level.Trial)
    public void setUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SecureSessions cpSessions = new SecureSessions();
        SecureSessions pdSessions = new SecureSessions();
        cp = new EmbeddedChannel();
        pd = new EmbeddedChannel();
        OsdpPipeline.addCodec(cp.pipeline(), Role.CONTROL_PANEL, cpSessions, new OsdpCodecMetrics(registry, "cp"));
        OsdpPipeline.addCodec(pd.pipeline(), Role.PERIPHERAL, pdSessions, new OsdpCodecMetrics(registry, "pd"));
        SecureRandom random = new SecureRandom();
        CpHandshake panel = CpHandshake.paired(1, KEY, random);
        PdHandshake device = new PdHandshake(KEY, false, Bytes.fromHex("0001020304050607"), random);
        ServerCryptogram scrypt = panel.onClientCryptogram((ClientCryptogram) device.onChallenge(panel.challenge()));
        InitialRmac rmacI = (InitialRmac) device.onServerCryptogram(scrypt);
        macSession = panel.onInitialRmac(rmacI);
        if (secure) {
            // A second pair for the pipelines, so that sealPoll/sealRaw do not disturb their chain.
            CpHandshake p2 = CpHandshake.paired(1, KEY, random);
            PdHandshake d2 = new PdHandshake(KEY, false, Bytes.fromHex("0001020304050607"), random);
            ServerCryptogram s2 = p2.onClientCryptogram((ClientCryptogram) d2.onChallenge(p2.challenge()));
            InitialRmac r2 = (InitialRmac) d2.onServerCryptogram(s2);
            cpSessions.put(1, p2.onInitialRmac(r2));
            pdSessions.put(1, d2.session().orElseThrow());
        }
        pollFrame = OsdpFrame.of(1, false, 1, CheckMode.CRC, null, Command.Poll.CODE, Bytes.EMPTY);
        rawFrame = OsdpFrame.of(1, true, 1, CheckMode.CRC, null, RawCardData.CODE, CARD.payload());
    }

    @Benchmark
    public Object pollRawExchange() {
        cp.writeOutbound(OsdpPacket.command(1, sequence.next(), CheckMode.CRC, new Command.Poll()));
        pd.writeInbound((ByteBuf) cp.readOutbound());
        OsdpPacket poll = pd.readInbound();
        pd.writeOutbound(OsdpPacket.replyTo(poll, CARD));
        cp.writeInbound((ByteBuf) pd.readOutbound());
        return cp.readInbound();
    }

    /** MAC only: the 8-byte POLL body is one block under S-MAC2. */
    @Benchmark
    public OsdpFrame sealPoll() {
        return macSession.seal(pollFrame);
    }

    /** Encrypts the 8-byte RAW data (one block) and MACs the 24-byte body (two blocks). */
    @Benchmark
    public OsdpFrame sealRaw() {
        return macSession.seal(rawFrame);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cp.finishAndReleaseAll();
        pd.finishAndReleaseAll();
    }
}
