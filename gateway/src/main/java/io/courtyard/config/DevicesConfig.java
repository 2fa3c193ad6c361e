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

    /**
     * Elevator card control (梯控) for one unit: the car's reader and relay board, and the landing
     * readers that enable the hall call button.
     *
     * @param control how a grant works the car's buttons
     * @param selectOutputs with {@link ElevatorControl#SELECT}: floor → relay output wired across that
     *     floor's button, pulsed to press it for the passenger
     * @param selectPulse how long a selection holds its relay closed: one button press
     * @param hallCalls landing readers (呼梯), each enabling the hall call button through its own output
     */
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
            boolean releaseOnFire,
            ElevatorControl control,
            Map<Integer, Integer> selectOutputs,
            Duration selectPulse,
            List<HallCall> hallCalls) {
        /** Plain per-floor enabling (楼控), no landing readers. */
        public Elevator(
                String id,
                String building,
                String unit,
                PdRef reader,
                PdRef relays,
                Map<Integer, Integer> floorOutputs,
                Map<Integer, Integer> floorInputs,
                List<Integer> publicFloors,
                Duration enableFor,
                boolean releaseOnFire) {
            this(
                    id,
                    building,
                    unit,
                    reader,
                    relays,
                    floorOutputs,
                    floorInputs,
                    publicFloors,
                    enableFor,
                    releaseOnFire,
                    ElevatorControl.ENABLE,
                    Map.of(),
                    DEFAULT_SELECT_PULSE,
                    List.of());
        }

        /** A button press as a relay makes it: long enough for any controller's debounce, short of a long press. */
        public static final Duration DEFAULT_SELECT_PULSE = Duration.ofMillis(500);
    }

    /** What a grant in the car does with the floor buttons. */
    public enum ElevatorControl {
        /** 楼控: the allowed floors' buttons are enabled; the passenger presses one. */
        ENABLE,
        /**
         * 层控: as ENABLE, and when the grant leaves exactly one floor besides the public ones, the
         * gateway presses that floor's button for the passenger through its select output.
         */
        SELECT
    }

    /**
     * A landing reader (呼梯): a grant enables this landing's hall call button for {@code enableFor}.
     *
     * @param id the device id decisions and events name
     * @param io the PD whose {@code output} enables the call button; by default the landing reader
     */
    public record HallCall(String id, int floor, PdRef reader, PdRef io, int output, Duration enableFor) {}

    /**
     * A parking zone with capacity and anti-passback policy.
     *
     * @param positionExpiry how long a vehicle's position (and so its place in the occupancy) is
     *     remembered; empty: until it passes again or an operator resets it
     */
    public record ParkingZone(String id, int capacity, AntiPassback antiPassback, Optional<Duration> positionExpiry) {
        public ParkingZone(String id, int capacity, AntiPassback antiPassback) {
            this(id, capacity, antiPassback, Optional.empty());
        }
    }

    /** Anti-passback strictness: SOFT grants but flags, HARD denies. */
    public enum AntiPassback {
        OFF,
        SOFT,
        HARD
    }

    /**
     * A vehicle barrier driven by a plate camera's HTTP push.
     *
     * @param openOnFault open for a granted read even when its journal event could not be made durable
     *     within the camera's timeout (default false: fail secure, the barrier stays shut)
     * @param plates how reads are matched here (confidence threshold, confusion rule)
     * @param camera the camera's push settings; without them its pushes are refused
     */
    public record Barrier(
            String id,
            String name,
            Direction direction,
            String zone,
            String cameraSerial,
            boolean openOnFire,
            boolean openOnFault,
            CameraConfig.Plates plates,
            Optional<CameraConfig> camera) {
        /** A barrier without camera settings (tests and tools that build one by hand). */
        public Barrier(
                String id, String name, Direction direction, String zone, String cameraSerial, boolean openOnFire) {
            this(
                    id,
                    name,
                    direction,
                    zone,
                    cameraSerial,
                    openOnFire,
                    false,
                    CameraConfig.Plates.DEFAULTS,
                    Optional.empty());
        }
    }

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
