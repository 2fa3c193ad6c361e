package io.courtyard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Loads and validates a gateway YAML file into {@link GatewayConfig}, reporting every problem at once. */
public final class ConfigLoader {
    private static final int MAX_FILE_BYTES = 4 << 20;

    private ConfigLoader() {}

    public static GatewayConfig load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            // A device or FIFO reports size 0 and never ends (the secret files' fuzz finding, looked for here too).
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw single(name, "", "not a regular file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw single(name, "", "file is larger than " + MAX_FILE_BYTES + " bytes; is this the right file?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(name, "", "no such file");
        } catch (MalformedInputException e) {
            throw single(name, "", "not UTF-8 text");
        } catch (IOException e) {
            throw single(name, "", "cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    /** Parses YAML text; {@code file} names the source in messages and anchors relative paths. */
    public static GatewayConfig parse(Path file, String text) throws ConfigException {
        Problems problems = new Problems(file);
        Node root = compose(text, problems);
        if ((root == null || Scalars.isNull(root)) && problems.isEmpty()) {
            // One clear message rather than "site missing" and "site.id missing" as well.
            problems.add((Node) null, "", "the file is empty; a configuration needs at least site.id");
        }
        problems.throwIfAny();
        YamlMap top = YamlMap.of(root, "", problems);
        YamlMap siteMap = top.requiredMap("site", "the site section (id, timeZone, buildings)");
        SiteConfig site = SiteSection.read(siteMap);
        siteMap.finish();
        StateConfig state = finish(top.map("state"), ServiceSection::state);
        ListenersConfig listeners = finish(top.map("listeners"), ServiceSection::listeners);
        UpstreamConfig upstream = finish(top.map("upstream"), ServiceSection::upstream);
        JournalConfig journal = finish(top.map("journal"), ServiceSection::journal);
        DevicesConfig devices = DevicesSection.read(top);
        AclConfig acl = finish(top.map("acl"), AccessSection::acl);
        AccessConfig access = finish(top.map("access"), AccessSection::access);
        BillingConfig billing = finish(top.map("billing"), b -> BillingSection.read(b, site));
        FaultsConfig faults = finish(top.map("faults"), FaultsSection::read);
        OperatorsConfig operators = finish(top.map("operators"), OperatorsSection::read);
        top.finish();
        GatewayConfig config = new GatewayConfig(
                file, site, state, listeners, upstream, journal, devices, acl, access, billing, faults, operators);
        if (problems.isEmpty()) {
            CrossCheck.run(config, problems);
        }
        problems.throwIfAny();
        return config;
    }

    private static <T> T finish(YamlMap m, java.util.function.Function<YamlMap, T> read) {
        T t = read.apply(m);
        m.finish();
        return t;
    }

    private static Node compose(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        // Billion-laughs and runaway files: a site config has no business with aliases or megabytes.
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_FILE_BYTES);
        try (Reader r = new java.io.StringReader(text)) {
            return new Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            problems.add(e.getProblemMark(), "", "YAML syntax: " + e.getProblem());
        } catch (YAMLException e) {
            problems.add((Node) null, "", "YAML: " + e.getMessage());
        } catch (IOException e) {
            problems.add((Node) null, "", "cannot read: " + e.getMessage());
        }
        return null;
    }

    private static ConfigException single(String file, String field, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, 1, 1, field, message)));
    }
}
