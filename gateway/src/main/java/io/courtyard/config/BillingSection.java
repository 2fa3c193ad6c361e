package io.courtyard.config;

import io.courtyard.config.BillingConfig.CostItem;
import io.courtyard.config.BillingConfig.SplitModel;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Reads {@code billing:}: coefficients, hybrid weight, exempt and vacant households, minimum, cap, items. */
final class BillingSection {
    /** Coefficients and weights carry at most four decimals: enough for 0.7 … 1.3 and 0.125. */
    static final Scalars.Parser<BigDecimal> WEIGHT =
            Scalars.parser("a number from 0 to 100 with at most 4 decimals", t -> {
                BigDecimal v = new BigDecimal(t.strip());
                return v.signum() >= 0 && v.scale() <= 4 && v.compareTo(BigDecimal.valueOf(100)) <= 0 ? v : null;
            });

    static final Scalars.Parser<BigDecimal> FRACTION =
            Scalars.parser("a number from 0 to 1 with at most 4 decimals", t -> {
                BigDecimal v = WEIGHT.parse(t);
                return v != null && v.compareTo(BigDecimal.ONE) <= 0 ? v : null;
            });

    static final Scalars.Parser<Long> YUAN =
            Scalars.parser("an amount in yuan from 0 to 10000000 with at most 2 decimals", BillingConfig::fen);

    static final Scalars.Parser<YearMonth> MONTH = Scalars.parser("a month as YYYY-MM", t -> {
        try {
            return YearMonth.parse(t.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    });

    private BillingSection() {}

    static BillingConfig read(YamlMap m, SiteConfig site) {
        Set<String> ids = new HashSet<>();
        site.households().forEach(h -> ids.add(h.id()));
        Scalars.Parser<String> household = Scalars.parser(
                "a household id of this site (building-unit-room, e.g. 1-1-702)", t -> ids.contains(t) ? t : null);
        BillingConfig d = BillingConfig.DEFAULTS;
        Map<Integer, BigDecimal> coefficients = m.has("coefficients") ? coefficients(m) : d.coefficients();
        BigDecimal hybrid = m.optional("hybridFixedWeight", FRACTION, d.hybridFixedWeight());
        Set<String> exempt = new LinkedHashSet<>(m.scalars("exempt", household));
        Set<String> vacant = new LinkedHashSet<>(m.scalars("vacant", household));
        BigDecimal vacantFactor = m.optional("vacantFactor", FRACTION, d.vacantFactor());
        long minimum = m.optional("minimum", YUAN, 0L);
        Optional<Long> cap = Optional.ofNullable(m.optional("cap", YUAN, null));
        if (cap.isPresent() && cap.get() < minimum) {
            m.problems().add(m.value("cap"), m.field("cap"), "the cap is below the minimum (" + minimum + " fen)");
        }
        Set<String> both = new HashSet<>(exempt);
        both.retainAll(vacant);
        if (!both.isEmpty()) {
            m.problems().add(m.value("vacant"), m.field("vacant"), "households both exempt and vacant: " + both);
        }
        var items = m.list("items", i -> {
            YearMonth month = i.required("month", MONTH);
            String elevator = i.required("elevator", Scalars.ID);
            String item = i.required("item", Scalars.ID);
            Long amount = i.required("amount", YUAN);
            SplitModel model = i.required("model", Scalars.enumeration(SplitModel.class));
            return month == null || elevator == null || item == null || amount == null || model == null
                    ? null
                    : new CostItem(month, elevator, item, amount, model);
        });
        return new BillingConfig(coefficients, hybrid, exempt, vacant, vacantFactor, minimum, cap, items);
    }

    private static Map<Integer, BigDecimal> coefficients(YamlMap m) {
        Map<Integer, BigDecimal> out = new TreeMap<>();
        for (NodeTuple t : m.pairs("coefficients")) {
            Integer floor = Scalars.intRange(-9, 200).read(t.getKeyNode(), m.field("coefficients"), m.problems());
            BigDecimal c = WEIGHT.read(t.getValueNode(), m.field("coefficients") + "." + floor, m.problems());
            if (floor != null && c != null && out.put(floor, c) != null) {
                m.problems().add(t.getKeyNode(), m.field("coefficients"), "floor " + floor + " is listed twice");
            }
        }
        return out;
    }
}
