package io.courtyard.faults;

import io.courtyard.config.FaultCatalog;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every fault type's name in English and Chinese, for people who are not engineers: the monitors'
 * types from the fault vocabulary ({@link FaultCatalog}, built in or added by the configuration),
 * their service modes as {@code service-ID}, and the types the gateway raises from its own events.
 * A type nobody named (a new monitor code) is shown by its id.
 */
public final class FaultNames {
    /** A type's name in each language the dashboard speaks. */
    public record Name(String en, String zh) {}

    /** The gateway's own types ({@link FaultTypes#DEFAULTS}); a test keeps the two lists in step. */
    static final Map<String, Name> GATEWAY = Map.ofEntries(
            Map.entry(FaultTypes.TRAPPED, new Name("passenger trapped", "困人")),
            Map.entry("door-forced-open", new Name("door forced open", "门被强行打开")),
            Map.entry("door-held-open", new Name("door held open", "门长时间未关")),
            Map.entry("tamper", new Name("reader tampered with", "读卡器被拆动")),
            Map.entry("device-offline", new Name("device offline", "设备离线")),
            Map.entry("camera-offline", new Name("camera offline", "摄像机离线")),
            Map.entry("barrier-command-failed", new Name("barrier did not take the command", "道闸控制失败")),
            Map.entry("power-failure", new Name("power failure", "停电")),
            Map.entry("disk-alarm", new Name("gateway disk nearly full", "网关存储空间不足")),
            Map.entry("clock-alarm", new Name("gateway clock wrong", "网关时钟异常")),
            Map.entry("clock-skew", new Name("device clock off", "设备时钟偏差")),
            Map.entry(FaultTypes.UPLINK_DOWN, new Name("platform connection down", "平台连接中断")));

    private final Map<String, Name> names;

    public FaultNames(FaultCatalog catalog) {
        Map<String, Name> m = new TreeMap<>(GATEWAY);
        catalog.types().values().forEach(t -> {
            Name n = new Name(t.en(), t.zh());
            if (t.category() == FaultCatalog.Category.SERVICE) {
                m.put(FaultTypes.SERVICE_PREFIX + t.id(), n);
            } else {
                m.put(t.id(), n); // the vocabulary names a type the gateway raises too (power-failure)
            }
        });
        this.names = Map.copyOf(m);
    }

    /** Every named type, by id. */
    public Map<String, Name> all() {
        return new TreeMap<>(names);
    }

    /** {@code type}'s names, or its id in both languages when nobody named it. */
    public Name of(String type) {
        Name n = names.get(type);
        return n == null ? new Name(type, type) : n;
    }
}
