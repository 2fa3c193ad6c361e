package io.courtyard.uplink;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.write.Point;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalEvent;
import io.courtyard.runtime.ExponentialBackoff;
import io.courtyard.runtime.Service;
import io.courtyard.uplink.InfluxSinkLog.Failure;
import io.courtyard.uplink.InfluxSinkMetrics.Cause;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards journal events to an InfluxDB v2 write endpoint from its own thread, acknowledging a
 * batch only after the server accepted it.
 *
 * <p>A failed batch is rewound, not retried in memory: the next pull then starts again with any
 * safety alarm that arrived meanwhile, and an event is never dropped. Because an event written
 * whose acknowledgement was lost is written again, the points must be idempotent; see
 * {@link InfluxPoints}.
 *
 * <p>Org, bucket and token go to the server as given. VictoriaMetrics (the test server) accepts the
 * same {@code /api/v2/write} call but, as of 1.79, ignores org, bucket and token altogether: only
 * the v1 {@code db} parameter becomes a label there, so the bucket does not show up in its series.
 */
public final class InfluxSink implements Service {
    public static final String NAME = "influx-sink";
    private static final Logger log = LoggerFactory.getLogger(InfluxSink.class);

    /**
     * Tunables with production defaults; tests shorten the waits.
     *
     * @param pollWait how long one pull blocks on an empty journal; bounds nothing but idle wake-ups
     */
    public record Settings(int batchSize, Duration pollWait, Duration backoffInitial, Duration backoffMax) {
        public Settings {
            if (batchSize < 1 || pollWait.isNegative()) {
                throw new IllegalArgumentException("influx sink: batchSize must be >= 1 and pollWait >= 0, found "
                        + batchSize + " and " + pollWait);
            }
        }

        /** 5,000 events is ~1 MB of line protocol: far below server body limits, big enough to drain fast. */
        public static Settings defaults() {
            return new Settings(5_000, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1));
        }
    }

    private final UpstreamConfig.Influx config;
    private final EventSource source;
    private final InfluxPoints points;
    private final Settings settings;
    private final InfluxSinkMetrics metrics;
    private final ExponentialBackoff backoff;
    private final InfluxSinkLog sinkLog = new InfluxSinkLog();
    private volatile boolean running;
    private volatile Thread thread;
    private InfluxDBClient client;

    public InfluxSink(
            UpstreamConfig.Influx config,
            String siteId,
            EventSource source,
            MeterRegistry registry,
            Settings settings) {
        this.config = config;
        this.source = source;
        this.points = new InfluxPoints(siteId);
        this.settings = settings;
        this.metrics = new InfluxSinkMetrics(registry, source, Clock.systemUTC());
        this.backoff = new ExponentialBackoff(settings.backoffInitial(), settings.backoffMax());
    }

    public InfluxSink(UpstreamConfig.Influx config, String siteId, EventSource source, MeterRegistry registry) {
        this(config, siteId, source, registry, Settings.defaults());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void start() {
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(config.url().toString())
                .org(config.org())
                .bucket(config.bucket())
                // Explicit timeouts: an unreachable host fails an attempt in seconds, and stop() is
                // never stuck behind a read for longer than its own wait.
                .okHttpClient(new OkHttpClient.Builder()
                        .connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(15, TimeUnit.SECONDS)
                        .writeTimeout(15, TimeUnit.SECONDS));
        config.token().ifPresent(t -> options.authenticateToken(t.chars()));
        client = InfluxDBClientFactory.create(options.build());
        WriteApiBlocking writer = client.getWriteApiBlocking();
        running = true;
        Thread t = new Thread(() -> run(writer), NAME);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, ex) -> log.error("influx sink thread died; nothing is forwarded", ex));
        thread = t;
        t.start();
        log.info(
                "influx sink: {} org={} bucket={} cursor={} pending={}",
                config.url(),
                config.org(),
                config.bucket(),
                source.sink(),
                source.pending());
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            // Unacknowledged events are simply written again on the next start.
            t.join(2_000);
            if (t.isAlive()) {
                log.warn("influx sink thread still busy after 2 s; leaving it, its batch stays unacknowledged");
            }
            thread = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void run(WriteApiBlocking writer) {
        boolean rewound = true;
        while (running) {
            Optional<Failure> failure;
            try {
                // Never pull past a failed batch before the journal took it back: its events would
                // wait unsent until the next restart.
                if (!rewound) {
                    source.rewind();
                    rewound = true;
                }
                failure = pass(writer);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure = Optional.of(new Failure(Cause.JOURNAL, e.toString()));
            }
            if (!running) {
                return;
            }
            if (failure.isPresent()) {
                rewound = false;
                metrics.failed(failure.get().cause());
                sinkLog.failed(failure.get());
                try {
                    Thread.sleep(backoff.next().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Pulls, writes and acknowledges one batch; an idle pull is a success. */
    private Optional<Failure> pass(WriteApiBlocking writer) throws InterruptedException {
        List<JournalEvent> batch =
                source.next(settings.batchSize(), settings.pollWait().toMillis());
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        List<Point> out = new ArrayList<>(batch.size());
        List<JournalEvent> unwritable = new ArrayList<>(0);
        long[] seqs = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            JournalEvent e = batch.get(i);
            seqs[i] = e.seq();
            points.toPoint(e).ifPresentOrElse(out::add, () -> unwritable.add(e));
        }
        if (!out.isEmpty()) {
            try {
                writer.writePoints(config.bucket(), config.org(), out);
            } catch (RuntimeException e) {
                return Optional.of(Failure.of(e));
            }
        }
        try {
            source.ack(seqs);
        } catch (RuntimeException e) {
            return Optional.of(new Failure(Cause.JOURNAL, "ack: " + e));
        }
        metrics.written(out.size());
        unwritable.forEach(this::unwritable);
        backoff.reset();
        sinkLog.recovered();
        return Optional.empty();
    }

    private void unwritable(JournalEvent e) {
        // Acknowledged with its batch: it stays in the journal and on the MQTT uplink, but a
        // timestamp InfluxDB cannot store would otherwise block this sink forever.
        metrics.unwritable();
        sinkLog.unwritable(e);
    }
}
