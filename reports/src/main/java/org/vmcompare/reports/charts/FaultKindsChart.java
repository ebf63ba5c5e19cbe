package org.vmcompare.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.ExperimentReport;

/**
 * Faults by kind: one horizontal bar per system, in the system's colour as in every other chart,
 * split into zero fills, copy-on-write copies, other minor faults and major faults. A kind is told
 * by the shade of the system's colour, from the palest (zero fills) to the full colour (major
 * faults, which waited for the disk), with a white line between kinds; the legend shows the shades
 * in grey.
 */
final class FaultKindsChart {
  static final List<String> KINDS = List.of("zero fills", "copy-on-write", "other minor", "major");

  /** How much white each kind mixes into the system's colour, palest first. */
  private static final List<Double> TINTS = List.of(0.78, 0.58, 0.36, 0.0);

  private static final Color LEGEND = new Color(0x555555);

  private FaultKindsChart() {}

  static Chart of(ExperimentReport report) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    Map<String, Integer> palette = Palette.columns(report);
    List<Integer> colours = new ArrayList<>();
    for (Map.Entry<String, List<RunResult>> e : report.byLabel().entrySet()) {
      double[] kinds = new double[KINDS.size()];
      int n = 0;
      for (RunResult r : e.getValue()) {
        if (!r.ok() || r.counters().isEmpty()) {
          continue;
        }
        long minor = r.counter("faults.minor");
        long zero = Math.min(minor, r.counter("zero.fills"));
        long cow = Math.min(minor - zero, r.counter("cow.copies"));
        kinds[0] += zero;
        kinds[1] += cow;
        kinds[2] += minor - zero - cow;
        kinds[3] += r.counter("faults.major");
        n++;
      }
      if (n == 0) {
        continue; // nothing to draw; the report says why under "Runs that did not finish"
      }
      for (int k = 0; k < KINDS.size(); k++) {
        data.addValue(kinds[k] / n, KINDS.get(k), e.getKey());
      }
      colours.add(palette.get(e.getKey()));
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            null,
            null,
            "faults (mean over seeds)",
            data,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    Style.apply(chart);
    CategoryPlot plot = (CategoryPlot) chart.getPlot();
    StackedBarRenderer bars = new SystemShades(colours);
    bars.setShadowVisible(false);
    bars.setBarPainter(new StandardBarPainter());
    bars.setDrawBarOutline(true);
    bars.setDefaultOutlinePaint(Color.WHITE);
    bars.setDefaultOutlineStroke(new BasicStroke(1.5f));
    bars.setAutoPopulateSeriesOutlinePaint(false);
    bars.setAutoPopulateSeriesOutlineStroke(false);
    bars.setMaximumBarWidth(0.12);
    plot.setRenderer(bars);
    // Below the bars, where a reader looks for the scale, as in the line charts.
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    LegendItemCollection legend = new LegendItemCollection();
    for (int k = 0; k < KINDS.size(); k++) {
      LegendItem item =
          new LegendItem(
              KINDS.get(k),
              null,
              null,
              null,
              new Rectangle(-6, -6, 12, 12),
              shade(LEGEND, k),
              new BasicStroke(1f),
              Color.GRAY);
      item.setLabelFont(plot.getDomainAxis().getTickLabelFont());
      legend.add(item);
    }
    plot.setFixedLegendItems(legend);
    int height = Math.max(200, 100 + 36 * colours.size());
    return new Chart(
        "faults-by-kind",
        "Faults by kind",
        "One bar per system, in the system's colour, mean over seeds: from the palest shade to the"
            + " full colour, zero fills, copy-on-write copies, other minor faults, then major"
            + " faults, which waited for the disk.",
        chart,
        ReportCharts.WIDTH,
        height);
  }

  /** The kind's shade of a colour: the colour mixed with white. */
  static Color shade(Color c, int kind) {
    double w = TINTS.get(kind);
    return new Color(
        (int) Math.round(c.getRed() + (255 - c.getRed()) * w),
        (int) Math.round(c.getGreen() + (255 - c.getGreen()) * w),
        (int) Math.round(c.getBlue() + (255 - c.getBlue()) * w));
  }

  /** The library's stacked bars, painted by system (column) and shaded by kind (row). */
  private static final class SystemShades extends StackedBarRenderer {
    private static final long serialVersionUID = 1L;
    private final List<Integer> colours;

    SystemShades(List<Integer> colours) {
      this.colours = colours;
    }

    @Override
    public Paint getItemPaint(int row, int column) {
      return shade(Palette.of(colours.get(column)), row);
    }
  }
}
