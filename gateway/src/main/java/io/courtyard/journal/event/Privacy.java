package io.courtyard.journal.event;

/**
 * What a field may reveal, declared once per field with {@link Personal}: the journal on the box
 * keeps every field in full, and each way out of it asks here what it may carry.
 */
public enum Privacy {
    /** Not personal: logs, upstream MQTT and InfluxDB (as a tag or field) all carry it. */
    NONE(true, true, true),
    /**
     * Already masked by its producer ({@code card:h10301/****67}): fine in logs and upstream, never
     * written to InfluxDB, where a tag would index people.
     */
    MASKED(true, true, false),
    /**
     * Personal data in full (a household, an unknown card's number): upstream gets it because
     * billing or an audit needs it; logs show {@value #LOG_MASK}; never written to InfluxDB.
     */
    PERSONAL(false, true, false),
    /** Never leaves the box: kept in the journal only; logs show {@value #LOG_MASK}. */
    LOCAL(false, false, false);

    /** What a log line shows instead of a value it may not reveal: fixed, so it reveals no length. */
    public static final String LOG_MASK = "***";

    private final boolean logged;
    private final boolean upstream;
    private final boolean influx;

    Privacy(boolean logged, boolean upstream, boolean influx) {
        this.logged = logged;
        this.upstream = upstream;
        this.influx = influx;
    }

    /** A log line may show the value as it is. */
    public boolean logged() {
        return logged;
    }

    /** The upstream MQTT payload carries the value. */
    public boolean upstream() {
        return upstream;
    }

    /** InfluxDB may store the value as a tag or field. */
    public boolean influx() {
        return influx;
    }
}
