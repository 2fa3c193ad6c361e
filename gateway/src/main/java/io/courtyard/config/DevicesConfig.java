package io.courtyard.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every device the gateway talks to, and what each one controls. */
public record DevicesConfig(
        List<OsdpBus> osdpBuses,
        List<Gate> gates,
        List<Elevator> elevators,
        List<ParkingZone> parkingZones,
        List<Barrier> barriers,
        List<Monitor> monitors,
        MonitoringConfig monitoring) {

    /** Without a monitoring section: its defaults and the built-in fault tables (tests). */
    public DevicesConfig(
            List<OsdpBus> osdpBuses,
            List<Gate> gates,
            List<Elevator> elevators,
            List<ParkingZone> parkingZones,
            List<Barrier> barriers,
            List<Monitor> monitors) {
        this(osdpBuses, gates, elevators, parkingZones, barriers, monitors, MonitoringConfig.defaults());
    }

    /** An RS-485 bus reached through a serial-to-TCP server; the gateway connects out. */
    public record OsdpBus(
            String id,
            String host,
            int port,
            Duration pollInterval,
            Duration replyTimeout,
            int offlineAfterMissed,
            List<OsdpDevice> devices) {}

    /** One peripheral device (PD) on a bus. */
    public record OsdpDevice(String id, int address, SecureChannel secureChannel, Optional<String> scbkHex) {
        /** The Secure Channel base key stays out of every log line and config dump. */
        @Override
        public String toString() {
            return "OsdpDevice[id=" + id + ", address=" + address + ", secureChannel=" + secureChannel + ", scbk="
                    + (scbkHex.isPresent() ? "****" : "none") + "]";
        }
    }

    /** OSDP Secure Channel policy per device; INSTALL accepts the default key SCBK-D. */
    public enum SecureChannel {
        OFF,
        ON,
        INSTALL
    }

    /** Points at an OSDP device by bus and address. */
    public record PdRef(String bus, int address) {}

    /** A pedestrian gate: reader, door strike relay, door-position and exit-button inputs. */
    public record Gate(
            String id,
            String name,
            PdRef reader,
            PdRef io,
            int strikeOutput,
            Optional<Integer> doorInput,
            Optional<Integer> exitInput,
            Duration pulse,
            Duration heldOpenAfter,
            boolean openOnFire) {}

    /** Elevator car card control (梯控) for one unit. */
    public record Elevator(
            String id,
            String building,
            String unit,
            PdRef reader,
            PdRef relays,
            Map<Integer, Integer> floorOutputs,
            Map<Integer, Integer> floorInputs,
            List<Integer> publicFloors,
            Duration enableFor,
            boolean releaseOnFire) {}

    /** A parking zone with capacity and anti-passback policy. */
    public record ParkingZone(String id, int capacity, AntiPassback antiPassback) {}

    /** Anti-passback strictness: SOFT grants but flags, HARD denies. */
    public enum AntiPassback {
        OFF,
        SOFT,
        HARD
    }

    /** A vehicle barrier driven by a plate camera's HTTP push. */
    public record Barrier(
            String id, String name, Direction direction, String zone, String cameraSerial, boolean openOnFire) {}

    /** Which way a barrier lets vehicles through. */
    public enum Direction {
        ENTRY,
        EXIT
    }

    /**
     * An elevator monitor connecting to the device-facing MQTT listener.
     *
     * @param username what it logs in with (default: its id); it publishes under {@code devices/{id}/}
     * @param faultTable the code table its fault codes follow ({@link FaultCatalog#DEFAULT_TABLE} by default)
     * @param fieldMap the name of a {@code monitoring.fieldMaps} entry when its firmware uses its own field names
     */
    public record Monitor(
            String id, String elevator, String username, Secret secret, String faultTable, Optional<String> fieldMap) {
        /** A monitor on the default code table with our field names. */
        public Monitor(String id, String elevator, String username, Secret secret) {
            this(id, elevator, username, secret, FaultCatalog.DEFAULT_TABLE, Optional.empty());
        }
    }
}
