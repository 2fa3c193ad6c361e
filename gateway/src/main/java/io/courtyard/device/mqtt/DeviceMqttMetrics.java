package io.courtyard.device.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The device MQTT listener's own meters, declared once (the connection and refusal counts are the
 * listener base's {@code courtyard_listener_*}, tagged {@code listener="device-mqtt"}).
 */
final class DeviceMqttMetrics implements MeterBinder {
    private final IntSupplier sessions;
    private final AtomicLong inflight = new AtomicLong();
    private Counter qos0;
    private Counter qos1;
    private Timer puback;
    private Counter throttled;
    private Counter takeovers;
    private Counter wills;
    private Counter journalFailedQos0;
    private Counter journalFailedQos1;
    private MeterRegistry registry;

    DeviceMqttMetrics(IntSupplier sessions) {
        this.sessions = sessions;
    }

    @Override
    public void bindTo(MeterRegistry r) {
        registry = r;
        Gauge.builder("courtyard.device.mqtt.sessions", sessions::getAsInt)
                .description("Device connections past their CONNECT")
                .register(r);
        Gauge.builder("courtyard.device.mqtt.inflight", inflight::get)
                .description("QoS 1 publishes read and waiting for their PUBACK (for the journal)")
                .register(r);
        qos0 = published(r, "0");
        qos1 = published(r, "1");
        puback = Timer.builder("courtyard.device.mqtt.puback")
                .description("A QoS 1 publish read to its PUBACK written: the journal's group commit is most of it")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(r);
        throttled = Counter.builder("courtyard.device.mqtt.throttled")
                .description("Times a connection was not read for a while because it exceeded its message rate")
                .register(r);
        takeovers = Counter.builder("courtyard.device.mqtt.takeovers")
                .description("Connections closed because another took over their client id")
                .register(r);
        wills = Counter.builder("courtyard.device.mqtt.wills")
                .description("Wills published for connections that ended without DISCONNECT")
                .register(r);
        journalFailedQos0 = journalFailed(r, "0");
        journalFailedQos1 = journalFailed(r, "1");
    }

    private static Counter published(MeterRegistry r, String qos) {
        return Counter.builder("courtyard.device.mqtt.publishes")
                .description("Publishes admitted (ACL, QoS, window) and handed to the journal")
                .tag("qos", qos)
                .register(r);
    }

    private static Counter journalFailed(MeterRegistry r, String qos) {
        return Counter.builder("courtyard.device.mqtt.journal.failures")
                .description("Publishes the journal could not make durable: QoS 1 unacknowledged (the device"
                        + " resends), QoS 0 lost")
                .tag("qos", qos)
                .register(r);
    }

    void published(int qos) {
        (qos == 0 ? qos0 : qos1).increment();
    }

    void inflight(long delta) {
        inflight.addAndGet(delta);
    }

    void acknowledged(long nanos) {
        puback.record(nanos, TimeUnit.NANOSECONDS);
    }

    void throttled() {
        throttled.increment();
    }

    void takeover() {
        takeovers.increment();
    }

    void will() {
        wills.increment();
    }

    void journalFailed(boolean qos1) {
        (qos1 ? journalFailedQos1 : journalFailedQos0).increment();
    }

    /** A command to a device: {@code delivered}, {@code not-subscribed}, {@code offline} or {@code failed}. */
    void command(String result) {
        Counter.builder("courtyard.device.mqtt.commands")
                .description("Messages the gateway published to devices, by result")
                .tag("result", result)
                .register(registry)
                .increment();
    }
}
