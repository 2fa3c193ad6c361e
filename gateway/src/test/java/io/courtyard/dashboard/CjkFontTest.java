package io.courtyard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the PDF report finds its Chinese font on a box: Debian's WenQuanYi Micro Hei when installed
 * ({@code scripts/install-deps test} installs it), and otherwise a refusal that names the package
 * and what was wrong with each candidate: missing, truncated, or without Chinese glyphs.
 */
class CjkFontTest {
    @TempDir
    Path dir;

    @Test
    void theDebianPackagesFontIsFoundAndHasTheReportsGlyphs() {
        Path microhei = CjkFont.CANDIDATES.get(0);
        assertThat(microhei)
                .as("scripts/install-deps test installs fonts-wqy-microhei")
                .exists();

        assertThat(CjkFont.problem(microhei)).isNull();
        assertThat(CjkFont.find()).isEqualTo(new CjkFont.Found.Font(microhei));
    }

    @Test
    void withoutAUsableFontTheRefusalNamesThePackageAndEachCandidatesProblem() throws Exception {
        Path missing = dir.resolve("missing.ttc");
        Path truncated = dir.resolve("truncated.ttc");
        byte[] whole = Files.readAllBytes(CjkFont.CANDIDATES.get(0));
        Files.write(truncated, Arrays.copyOf(whole, 4096));
        Path latin = dir.resolve("LiberationSans-Regular.ttf");
        try (InputStream in =
                getClass().getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            Files.copy(in, latin);
        }

        CjkFont.Found found = CjkFont.find(List.of(missing, truncated, latin));

        assertThat(found).isInstanceOf(CjkFont.Found.None.class);
        String why = ((CjkFont.Found.None) found).why();
        assertThat(why)
                .contains("apt-get install fonts-wqy-microhei")
                .contains(missing + ": not installed")
                .contains(truncated + ": not a usable TrueType font")
                .contains(latin + ": has no glyph for '电'");
    }

    @Test
    void aBrokenFirstCandidateIsPassedOverForAGoodOne() throws Exception {
        Path truncated = dir.resolve("wqy-microhei.ttc");
        Files.write(truncated, new byte[] {'t', 't', 'c', 'f', 0, 1});

        assertThat(CjkFont.find(List.of(truncated, CjkFont.CANDIDATES.get(0))))
                .isEqualTo(new CjkFont.Found.Font(CjkFont.CANDIDATES.get(0)));
    }
}
