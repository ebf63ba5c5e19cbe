package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.reports.charts.Chart;
import org.vmcompare.reports.charts.Palette;
import org.vmcompare.reports.charts.ReportCharts;

final class ReportChartsTest {
  private static RunResult at(String label, String ram, String quantum, long faults) {
    Map<String, String> point = new LinkedHashMap<>();
    point.put("machine.ram", ram);
    point.put("scheduler.quantum", quantum);
    return Runs.run(label, 1, faults, 0, RunStatus.OK, point);
  }

  @Test
  void timeSeries_giveMemoryFaultAndGaugeCharts_afterTheFaultBars() {
    List<Chart> charts =
        ReportCharts.of(Runs.report(Runs.run("A", 1, 10, 2), Runs.run("B", 1, 4, 0)));

    assertThat(charts)
        .extracting(Chart::id)
        .containsExactly("faults-by-kind", "resident", "free", "faults-over-time", "gauge-free");
    assertThat(charts.get(1).chart().getXYPlot().getDomainAxis().getLabel())
        .isEqualTo("simulated time (ms)");
    assertThat(charts.get(1).chart().getXYPlot().getRangeAxis().getLabel())
        .isEqualTo("resident memory (MiB)");
  }

  @Test
  void sweep_givesACurvePerSystemOverEachSweptKey_sizesInMib() {
    ExperimentReport report =
        Runs.report(
            at("LRU", "8MiB", "1k", 30), at("LRU", "16MiB", "1k", 20),
            at("LRU", "8MiB", "2k", 28), at("FIFO", "8MiB", "1k", 40));

    List<Chart> charts = ReportCharts.of(report);

    assertThat(charts)
        .extracting(Chart::id)
        .containsExactly("faults-by-kind", "sweep-machine-ram", "sweep-scheduler-quantum");
    var ram = charts.get(1).chart().getXYPlot();
    assertThat(ram.getDomainAxis().getLabel()).isEqualTo("machine.ram (MiB)");
    assertThat(String.valueOf(ram.getDataset().getSeriesKey(0))).isEqualTo("LRU, quantum=1k");
    assertThat(ram.getDataset().getXValue(0, 1)).isEqualTo(16.0);
    assertThat(charts.get(2).chart().getXYPlot().getDataset().getXValue(0, 1)).isEqualTo(2000.0);
  }

  @Test
  void sweep_curvesKeepTheirSystemsColour_andTellTheOtherKeyByDashes() {
    ExperimentReport report =
        Runs.report(
            at("LRU", "8MiB", "1k", 30), at("LRU", "16MiB", "1k", 20),
            at("LRU", "8MiB", "2k", 28), at("FIFO", "8MiB", "1k", 40));

    var ram = ReportCharts.of(report).get(1).chart().getXYPlot();

    assertThat(String.valueOf(ram.getDataset().getSeriesKey(1))).isEqualTo("LRU, quantum=2k");
    assertThat(String.valueOf(ram.getDataset().getSeriesKey(2))).isEqualTo("FIFO, quantum=1k");
    var r = ram.getRenderer();
    assertThat(r.getSeriesPaint(1)).isEqualTo(r.getSeriesPaint(0)).isEqualTo(Palette.of(0));
    assertThat(r.getSeriesPaint(2)).isEqualTo(Palette.of(1));
    assertThat(r.getSeriesStroke(1)).isNotEqualTo(r.getSeriesStroke(0));
    assertThat(r.getSeriesStroke(2)).isEqualTo(r.getSeriesStroke(0));
  }

  @Test
  void faultKinds_areShadesOfEachSystemsColour_withoutSystemsThatNeverFinished() {
    ExperimentReport report =
        Runs.report(
            Runs.run("A", 1, 10, 2),
            Runs.run("B", 1, 0, 0, RunStatus.ERROR, Map.of()),
            Runs.run("C", 1, 4, 1));

    var plot = ReportCharts.of(report).get(0).chart().getCategoryPlot();

    assertThat(plot.getDataset().getColumnKeys().toString()).isEqualTo("[A, C]");
    var bars = plot.getRenderer();
    assertThat(bars.getItemPaint(3, 0)).as("A's major faults").isEqualTo(Palette.of(0));
    assertThat(bars.getItemPaint(3, 1)).as("C's major faults").isEqualTo(Palette.of(2));
    Color zeroFills = (Color) bars.getItemPaint(0, 1);
    assertThat(zeroFills).isNotEqualTo(Palette.of(2));
    assertThat(zeroFills.getRed() + zeroFills.getGreen() + zeroFills.getBlue())
        .as("zero fills are a paler shade")
        .isGreaterThan(Palette.of(2).getRed() + Palette.of(2).getGreen() + Palette.of(2).getBlue());
  }

  @Test
  void charts_renderToSvgAndPng() {
    Chart c = ReportCharts.of(Runs.report(Runs.run("A", 1, 10, 2))).get(0);

    assertThat(c.svg()).startsWith("<svg id='faults-by-kind'").contains("<path").endsWith("</svg>");
    assertThat(c.png()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }
}
