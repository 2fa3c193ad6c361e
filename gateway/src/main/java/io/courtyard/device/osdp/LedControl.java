package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.LedSetting.Permanent;
import io.courtyard.device.osdp.LedSetting.PermanentAction;
import io.courtyard.device.osdp.LedSetting.Temporary;
import io.courtyard.device.osdp.LedSetting.TemporaryAction;
import java.util.ArrayList;
import java.util.List;

/** osdp_LED (0x69, OSDP 2.2): reader LED control, one 14-byte record per LED. */
public record LedControl(List<LedSetting> settings) implements Command {
    public static final int CODE = 0x69;
    private static final int RECORD = 14;

    public LedControl {
        settings = List.copyOf(settings);
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("settings: none; osdp_LED takes at least one");
        }
    }

    public static LedControl of(LedSetting... settings) {
        return new LedControl(List.of(settings));
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        PayloadWriter w = new PayloadWriter(settings.size() * RECORD);
        for (LedSetting s : settings) {
            Temporary t = s.temporary();
            Permanent p = s.permanent();
            w.u8(s.reader()).u8(s.led());
            w.u8(t.action().ordinal()).u8(t.onTime()).u8(t.offTime());
            w.u8(t.onColor().wire).u8(t.offColor().wire).u16le(t.timer());
            w.u8(p.action().ordinal()).u8(p.onTime()).u8(p.offTime());
            w.u8(p.onColor().wire).u8(p.offColor().wire);
        }
        return w.toBytes();
    }

    static LedControl read(PayloadReader r) {
        int n = r.records(RECORD);
        List<LedSetting> settings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int reader = r.u8();
            int led = r.u8();
            TemporaryAction ta = action(r, TemporaryAction.values(), "temporary");
            Temporary t = new Temporary(ta, r.u8(), r.u8(), color(r), color(r), r.u16le());
            PermanentAction pa = action(r, PermanentAction.values(), "permanent");
            Permanent p = new Permanent(pa, r.u8(), r.u8(), color(r), color(r));
            settings.add(new LedSetting(reader, led, t, p));
        }
        return new LedControl(settings);
    }

    private static <E> E action(PayloadReader r, E[] values, String which) {
        int code = r.u8();
        if (code >= values.length) {
            throw r.malformed(which + " control code " + code + " is not one of 0.." + (values.length - 1));
        }
        return values[code];
    }

    private static LedColor color(PayloadReader r) {
        int code = r.u8();
        LedColor c = LedColor.of(code);
        if (c == null) {
            throw r.malformed("LED colour " + code + " is not one of 0..7");
        }
        return c;
    }
}
