package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.vmcompare.reports.charts.Chart;
import org.vmcompare.reports.charts.ReportCharts;
import org.vmcompare.reports.doc.Block;
import org.vmcompare.reports.doc.Html;
import org.vmcompare.reports.doc.Markdown;
import org.vmcompare.reports.stats.SignificanceTest;
import org.vmcompare.reports.stats.Summary;

/**
 * The report people read, built once as blocks and rendered as report.md and report.html: what was
 * run, the answer at a glance, the charts, the summary with confidence intervals, the differences
 * with their tests, then each system's processes, kernel log, native views and simplifications.
 */
public final class ReportDocument {
  private final ExperimentReport report;
  private final SignificanceTest test;

  public ReportDocument(ExperimentReport report, SignificanceTest test) {
    this.report = Objects.requireNonNull(report, "report is null");
    this.test = Objects.requireNonNull(test, "test is null");
  }

  /** report.md. */
  public String markdown() {
    return Markdown.render(blocks(List.of()));
  }

  /** report.html, with every chart inline. */
  public String html() {
    return Html.render(
        report.experiment() + " — vmcompare report", blocks(ReportCharts.of(report)));
  }

  /** The document; charts follow the answer at a glance (none in Markdown's case). */
  List<Block> blocks(List<Chart> charts) {
    List<Block> b = new ArrayList<>();
    b.add(new Block.Heading(1, report.experiment(), "top"));
    if (!report.description().isBlank()) {
      b.add(new Block.Para(report.description().strip().replace('\n', ' ')));
    }
    List<String> about = new ArrayList<>(List.of(report.machineLine().split("\n")));
    if (!report.legend().isEmpty()) {
      about.add(report.legend());
    }
    about.add(seedsLine());
    b.add(new Block.Bullets(about));
    List<Summaries.Row> rows = Summaries.rows(report);
    b.add(new Block.Heading(2, "At a glance", "glance"));
    b.add(new Block.Bullets(Glance.sentences(report, rows)));
    if (!charts.isEmpty()) {
      b.add(new Block.Heading(2, "Charts", "charts"));
      b.add(new Block.Para("Each system keeps its colour in every chart."));
      for (Chart c : charts) {
        b.add(new Block.Figure(c));
      }
    }
    b.add(new Block.Heading(2, "Summary", "summary"));
    b.add(summaryTable(rows, false));
    if (Summaries.seeds(report) > 1) {
      b.add(new Block.Para("Spread across seeds: standard deviation, minimum–maximum."));
      b.add(summaryTable(rows, true));
    }
    b.add(new Block.Heading(2, "Differences", "differences"));
    b.add(new Block.Para(differencesIntro()));
    b.add(differences(rows));
    b.addAll(RunSections.blocks(report));
    b.add(new Block.Heading(2, "Simplifications", "simplifications"));
    Set<String> simple = new LinkedHashSet<>();
    report.results().forEach(r -> simple.addAll(r.simplifications()));
    b.add(new Block.Bullets(simple.isEmpty() ? List.of("none declared") : new ArrayList<>(simple)));
    return b;
  }

  private String seedsLine() {
    Set<Long> seeds = new LinkedHashSet<>();
    report.results().forEach(r -> seeds.add(r.seed()));
    if (seeds.size() == 1) {
      return "one seed ("
          + seeds.iterator().next()
          + "): no confidence interval can be given;"
          + " run with `--seeds 5` or more for intervals and tests";
    }
    return seeds.size()
        + " seeds; values are means ± the "
        + (int) (Summary.LEVEL * 100)
        + "% confidence interval (Student's t)";
  }

  private String differencesIntro() {
    List<String> columns = new ArrayList<>(report.byLabel().keySet());
    return "Each system against **"
        + columns.get(0)
        + "** on the metrics where lower or higher is better: the difference of the means and the"
        + " p-value of "
        + test.title()
        + " across seeds; a difference is significant (bold) when p < 0.05."
        + (Summaries.seeds(report) > 1
            ? ""
            : " With one seed per system no test can be made: the differences are untested.");
  }

  private Block differences(List<Summaries.Row> rows) {
    List<String> columns = new ArrayList<>(report.byLabel().keySet());
    if (columns.size() < 2) {
      return new Block.Para("Only one system: nothing to compare.");
    }
    List<String> header = new ArrayList<>();
    header.add("metric");
    header.addAll(columns.subList(1, columns.size()));
    header.add("better");
    List<List<String>> out = new ArrayList<>();
    for (Summaries.Row r : rows) {
      if (r.metric().better() != Better.NEITHER) {
        List<String> row = new ArrayList<>();
        row.add(r.metric().title());
        row.addAll(Summaries.verdicts(report, r.metric(), test));
        row.add(r.metric().better().word());
        out.add(row);
      }
    }
    return new Block.Table(header, out);
  }

  private Block.Table summaryTable(List<Summaries.Row> rows, boolean spread) {
    List<String> header = new ArrayList<>();
    header.add("metric");
    header.addAll(report.byLabel().keySet());
    header.add("better");
    List<List<String>> out = new ArrayList<>();
    for (Summaries.Row r : rows) {
      if (spread && !report.catalogue().alwaysShown(r.metric().name())) {
        continue;
      }
      List<String> row = new ArrayList<>();
      row.add(r.metric().title());
      for (Summary s : r.cells()) {
        row.add(
            spread
                ? Summaries.spread(s, r.metric().unit(), report.pageSize())
                : Summaries.cell(s, r.metric().unit(), report.pageSize()));
      }
      row.add(r.metric().better().word());
      out.add(row);
    }
    return new Block.Table(header, out);
  }

  /** Lower-case, for sentences. */
  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
