package io.courtyard.sim.load.e2e;

import java.util.Optional;

/** The devices' counters at one moment; the difference of two is a window's work. */
record DeviceCounters(long[] offered, long[] completed, long[] failed) {
    static DeviceCounters of(CardDriver c, PushDriver p, MonitorDriver m, Optional<PushDriver> cmp) {
        return new DeviceCounters(
                new long[] {
                    c.offered(),
                    p.offered(),
                    m.offered(),
                    cmp.map(PushDriver::offered).orElse(0L)
                },
                new long[] {
                    c.completed(),
                    p.completed(),
                    m.completed(),
                    cmp.map(PushDriver::completed).orElse(0L)
                },
                new long[] {
                    c.failed(),
                    p.failed(),
                    m.failed(),
                    cmp.map(PushDriver::failed).orElse(0L)
                });
    }

    DeviceCounters minus(DeviceCounters o) {
        return new DeviceCounters(sub(offered, o.offered), sub(completed, o.completed), sub(failed, o.failed));
    }

    private static long[] sub(long[] a, long[] b) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    /** Device events completed by the gateway's three sources (the compared endpoint left out). */
    long gatewayCompleted() {
        return completed[0] + completed[1] + completed[2];
    }
}
