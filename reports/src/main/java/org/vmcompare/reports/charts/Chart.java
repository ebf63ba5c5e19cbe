package org.vmcompare.reports.charts;

import java.util.Objects;
import org.jfree.chart.JFreeChart;

/**
 * One chart of a report, with what the page says around it.
 *
 * @param id unique in the report, usable as an HTML id and a file name
 * @param caption one sentence saying how to read the chart
 */
public record Chart(
    String id, String title, String caption, JFreeChart chart, int width, int height) {
  public Chart {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(title, "title is null");
    Objects.requireNonNull(caption, "caption is null");
    Objects.requireNonNull(chart, "chart is null");
  }

  /** The chart as an inline {@code <svg>} element. */
  public String svg() {
    return ChartImages.svg(chart, id, width, height);
  }

  /** The chart as a PNG image. */
  public byte[] png() {
    return ChartImages.png(chart, width, height);
  }
}
