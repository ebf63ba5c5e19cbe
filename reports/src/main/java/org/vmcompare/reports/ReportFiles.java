package org.vmcompare.reports;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vmcompare.reports.charts.Chart;
import org.vmcompare.reports.charts.ReportCharts;
import org.vmcompare.reports.stats.SignificanceTest;

/**
 * Everything {@code --out DIR} holds, as relative path → text: report.md, report.html,
 * results.json, results.csv and views/. The caller writes each file whole; nothing here touches the
 * disk.
 */
public final class ReportFiles {
  private ReportFiles() {}

  public static Map<String, String> of(ExperimentReport report, SignificanceTest test) {
    ReportDocument doc = new ReportDocument(report, test);
    Map<String, String> out = new LinkedHashMap<>();
    out.put("results.json", ResultsJson.render(report));
    out.put("results.csv", ResultsCsv.render(report));
    out.put("report.md", doc.markdown());
    out.put("report.html", doc.html());
    out.putAll(ViewFiles.of(report));
    return out;
  }

  /**
   * The report's charts as PNG images, {@code charts/<id>.png}: the same charts as report.html, for
   * slides, papers and documents that take no SVG.
   */
  public static Map<String, byte[]> images(ExperimentReport report) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Chart c : ReportCharts.of(report)) {
      out.put("charts/" + c.id() + ".png", c.png());
    }
    return out;
  }
}
