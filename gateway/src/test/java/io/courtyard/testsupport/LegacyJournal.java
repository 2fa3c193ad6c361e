package io.courtyard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The journal written by the release before the typed event model ({@code fixtures/journal-0.1.0},
 * see its README) and what that release sent for each of its events.
 */
public final class LegacyJournal {
    public static final String DIR = "/fixtures/journal-0.1.0/";
    public static final String SITE = "fixture-court";
    /** Events in the fixture. */
    public static final int EVENTS = 40;
    /** The MQTT cursor: acknowledged through 10, and 20 ahead of it. */
    public static final long MQTT_ACKED_THROUGH = 10;

    public static final long MQTT_ACKED_AHEAD = 20;
    /** The access-state cursor: seqs after it were never projected. */
    public static final long ACCESS_STATE_THROUGH = 36;

    /** One event as that release sent it upstream ({@code batchSize: 1}, prefix {@code cy}). */
    public record Sent(long seq, String topic, String payload) {
        /** The topic's last segment: the event's kind. */
        public String kind() {
            return topic.substring(topic.lastIndexOf('/') + 1);
        }
    }

    private LegacyJournal() {}

    /** Copies the database into {@code stateDir} as {@code courtyard.db}, ready to be opened. */
    public static Path copyTo(Path stateDir) {
        try (InputStream in = resource("courtyard.db")) {
            Files.createDirectories(stateDir);
            Path db = stateDir.resolve("courtyard.db");
            Files.copy(in, db);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** By seq: the MQTT topic and payload that release published. */
    public static Map<Long, Sent> mqtt() {
        Map<Long, Sent> out = new TreeMap<>();
        for (String line : lines("mqtt-payloads.tsv")) {
            String[] f = line.split("\t", 3);
            long seq = Long.parseLong(f[0]);
            out.put(seq, new Sent(seq, f[1], f[2]));
        }
        return out;
    }

    /** By seq: the InfluxDB line that release wrote. */
    public static Map<Long, String> influx() {
        Map<Long, String> out = new TreeMap<>();
        for (String line : lines("influx-lines.tsv")) {
            String[] f = line.split("\t", 2);
            out.put(Long.parseLong(f[0]), f[1]);
        }
        return out;
    }

    /** Whether the MQTT cursor of the fixture still owes this event upstream. */
    public static boolean unsent(long seq) {
        return seq > MQTT_ACKED_THROUGH && seq != MQTT_ACKED_AHEAD;
    }

    private static String[] lines(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = LegacyJournal.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException("fixture " + DIR + name + " is missing from the test classpath");
        }
        return in;
    }
}
