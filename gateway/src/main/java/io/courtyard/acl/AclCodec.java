package io.courtyard.acl;

import com.fasterxml.jackson.databind.JsonNode;
import io.courtyard.access.AccessGroup;
import io.courtyard.access.Credential;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Holder;
import io.courtyard.access.HolderKind;
import io.courtyard.access.HolidayCalendar;
import io.courtyard.access.PinHash;
import io.courtyard.access.Schedule;
import io.courtyard.access.Status;
import io.courtyard.access.TimeWindow;
import io.courtyard.access.Validity;
import io.courtyard.access.VehiclePermit;
import io.courtyard.access.VisitorPass;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads access-list entries from their JSON form (see the README, "Access lists") into the access
 * model, strictly: unknown members, wrong types and bad values are refused with their path.
 */
public final class AclCodec {
    private static final Map<String, DayOfWeek> DAYS = Map.of(
            "mon", DayOfWeek.MONDAY,
            "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY,
            "thu", DayOfWeek.THURSDAY,
            "fri", DayOfWeek.FRIDAY,
            "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    private AclCodec() {}

    /** The id an entry is stored and removed under. */
    public static String id(EntryKind kind, JsonNode entry, String path) {
        if (kind == EntryKind.CALENDAR) {
            return "calendar";
        }
        JsonNode id = entry.get("id");
        if (id == null
                || !id.isTextual()
                || !JsonFields.ID.matcher(id.textValue()).matches()) {
            throw new AclFormatException(path + ".id", "an id is 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        return id.textValue();
    }

    /**
     * Shares one string per distinct reference (group, household, holder, device and zone ids)
     * across the entries of one load: they repeat 100,000 times, and sharing keeps the
     * snapshot's heap down by megabytes. Cheaper than {@link String#intern()}, garbage after, safe to share between threads.
     */
    public static final class Interner {
        private final Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();

        String of(String s) {
            if (s == null) {
                return null;
            }
            String before = seen.putIfAbsent(s, s);
            return before == null ? s : before;
        }

        List<String> all(List<String> l) {
            l.replaceAll(this::of);
            return l;
        }
    }

    /** Decodes one entry into its model record. */
    public static Object decode(EntryKind kind, JsonNode entry, String path) {
        return decode(kind, entry, path, new Interner());
    }

    /** Decodes one entry, sharing repeated references through {@code in}. */
    public static Object decode(EntryKind kind, JsonNode entry, String path, Interner in) {
        return decode(new JsonFields(entry, path), kind, in);
    }

    /**
     * Decodes an entry from the store. It was checked when applied, but perhaps by a release that
     * read {@code null} as an absent member: so does this, or an upgrade would leave a gateway
     * unable to load the list it enforced the minute before. Everything else is checked as strictly
     * as in a message.
     */
    static Object decodeStored(EntryKind kind, JsonNode entry, String path, Interner in) {
        return decode(new JsonFields(entry, path, true), kind, in);
    }

    private static Object decode(JsonFields f, EntryKind kind, Interner in) {
        Object out =
                switch (kind) {
                    case HOLDER -> holder(f, in);
                    case CREDENTIAL -> credential(f, in);
                    case PASS -> pass(f, in);
                    case PERMIT -> permit(f, in);
                    case GROUP -> group(f);
                    case SCHEDULE -> schedule(f);
                    case CALENDAR -> calendar(f);
                };
        f.finish();
        return out;
    }

    private static Holder holder(JsonFields f, Interner in) {
        String id = f.id("id");
        HolderKind kind = enumeration(f, "kind", HolderKind.class, null);
        String household = f.optText("household");
        if (kind == HolderKind.RESIDENT && household == null) {
            throw new AclFormatException(f.field("household"), "missing; a resident belongs to a household");
        }
        String pin = f.optText("pinHash");
        if (pin != null && !PinHash.keyed(pin) && !PinHash.unkeyed(pin)) {
            throw new AclFormatException(
                    f.field("pinHash"),
                    "expected hmac-sha256:KEYID:HEX (format 2: 16 and 64 lower-case hex digits)"
                            + " or 64 lower-case hex digits (format 1)");
        }
        return new Holder(in.of(id), kind, in.of(household), in.all(f.ids("groups")), validity(f), status(f), pin);
    }

    private static Credential credential(JsonFields f, Interner in) {
        String id = f.id("id");
        CredentialKey key = key(f, "credential");
        if (key.type() == CredentialKey.Type.CODE) {
            throw new AclFormatException(f.field("credential"), "codes are for visitor passes only");
        }
        return new Credential(id, in.of(f.id("holder")), key, validity(f), status(f));
    }

    private static VisitorPass pass(JsonFields f, Interner in) {
        String id = f.id("id");
        CredentialKey key = key(f, "credential");
        if (key.type() == CredentialKey.Type.RAW) {
            throw new AclFormatException(f.field("credential"), "a pass is a card, a plate or a code");
        }
        if (!f.has("validFrom") || !f.has("validTo")) {
            throw new AclFormatException(
                    f.field(f.has("validFrom") ? "validTo" : "validFrom"), "missing; a pass has a" + " time window");
        }
        return new VisitorPass(
                id,
                in.of(f.text("household")),
                key,
                validity(f),
                new HashSet<>(in.all(f.ids("devices"))),
                JsonFields.floors(f.get("floors"), f.field("floors")),
                f.has("maxUses") ? (int) f.integer("maxUses", 0, 10_000) : 1,
                status(f));
    }

    private static VehiclePermit permit(JsonFields f, Interner in) {
        String id = f.id("id");
        String plate = f.text("plate");
        CredentialKey key = CredentialKey.plate(plate);
        if (key == null) {
            throw new AclFormatException(f.field("plate"), "not a Chinese plate (7 characters, or 8 for new energy)");
        }
        return new VehiclePermit(
                id,
                in.of(f.id("holder")),
                key,
                in.of(f.id("zone")),
                enumeration(f, "space", VehiclePermit.Space.class, VehiclePermit.Space.NONE),
                f.optText("spaceId"),
                f.bool("reserved", false),
                validity(f),
                status(f));
    }

    private static AccessGroup group(JsonFields f) {
        String id = f.id("id");
        Map<String, List<Integer>> floors = new HashMap<>();
        JsonNode fl = f.get("floors");
        if (fl != null) {
            if (!fl.isObject()) {
                throw new AclFormatException(f.field("floors"), "expected an object of elevator -> floors");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = fl.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = f.field("floors") + "." + LogText.safe(e.getKey());
                if (!JsonFields.isId(e.getKey())) {
                    throw new AclFormatException(p, "an elevator id is 1-64 letters, digits, '.', '_', ':' or '-'");
                }
                floors.put(e.getKey(), JsonFields.floors(f.value(e.getValue(), p), p));
            }
        }
        return new AccessGroup(
                id, new HashSet<>(f.ids("devices")), f.optId("schedule"), floors, new HashSet<>(f.ids("pinAt")));
    }

    private static Schedule schedule(JsonFields f) {
        String id = f.id("id");
        JsonFields week = f.child("week");
        Map<DayOfWeek, List<TimeWindow>> days = new EnumMap<>(DayOfWeek.class);
        DAYS.forEach((name, day) -> {
            if (week.has(name)) {
                days.put(day, windows(week.get(name), week.field(name)));
            }
        });
        week.finish();
        List<TimeWindow> holidays = f.has("holidays") ? windows(f.get("holidays"), f.field("holidays")) : null;
        return new Schedule(id, days, holidays);
    }

    private static List<TimeWindow> windows(JsonNode v, String path) {
        List<TimeWindow> out = new ArrayList<>();
        List<String> texts = JsonFields.strings(nonNull(v, path), path, "windows such as \"08:00-18:00\"");
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(TimeWindow.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new AclFormatException(path + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /**
     * Every member type-checked: a holidays member that is not a list of dates, or workdays that
     * are not an object of weekdays, once read as "no holidays" — a schedule open on a declared
     * holiday.
     */
    private static HolidayCalendar calendar(JsonFields f) {
        Set<LocalDate> holidays = new HashSet<>();
        List<String> days = f.strings("holidays", "dates such as \"2026-10-01\"");
        for (int i = 0; i < days.size(); i++) {
            holidays.add(date(days.get(i), f.field("holidays") + "[" + i + "]"));
        }
        Map<LocalDate, DayOfWeek> workdays = new HashMap<>();
        JsonNode w = f.get("workdays");
        if (w != null) {
            if (!w.isObject()) {
                throw new AclFormatException(
                        f.field("workdays"),
                        "expected an object of date -> weekday, such as {\"2026-09-27\": \"mon\"}, found "
                                + JsonFields.kind(w));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = f.field("workdays") + "." + LogText.safe(e.getKey());
                JsonNode v = e.getValue();
                DayOfWeek as = v.isTextual() ? DAYS.get(v.textValue()) : null;
                if (as == null) {
                    throw new AclFormatException(
                            p,
                            "expected the weekday it runs as: mon, tue, wed, thu, fri, sat, sun; found "
                                    + JsonFields.kind(v));
                }
                workdays.put(date(e.getKey(), p), as);
            }
        }
        try {
            return new HolidayCalendar(holidays, workdays);
        } catch (IllegalArgumentException e) {
            throw new AclFormatException(f.path(), e.getMessage());
        }
    }

    private static LocalDate date(String text, String path) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new AclFormatException(
                    path, "expected a date such as 2026-10-01, found '" + LogText.safe(text) + "'");
        }
    }

    private static JsonNode nonNull(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            throw new AclFormatException(path, "expected a value, found " + JsonFields.kind(v));
        }
        return v;
    }

    private static CredentialKey key(JsonFields f, String field) {
        try {
            return CredentialKey.parse(f.text(field));
        } catch (IllegalArgumentException e) {
            throw new AclFormatException(f.field(field), e.getMessage());
        }
    }

    private static Validity validity(JsonFields f) {
        try {
            Instant from = f.instant("validFrom");
            Instant to = f.instant("validTo");
            // Most entries are open-ended: one shared instance instead of 100,000 equal ones.
            return from == null && to == null ? Validity.ALWAYS : new Validity(from, to);
        } catch (IllegalArgumentException e) {
            throw new AclFormatException(f.field("validTo"), e.getMessage());
        }
    }

    private static Status status(JsonFields f) {
        return enumeration(f, "status", Status.class, Status.ACTIVE);
    }

    private static final Map<Class<?>, Map<String, Object>> ENUMS = new java.util.concurrent.ConcurrentHashMap<>();

    private static <E extends Enum<E>> E enumeration(JsonFields f, String key, Class<E> type, E fallback) {
        String s = fallback == null ? f.text(key) : f.optText(key);
        if (s == null) {
            return fallback;
        }
        // Precomputed per enum: the load path reads 100,000 statuses and kinds.
        Map<String, Object> byTag = ENUMS.computeIfAbsent(type, t -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (E e : type.getEnumConstants()) {
                m.put(e.name().toLowerCase(Locale.ROOT), e);
            }
            return m;
        });
        Object e = byTag.get(s);
        if (e == null) {
            throw new AclFormatException(
                    f.field(key), "expected one of " + new ArrayList<>(byTag.keySet()) + ", found '" + s + "'");
        }
        return type.cast(e);
    }
}
