package io.courtyard.uplink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the MQTT sink pays per stored body to write an event's members upstream, on the uplink
 * harness's four event types (a decision, a ride, a PD status, a door contact): {@code copy},
 * the typed check then the body as it is, from the bytes SQLite hands the sink ({@link
 * EventCodec#copyUpstream}, what the sink does);
 * {@code decode}, the strict decode into the record and writing its members; and the baseline,
 * {@code syntaxScan}, the release before typed events, which only checked the body was one JSON
 * object and copied it. Quote {@code copy} and {@code decode} as ratios to {@code syntaxScan}
 * from the same run.
 *
 * <p>The writer's own events, which a sink keeping up gets from memory with their records:
 * {@code memoryChecked}, the check and copy they went through until 2026-12-05 (the body's text
 * made bytes, then {@link EventCodec#copyUpstream}), and {@code memoryEncoded}, the copy without
 * reading the body again that they get now ({@link EventCodec#copyEncoded}).
 *
 * <p>{@code java -jar benchmarks/target/courtyard-benchmarks.jar UpstreamBodyBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 3,
        jvmArgsAppend = {"-Xmx256m", "-Xms256m", "-XX:+AlwaysPreTouch"})
public class UpstreamBodyBenchmark {
    private static final int BODIES = 4;
    private static final JsonFactory JSON = new JsonFactory();

    private final String[] bodies = new String[BODIES];
    private final byte[][] utf8 = new byte[BODIES][];
    private final String[] types = new String[BODIES];
    private final EventKind[] kinds = new EventKind[BODIES];
    private final Event[] records = new Event[BODIES];
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private JsonGenerator g;

    @Setup
    public void bodies() throws IOException {
        List<JournalEvent> events = UplinkBenchmark.events(BODIES);
        for (int i = 0; i < BODIES; i++) {
            Event e = events.get(i).event();
            bodies[i] = events.get(i).body();
            utf8[i] = bodies[i].getBytes(StandardCharsets.UTF_8);
            types[i] = e.eventType().wire();
            kinds[i] = e.kind();
            records[i] = e;
        }
        // Members go after an envelope, inside one object that is never closed, into a buffer as
        // the sink's, emptied after every invocation so that it never grows.
        g = JSON.createGenerator(out);
        g.writeStartObject();
        g.writeNumberField("seq", 1);
    }

    @TearDown
    public void close() throws IOException {
        g.close();
    }

    @Benchmark
    @OperationsPerInvocation(BODIES)
    public boolean copy() throws IOException {
        boolean all = true;
        for (int i = 0; i < BODIES; i++) {
            all &= EventCodec.copyUpstream(g, kinds[i], types[i], utf8[i]);
        }
        g.flush();
        out.reset();
        return all;
    }

    @Benchmark
    @OperationsPerInvocation(BODIES)
    public boolean memoryChecked() throws IOException {
        boolean all = true;
        for (int i = 0; i < BODIES; i++) {
            all &= EventCodec.copyUpstream(g, kinds[i], types[i], bodies[i].getBytes(StandardCharsets.UTF_8));
        }
        g.flush();
        out.reset();
        return all;
    }

    @Benchmark
    @OperationsPerInvocation(BODIES)
    public boolean memoryEncoded() throws IOException {
        boolean all = true;
        for (int i = 0; i < BODIES; i++) {
            all &= EventCodec.copyEncoded(g, records[i], bodies[i]);
        }
        g.flush();
        out.reset();
        return all;
    }

    @Benchmark
    @OperationsPerInvocation(BODIES)
    public void decode() throws IOException {
        for (int i = 0; i < BODIES; i++) {
            EventCodec.writeUpstream(g, EventCodec.decode(kinds[i], types[i], bodies[i]));
        }
        g.flush();
        out.reset();
    }

    @Benchmark
    @OperationsPerInvocation(BODIES)
    public boolean syntaxScan() throws IOException {
        boolean all = true;
        for (int i = 0; i < BODIES; i++) {
            boolean object = isOneObject(bodies[i]);
            if (object) {
                String t = bodies[i].strip();
                g.writeRaw(',');
                g.writeRaw(t, 1, t.length() - 2);
            }
            all &= object;
        }
        g.flush();
        out.reset();
        return all;
    }

    /** The release before typed events: one streaming pass, names read, values skipped. */
    private static boolean isOneObject(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                p.currentName();
                p.nextToken();
                p.skipChildren();
            }
            return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
        } catch (IOException ex) {
            return false;
        }
    }
}
