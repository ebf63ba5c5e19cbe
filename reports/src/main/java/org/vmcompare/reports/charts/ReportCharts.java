package org.vmcompare.reports.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.DisplayUnit;
import org.vmcompare.reports.ExperimentReport;
import org.vmcompare.reports.ProcessMetric;

/**
 * The charts of a report, chosen from what the runs carry: the kinds of fault per system (stacked
 * bars); with a time series, resident memory, free memory, faults so far and each model's gauges
 * over simulated time; with a sweep, faults as curves over each swept value. A gauge a new model
 * registers gets its chart without a change here.
 */
public final class ReportCharts {
  static final int WIDTH = 760;
  static final int HEIGHT = 340;

  private static final List<String> KINDS =
      List.of("zero fills", "copy-on-write", "other minor", "major");

  private ReportCharts() {}

  /** Every chart the report's runs allow, in page order. */
  public static List<Chart> of(ExperimentReport report) {
    List<Chart> out = new ArrayList<>();
    out.add(faultKinds(report));
    if (report.sweepKeys().isEmpty()) {
      out.addAll(TimeCharts.of(report));
    } else {
      out.addAll(SweepCharts.of(report));
    }
    return out;
  }

  private static Chart faultKinds(ExperimentReport report) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, List<RunResult>> e : report.byLabel().entrySet()) {
      double[] kinds = new double[4];
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
      for (int k = 0; k < 4; k++) {
        data.addValue(n == 0 ? null : (Number) (kinds[k] / n), KINDS.get(k), e.getKey());
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            null, null, "faults", data, PlotOrientation.HORIZONTAL, true, false, false);
    Style.apply(chart);
    CategoryItemRenderer bars = ((CategoryPlot) chart.getPlot()).getRenderer();
    for (int k = 0; k < KINDS.size(); k++) {
      bars.setSeriesPaint(k, Palette.KINDS.get(k));
    }
    int height = Math.max(180, 90 + 34 * report.byLabel().size());
    return new Chart(
        "faults-by-kind",
        "Faults by kind",
        "Each bar is one system (mean over seeds): minor faults split into zero fills, copy-on-write"
            + " copies and other minor faults, then major faults, which waited for the disk.",
        chart,
        WIDTH,
        height);
  }

  /** A line chart with one series per entry, coloured by the series' palette index. */
  static JFreeChart lines(
      List<XYSeries> series, List<Integer> colours, String xAxis, String yAxis, boolean shapes) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (XYSeries s : series) {
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            null, xAxis, yAxis, data, PlotOrientation.VERTICAL, true, false, false);
    Style.apply(chart);
    XYPlot plot = (XYPlot) chart.getPlot();
    XYItemRenderer r = plot.getRenderer();
    if (r instanceof XYLineAndShapeRenderer lr) {
      lr.setDefaultShapesVisible(shapes);
    }
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, Palette.of(colours.get(i)));
    }
    return chart;
  }

  /** An axis title with its unit: "resident memory (MiB)", or the name alone for counts. */
  static String axis(String name, DisplayUnit unit) {
    return unit.axis().isEmpty() ? name : name + " (" + unit.axis() + ")";
  }

  /** A gauge's axis title. */
  static String axis(ProcessMetric gauge) {
    return axis(gauge.name(), gauge.unit());
  }
}
