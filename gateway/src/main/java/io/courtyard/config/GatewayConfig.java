package io.courtyard.config;

import java.nio.file.Path;

/** The whole, validated configuration of one gateway: loaded once, never mutated. */
public record GatewayConfig(
        Path source,
        SiteConfig site,
        StateConfig state,
        ListenersConfig listeners,
        UpstreamConfig upstream,
        JournalConfig journal,
        DevicesConfig devices,
        AclConfig acl,
        AccessConfig access,
        BillingConfig billing,
        FaultsConfig faults,
        OperatorsConfig operators) {

    /** A configuration without access-list key or gate pairs (tests and tools that build one by hand). */
    public GatewayConfig(
            Path source,
            SiteConfig site,
            StateConfig state,
            ListenersConfig listeners,
            UpstreamConfig upstream,
            JournalConfig journal,
            DevicesConfig devices) {
        this(
                source,
                site,
                state,
                listeners,
                upstream,
                journal,
                devices,
                AclConfig.NONE,
                AccessConfig.NONE,
                BillingConfig.DEFAULTS,
                FaultsConfig.DEFAULTS,
                OperatorsConfig.NONE);
    }

    /** The same configuration with other billing rules (cost items from a CSV, tests). */
    public GatewayConfig withBilling(BillingConfig other) {
        return new GatewayConfig(
                source, site, state, listeners, upstream, journal, devices, acl, access, other, faults, operators);
    }

    /** The same configuration with other operators (tests). */
    public GatewayConfig withOperators(OperatorsConfig other) {
        return new GatewayConfig(
                source, site, state, listeners, upstream, journal, devices, acl, access, billing, faults, other);
    }

    /** The same configuration with another state directory (tests, demo, {@code run --state-dir}). */
    public GatewayConfig withStateDir(Path dir) {
        return new GatewayConfig(
                source,
                site,
                new StateConfig(dir),
                listeners,
                upstream,
                journal,
                devices,
                acl,
                access,
                billing,
                faults,
                operators);
    }
}
