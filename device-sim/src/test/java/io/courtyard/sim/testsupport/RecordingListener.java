package io.courtyard.sim.testsupport;

import io.courtyard.device.card.CardRead;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import io.courtyard.device.osdp.bus.OsdpListener;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.device.osdp.bus.PdInfo;
import io.courtyard.device.osdp.bus.Violation;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every report from the OSDP buses, in arrival order, for assertions from the test thread. */
public final class RecordingListener implements OsdpListener {
    /** One report: what kind, from which PD, and its content. */
    public record Report(String kind, Pd pd, Object value) {}

    private final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public void online(Pd pd, PdInfo info) {
        reports.add(new Report("online", pd, info));
    }

    @Override
    public void offline(Pd pd, String reason) {
        reports.add(new Report("offline", pd, reason));
    }

    @Override
    public void card(Pd pd, int reader, CardRead card, Instant at) {
        reports.add(new Report("card", pd, card));
    }

    @Override
    public void keypad(Pd pd, int reader, String keys, Instant at) {
        reports.add(new Report("keypad", pd, keys));
    }

    @Override
    public void inputs(Pd pd, InputStatus inputs, Instant at) {
        reports.add(new Report("inputs", pd, inputs));
    }

    @Override
    public void outputs(Pd pd, OutputStatus outputs, Instant at) {
        reports.add(new Report("outputs", pd, outputs));
    }

    @Override
    public void localStatus(Pd pd, boolean tamper, boolean powerFailure, Instant at) {
        reports.add(new Report("localStatus", pd, List.of(tamper, powerFailure)));
    }

    @Override
    public void secureChannelViolation(Pd pd, Violation violation, String detail, int suppressedBefore, Instant at) {
        reports.add(new Report("violation", pd, violation));
    }

    @Override
    public void keyProvisioned(Pd pd, Instant at) {
        reports.add(new Report("provisioned", pd, at));
    }

    public List<Report> all() {
        return List.copyOf(reports);
    }

    /** The values of one kind of report from the PD at {@code address}, in order. */
    public <T> List<T> values(String kind, int address, Class<T> type) {
        return reports.stream()
                .filter(r -> r.kind().equals(kind) && r.pd().address() == address)
                .map(r -> type.cast(r.value()))
                .toList();
    }

    public long count(String kind, int address) {
        return reports.stream()
                .filter(r -> r.kind().equals(kind) && r.pd().address() == address)
                .count();
    }

    /** The kinds of presence reports (online/offline) from one PD, in order. */
    public List<String> presence(int address) {
        return reports.stream()
                .filter(r -> r.pd().address() == address)
                .map(Report::kind)
                .filter(k -> k.equals("online") || k.equals("offline"))
                .toList();
    }

    public void clear() {
        reports.clear();
    }
}
