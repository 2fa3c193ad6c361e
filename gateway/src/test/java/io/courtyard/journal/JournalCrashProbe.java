package io.courtyard.journal;

import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.store.Database;
import io.courtyard.testsupport.SampleEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * A separate process for {@code JournalCrashIT}: appends under load as the gateway does and
 * prints {@code ACK seq body} only once an append's future reports it durable, while a sink
 * reads and acknowledges ({@code SINKACK seq}). The test kills it with SIGKILL at random moments.
 */
public final class JournalCrashProbe {
    private JournalCrashProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        Database db = new Database(dir, Synchronous.FULL);
        db.start();
        JournalConfig cfg =
                new JournalConfig(Synchronous.FULL, 500, Duration.ofMillis(2), 1L << 30, Duration.ofDays(90));
        Journal journal = new Journal(db, "crash", cfg, new SimpleMeterRegistry());
        EventSource sink = journal.source("mqtt");
        journal.start();
        Thread reader = new Thread(() -> ackLoop(sink, out), "probe-sink");
        reader.setDaemon(true);
        reader.start();
        out.println("STARTED " + journal.lastDurableSeq());
        out.flush();
        Semaphore inFlight = new Semaphore(5000); // bounded load: the queue never overflows
        for (long i = 0; ; i++) {
            inFlight.acquire();
            Event event = i % 10 == 0
                    ? SampleEvents.numbered(EventKind.ACCESS, (int) i)
                    : new DeviceOffline("round-" + round, (int) i, "probe");
            journal.append(EventDraft.at("dev-" + (i % 8), Instant.now(), event))
                    .whenComplete((e, t) -> {
                        inFlight.release();
                        if (e != null) {
                            synchronized (out) {
                                out.println("ACK " + e.seq() + " " + EventCodec.encode(e.event()));
                                out.flush();
                            }
                        }
                    });
        }
    }

    private static void ackLoop(EventSource sink, PrintStream out) {
        try {
            while (true) {
                List<JournalEvent> batch = sink.next(200, 100);
                if (!batch.isEmpty()) {
                    long[] seqs = batch.stream().mapToLong(JournalEvent::seq).toArray();
                    sink.ack(seqs);
                    synchronized (out) {
                        out.println("SINKACK " + seqs[seqs.length - 1]);
                        out.flush();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
