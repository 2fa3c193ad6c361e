package io.courtyard.dashboard;

import io.courtyard.http.StaticFiles;

/**
 * The dashboard's files: our own page, script and styles, and Apache ECharts from its WebJar, all
 * from the jar, so a compound without internet gets the whole dashboard.
 */
public final class Pages {
    public static final String ECHARTS_VERSION = "5.3.1";
    private static final String OWN = "io/courtyard/dashboard/pages/";

    private Pages() {}

    public static StaticFiles files() {
        return new StaticFiles()
                .add("/", OWN + "index.html", false)
                .add("/app/app.js", OWN + "app.js", false)
                .add("/app/i18n.js", OWN + "i18n.js", false)
                .add("/app/app.css", OWN + "app.css", false)
                .add("/app/print.css", OWN + "print.css", false)
                .add(
                        "/vendor/echarts-" + ECHARTS_VERSION + ".min.js",
                        "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js",
                        true);
    }
}
