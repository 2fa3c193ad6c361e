package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.RawCardData;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.monitor.MonitorEmulator;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.Forgery;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The attack scenario's impostors: a forged reader on a Secure Channel line, a monitor with a guessed password. */
final class Intruders {
    private Intruders() {}

    /**
     * With Secure Channel on at the gate's reader, someone on the line answers a poll in its place
     * with the resident's card read, first in clear, then under a made-up MAC: no decision, no strike,
     * the violation named (the first as a secure-channel alarm; the gateway journals one alarm per run
     * of violations, so the next shows in the session it drops); the real reader handshakes again.
     */
    static void secureChannel(Site site, Compound c, Checks checks, Gate gate, long number) throws Exception {
        OsdpDevice reader = site.config().devices().osdpBuses().stream()
                .filter(b -> b.id().equals(gate.reader().bus()))
                .flatMap(b -> b.devices().stream())
                .filter(d -> d.address() == gate.reader().address())
                .findFirst()
                .orElseThrow();
        if (reader.secureChannel() != DevicesConfig.SecureChannel.ON) {
            checks.note(reader.id() + " has no Secure Channel: no forged card reads tried");
            return;
        }
        EmulatedPd pd = site.osdp().pd(gate.reader().bus(), gate.reader().address());
        RawCardData card = new RawCardData(
                0, RawCardData.FORMAT_WIEGAND, 26, Wiegand.encode(WiegandFormat.H10301, SiteList.FACILITY, number));
        ResidentDay.waitFor(() -> !c.strikeOn(gate), gate.pulse().plusSeconds(2));
        int strikes = c.strikes(gate);
        for (Forgery f : List.of(new Forgery.Plaintext(card), new Forgery.ForgedMac(card))) {
            long mark = site.journal().lastSeq();
            pd.forge(f);
            ResidentDay.waitFor(() -> !pd.forgeryPending(), Duration.ofSeconds(5));
            String kind = f.getClass().getSimpleName();
            Optional<JournalFile.Event> seen = site.journal()
                    .await(
                            mark,
                            e -> reader.id().equals(e.device())
                                    && ("secure-channel".equals(e.text("alarm"))
                                            || e.text("reason").startsWith("Secure Channel violation")),
                            Duration.ofSeconds(5));
            long decisions = site.journal().after(mark).stream()
                    .filter(e -> Compound.isDecision(e, gate.id()))
                    .count();
            checks.check(
                    "resident's card read forged at " + reader.id() + " (" + kind + ") refused, violation journaled",
                    seen.isPresent() && decisions == 0 && c.strikes(gate) == strikes,
                    seen.map(a -> a.body().has("alarm") ? "alarm " + a.text("violation") : a.text("reason"))
                                    .orElse("no violation journaled")
                            + ", " + decisions
                            + " decisions, strike activations " + strikes + " -> " + c.strikes(gate));
            site.awaitOnline(reader.id(), mark);
        }
    }

    /** A monitor's id and username with a wrong password: refused; the real monitor still gets in. */
    static void wrongPassword(Site site, Checks checks) throws Exception {
        List<Monitor> monitors = site.config().devices().monitors();
        if (monitors.isEmpty() || !site.config().listeners().deviceMqtt().enabled()) {
            checks.note("no monitor configured: the wrong-password login is not tried");
            return;
        }
        Monitor m = monitors.get(0);
        EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("scenario-intruder", true));
        try {
            MonitorEmulator intruder = new MonitorEmulator(
                    m.id(),
                    m.username(),
                    m.secret().reveal() + "-guess",
                    m.faultTable(),
                    "127.0.0.1",
                    site.config().listeners().deviceMqtt().port(),
                    MqttVersion.MQTT_5,
                    null,
                    group,
                    NioSocketChannel.class,
                    Duration.ofMillis(300),
                    Clock.systemUTC());
            String outcome;
            try {
                intruder.connect().get(10, TimeUnit.SECONDS);
                outcome = "connected";
            } catch (Exception e) {
                outcome = "refused: " + (e.getCause() == null ? e : e.getCause()).getMessage();
            }
            checks.check(
                    "monitor " + m.id() + " with a wrong password refused", outcome.startsWith("refused"), outcome);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        long mark = site.journal().lastSeq();
        site.monitors().of(m.elevator()).orElseThrow().status().get(10, TimeUnit.SECONDS);
        Optional<JournalFile.Event> status = site.journal()
                .await(
                        mark,
                        e -> "monitor-status".equals(e.text("state"))
                                && m.elevator().equals(e.text("elevator")),
                        Duration.ofSeconds(5));
        checks.check(
                "the real " + m.id() + " still reports", status.isPresent(), status.isPresent() ? "" : "no status");
    }
}
