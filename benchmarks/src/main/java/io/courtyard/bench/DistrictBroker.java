package io.courtyard.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What many compounds mean for one platform broker: {@code compounds} MQTT 5 clients, each as a
 * gateway (client id {@code courtyard-SITE}, username = site id, QoS 1 under its own site), publish
 * gateway-sized events as a Poisson stream of {@code rate} events/s each, through Debian's mosquitto
 * with the shipped district ACL ({@code config/district/mosquitto-acl.conf}); two platform
 * consumers read them through one shared subscription. Reports the delivered rate, bytes, the
 * publish-to-consumer latency, and the broker's CPU and memory. Plain TCP without passwords (the
 * username alone feeds the ACL), so TLS and password hashing are not in these figures.
 *
 * <pre>java -cp benchmarks/target/courtyard-benchmarks.jar io.courtyard.bench.DistrictBroker 500 2 60</pre>
 */
@SuppressForbidden
public final class DistrictBroker {
    /**
     * Mean event sizes on the demo compound's upstream (bytes of JSON), and the mix of the modelled
     * compound's day (README, "Capacity"): monitor statuses and trips are most of it.
     */
    private static final String[] TOPICS = {"access", "ride", "device", "alarm"};

    private static final int[] BYTES = {427, 480, 197, 296};
    private static final double[] MIX = {0.12, 0.06, 0.815, 0.005};

    /** Consumer connections lost during the run: any would make the figures suspect. */
    private static final AtomicLong DISCONNECTS = new AtomicLong();

    private DistrictBroker() {}

    public static void main(String[] args) throws Exception {
        int compounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path root = Path.of(args.length > 3 ? args[3] : ".").toAbsolutePath();
        Path acl = root.resolve("config/district/mosquitto-acl.conf");
        Path dir = Files.createTempDirectory("district-broker");
        try (MosquittoProcess broker = MosquittoProcess.start(dir, "allow_anonymous true\nacl_file " + acl + "\n")) {
            run(broker, compounds, rate, seconds);
        } finally {
            JournalAppendBenchmark.deleteTree(dir);
        }
    }

    private static void run(MosquittoProcess broker, int compounds, double rate, int seconds) throws Exception {
        AtomicLong delivered = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<MqttAsyncClient> consumers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            consumers.add(consumer(broker.uri(), "platform-" + i, delivered, bytes, latencies));
        }
        List<MqttAsyncClient> gateways = new ArrayList<>();
        List<IMqttToken> connecting = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < compounds; i++) {
            String site = String.format(Locale.ROOT, "compound-%04d", i);
            MqttAsyncClient c = new MqttAsyncClient(broker.uri(), "courtyard-" + site, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(site);
            o.setCleanStart(false);
            o.setSessionExpiryInterval(604_800L);
            o.setKeepAliveInterval(30);
            connecting.add(c.connect(o));
            gateways.add(c);
        }
        for (IMqttToken t : connecting) {
            t.waitForCompletion(60_000);
        }
        System.out.printf(Locale.ROOT, "%d gateways connected in %.1f s%n", compounds, (System.nanoTime() - t0) / 1e9);

        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        Random random = new Random(42);
        AtomicLong offered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long[] next = new long[compounds];
        long start = System.nanoTime();
        Arrays.fill(next, start);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long cpu0 = cpuTicks(broker.pid());
        // One tick every 10 ms publishes what each compound's Poisson clock says is due.
        var ticker = clock.scheduleAtFixedRate(
                () -> {
                    long now = System.nanoTime();
                    for (int i = 0; i < compounds && now < end; i++) {
                        while (next[i] <= now) {
                            next[i] += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
                            int type = pick(random.nextDouble());
                            String site = String.format(Locale.ROOT, "compound-%04d", i);
                            try {
                                gateways.get(i)
                                        .publish(
                                                "courtyard/" + site + "/" + TOPICS[type],
                                                new MqttMessage(payload(type, site, now), 1, false, null));
                                offered.incrementAndGet();
                            } catch (MqttException e) {
                                refused.incrementAndGet();
                            }
                        }
                    }
                },
                0,
                10,
                TimeUnit.MILLISECONDS);
        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
        ticker.cancel(false);
        long wall = System.nanoTime() - start;
        long cpu = cpuTicks(broker.pid()) - cpu0;
        TimeUnit.SECONDS.sleep(3); // the last in-flight messages reach the consumers
        report(
                compounds,
                rate,
                wall,
                offered.get(),
                refused.get(),
                delivered.get(),
                bytes.get(),
                latencies,
                cpu,
                broker.pid());
        clock.shutdownNow();
        for (MqttAsyncClient c : gateways) {
            c.disconnectForcibly(0, 1000, false);
            c.close(true);
        }
        for (MqttAsyncClient c : consumers) {
            c.disconnectForcibly(0, 1000, false);
            c.close(true);
        }
    }

    private static int pick(double u) {
        double acc = 0;
        for (int i = 0; i < MIX.length; i++) {
            acc += MIX[i];
            if (u < acc) {
                return i;
            }
        }
        return 0;
    }

    /** A JSON object of the measured size for its type, carrying the send time for the latency. */
    private static byte[] payload(int type, String site, long sentNanos) {
        String head = "{\"id\":\"" + site + "-cef6f6c2-1\",\"seq\":1,\"kind\":\"" + TOPICS[type] + "\",\"sent\":"
                + sentNanos + ",\"pad\":\"";
        StringBuilder b = new StringBuilder(head);
        while (b.length() < BYTES[type] - 2) {
            b.append('x');
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MqttAsyncClient consumer(
            String uri, String id, AtomicLong delivered, AtomicLong bytes, ConcurrentLinkedQueue<Long> latencies)
            throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, id, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                long now = System.nanoTime();
                String s = new String(m.getPayload(), StandardCharsets.UTF_8);
                int at = s.indexOf("\"sent\":");
                if (at >= 0) {
                    long sent = Long.parseLong(s.substring(at + 7, s.indexOf(',', at)));
                    latencies.add(now - sent);
                }
                delivered.incrementAndGet();
                bytes.addAndGet(m.getPayload().length + topic.length() + 5);
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
                DISCONNECTS.incrementAndGet();
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("platform.consumer");
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(new MqttSubscription[] {new MqttSubscription("$share/platform/courtyard/+/+", 1)})
                .waitForCompletion(10_000);
        return c;
    }

    /** utime + stime of a process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKib(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void report(
            int compounds,
            double rate,
            long wallNanos,
            long offered,
            long refused,
            long delivered,
            long bytes,
            ConcurrentLinkedQueue<Long> latencies,
            long cpuTicks,
            long pid)
            throws Exception {
        double secs = wallNanos / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = l.length == 0 ? 0 : l[l.length / 2] / 1e6;
        double p99 = l.length == 0 ? 0 : l[(int) (l.length * 0.99)] / 1e6;
        double max = l.length == 0 ? 0 : l[l.length - 1] / 1e6;
        System.out.printf(
                Locale.ROOT,
                "%d compounds x %.1f ev/s for %.0f s: offered %.0f ev/s (%d refused by the client), delivered %.0f ev/s,"
                        + " %.1f KB/s to the consumers; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " mosquitto %.1f %% of one core, RSS %d MiB; consumer disconnects %d; load average %s%n",
                compounds,
                rate,
                secs,
                offered / secs,
                refused,
                delivered / secs,
                bytes / secs / 1000,
                p50,
                p99,
                max,
                cpuTicks / secs,
                rssKib(pid) / 1024,
                DISCONNECTS.get(),
                Files.readString(Path.of("/proc/loadavg")).strip());
    }
}
