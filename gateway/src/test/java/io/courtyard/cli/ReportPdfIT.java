package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.courtyard.testsupport.DashboardSite;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The monthly report's PDF from a running gateway with seeded rides: its text, extracted again,
 * carries the Chinese labels and the statement hash, the font is embedded, and the hash on it
 * recomputes with {@code courtyard bill --verify} (an edited one does not).
 */
@Timeout(120)
class ReportPdfIT {
    @TempDir
    static Path dir;

    static DashboardSite site;

    @BeforeAll
    static void start() throws Exception {
        site = DashboardSite.start(dir);
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void theReportRendersChineseCarriesTheHashAndTheHashVerifiesOnTheBox() throws Exception {
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(site.base() + "/api/report.pdf?month=" + DashboardSite.MONTH
                                        + "&elevator=" + DashboardSite.ELEVATOR))
                                .header("Authorization", "Bearer " + site.localToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        String text;
        String qr;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            // The QR code as a phone would read it off the printed page.
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(doc.getNumberOfPages() - 1, 150);
            int[] rgb = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            qr = new QRCodeReader()
                    .decode(new BinaryBitmap(
                            new HybridBinarizer(new RGBLuminanceSource(page.getWidth(), page.getHeight(), rgb))))
                    .getText();
            text = new PDFTextStripper().getText(doc);
            PDFont font = doc.getPage(0)
                    .getResources()
                    .getFont(doc.getPage(0)
                            .getResources()
                            .getFontNames()
                            .iterator()
                            .next());
            assertThat(font.isEmbedded())
                    .as("the CJK font travels with the file")
                    .isTrue();
        }
        assertThat(text)
                .contains("电梯月度报告")
                .contains("可用率")
                .contains("每户分摊")
                .contains("账单哈希")
                .contains("乘梯次数 Rides " + DashboardSite.totalRides());
        String hash = text.lines()
                .filter(l -> l.matches("[0-9a-f]{64}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no hash line in:\n" + text));

        assertThat(qr).isEqualTo(hash);
        assertThat(bill("--verify", hash)).as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("matches");
        String edited = (hash.charAt(0) == 'a' ? "b" : "a") + hash.substring(1);
        assertThat(bill("--verify", edited)).isEqualTo(ExitCodes.FAILURE);
        assertThat(out.toString()).contains("does NOT match").contains(hash);
    }

    private StringWriter out;

    private int bill(String... extra) {
        out = new StringWriter();
        CommandLine cli = Main.commandLine(CliTest.NO_GATEWAY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        String[] args = new String[7 + extra.length];
        args[0] = "bill";
        args[1] = "--config";
        args[2] = dir.resolve("demo.yaml").toString();
        args[3] = "--state-dir";
        args[4] = dir.resolve("state").toString();
        args[5] = "--month=" + DashboardSite.MONTH;
        args[6] = "--elevator=" + DashboardSite.ELEVATOR;
        System.arraycopy(extra, 0, args, 7, extra.length);
        return cli.execute(args);
    }
}
