package io.courtyard.config;

import java.util.List;

/** The configuration is invalid; carries every problem found, not just the first. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size()).append(problems.size() == 1 ? " configuration problem" : " configuration problems");
        for (ConfigProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
