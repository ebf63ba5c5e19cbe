package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a reader sees it: a real report loaded in headless Chromium, with a screenshot
 * kept in {@code cli/target/browser/report.png}. It asserts the charts rendered (every chart an SVG
 * with drawn paths and a visible size), that the page logged no error, and that its height is sane.
 * Skipped, saying why, only where no Chromium is installed; .ci/run installs it.
 */
final class BrowserReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Measured in the page: per chart, its drawn paths and size; the page's height. */
  private static final String PROBE =
      """
      JSON.stringify({
        height: document.documentElement.scrollHeight,
        charts: [...document.querySelectorAll('figure svg')].map(s => ({
          id: s.id,
          paths: [...s.querySelectorAll('path')]
              .filter(p => (p.getAttribute('d') || '').trim().length > 2).length,
          width: s.getBoundingClientRect().width,
          height: s.getBoundingClientRect().height
        }))
      })
      """;

  @TempDir Path dir;

  @Test
  void reportHtml_inChromium_drawsEveryChart_withoutErrors() throws Exception {
    Path chromium = Chromium.find();
    assumeTrue(
        chromium != null,
        "no Chromium at $CHROMIUM or "
            + Chromium.CANDIDATES
            + "; install it with 'apt-get install -y chromium' (.ci/run does) to run this test");
    Path out = dir.resolve("out");
    RunCommandTest.Result r =
        RunCommandTest.run(
            "run",
            GoldenReportTest.DIR.resolve("experiment.yaml").toString(),
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Path html = out.resolve("report.html").toAbsolutePath();

    JsonNode page;
    byte[] png;
    List<String> errors = new ArrayList<>();
    try (Chromium browser = new Chromium(chromium, dir.resolve("profile"))) {
      browser.send("Page.enable", Map.of());
      browser.send("Runtime.enable", Map.of());
      browser.send("Log.enable", Map.of());
      browser.send("Page.navigate", Map.of("url", html.toUri().toString()));
      browser.await("Page.loadEventFired");
      page =
          JSON.readTree(
              browser
                  .send("Runtime.evaluate", Map.of("expression", PROBE, "returnByValue", true))
                  .path("result")
                  .path("value")
                  .asText());
      png =
          Base64.getDecoder()
              .decode(
                  browser
                      .send(
                          "Page.captureScreenshot",
                          Map.of("format", "png", "captureBeyondViewport", true))
                      .path("data")
                      .asText());
      for (JsonNode e : browser.events()) {
        String method = e.path("method").asText();
        JsonNode p = e.path("params");
        if (method.equals("Runtime.exceptionThrown")
            || (method.equals("Runtime.consoleAPICalled")
                && p.path("type").asText().equals("error"))
            || (method.equals("Log.entryAdded")
                && p.path("entry").path("level").asText().equals("error"))) {
          errors.add(e.toString());
        }
      }
    }
    Path shot = Path.of("target/browser/report.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, png);

    assertThat(errors).as("console errors and exceptions").isEmpty();
    assertThat(png)
        .hasSizeGreaterThan(20_000)
        .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(page.path("height").asInt()).as("page height in CSS pixels").isBetween(1500, 60_000);
    JsonNode charts = page.path("charts");
    List<String> ids = new ArrayList<>();
    charts.forEach(c -> ids.add(c.path("id").asText()));
    assertThat(ids).contains("faults-by-kind", "resident", "free", "faults-over-time");
    for (JsonNode c : charts) {
      assertThat(c.path("paths").asInt()).as("drawn paths in %s", c.path("id")).isGreaterThan(5);
      assertThat(c.path("width").asDouble()).as("width of %s", c.path("id")).isGreaterThan(300);
      assertThat(c.path("height").asDouble()).as("height of %s", c.path("id")).isGreaterThan(100);
    }
  }
}
