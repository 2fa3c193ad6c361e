package io.courtyard.sim.osdp;

import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.device.Bytes;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.LedSetting;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.sim.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's OSDP side: serial servers by bus id, each with its PDs, and the calls scenarios
 * and tests use to act on them by bus and address. Owns its event loops (never the gateway's).
 */
public final class OsdpSim implements AutoCloseable {
    private final EventLoopGroup group;
    private final Map<String, SerialServer> buses = new ConcurrentHashMap<>();

    public OsdpSim() {
        this(1);
    }

    public OsdpSim(int threads) {
        group = Transport.group(threads, "sim-osdp");
    }

    /** Starts a serial server for {@code bus} on 127.0.0.1:{@code port} (0: a free port) with these PDs. */
    public SerialServer bus(String bus, int port, EmulatedPd... pds) {
        SerialServer s = SerialServer.start(bus, group, port, List.of(pds));
        if (buses.putIfAbsent(bus, s) != null) {
            s.close();
            throw new IllegalArgumentException("bus " + bus + " already exists");
        }
        return s;
    }

    /**
     * Emulators for every PD a gateway configuration names, each bus on its configured port of
     * 127.0.0.1: a PD whose id mentions "relay" is a 16-relay board, any other a reader; Secure
     * Channel ON gives the PD the configured key, INSTALL makes it factory-fresh.
     */
    public static OsdpSim serving(List<OsdpBus> buses) {
        OsdpSim sim = new OsdpSim();
        try {
            for (OsdpBus bus : buses) {
                List<EmulatedPd> pds = new ArrayList<>();
                for (OsdpDevice d : bus.devices()) {
                    PdProfile kind = d.id().contains("relay") ? PdProfile.relayBoard(16, 16) : PdProfile.reader();
                    PdProfile profile =
                            switch (d.secureChannel()) {
                                case OFF -> kind;
                                case ON -> kind.withScbk(
                                        Scbk.fromHex(d.scbkHex().orElseThrow()));
                                case INSTALL -> kind.factoryFresh();
                            };
                    pds.add(new EmulatedPd(d.address(), profile.withSerial(d.address())));
                }
                sim.bus(bus.id(), bus.port(), pds.toArray(EmulatedPd[]::new));
            }
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    public SerialServer bus(String bus) {
        SerialServer s = buses.get(bus);
        if (s == null) {
            throw new IllegalArgumentException("no simulated bus '" + bus + "'; have " + buses.keySet());
        }
        return s;
    }

    public List<SerialServer> buses() {
        return new ArrayList<>(buses.values());
    }

    public EmulatedPd pd(String bus, int address) {
        EmulatedPd pd = bus(bus).pd(address);
        if (pd == null) {
            throw new IllegalArgumentException("no PD at address " + address + " on simulated bus " + bus);
        }
        return pd;
    }

    public void presentCard(String bus, int address, WiegandFormat format, int facility, long number) {
        pd(bus, address).presentCard(format, facility, number);
    }

    public void presentRaw(String bus, int address, int bitCount, Bytes bits) {
        pd(bus, address).presentRaw(bitCount, bits);
    }

    public void pressKeys(String bus, int address, String keys) {
        pd(bus, address).pressKeys(keys);
    }

    public void setInput(String bus, int address, int input, boolean active) {
        pd(bus, address).setInput(input, active);
    }

    public boolean output(String bus, int address, int output) {
        return pd(bus, address).output(output);
    }

    public boolean[] outputs(String bus, int address) {
        return pd(bus, address).outputs();
    }

    public Optional<LedSetting> led(String bus, int address) {
        return pd(bus, address).led();
    }

    @Override
    public void close() {
        buses.values().forEach(SerialServer::close);
        buses.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
