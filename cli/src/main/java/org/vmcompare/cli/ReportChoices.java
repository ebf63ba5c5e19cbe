package org.vmcompare.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.vmcompare.reports.MetricCatalogue;
import org.vmcompare.reports.ReportMetric;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The report options {@code run} and {@code report} share, declared once so that both commands
 * spell and describe them the same way.
 */
final class ReportChoices {
  @Option(
      names = "--metrics",
      split = ",",
      paramLabel = "NAME",
      completionCandidates = MetricNames.class,
      description =
          "only these metrics in the table and the report, in this order (faults,evictions,...);"
              + " results.json and results.csv keep every metric. The table titles its rows;"
              + " the names to give here are listed below")
  List<String> metrics;

  /**
   * Adds to a command's help the names {@code --metrics} takes, each beside the title the table and
   * the report show for it, from the catalogue itself so the list cannot go stale.
   */
  static void listMetrics(CommandLine command) {
    List<String> footer =
        new ArrayList<>(List.of(command.getCommandSpec().usageMessage().footer()));
    footer.add("");
    footer.add("Metrics (--metrics NAME, as the table titles them):");
    for (ReportMetric m : MetricCatalogue.of(List.of()).metrics()) {
      footer.add(String.format(Locale.ROOT, "  %-22s %s", m.name(), m.title()));
    }
    footer.add("  " + "and a model's own counters, by the name the table shows (linux.pgscan)");
    command.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
  }

  /** The shared metrics' names, for the help text and shell completion. */
  static final class MetricNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return MetricCatalogue.sharedNames().iterator();
    }
  }

  @Option(
      names = "--test",
      paramLabel = "TEST",
      defaultValue = "welch",
      converter = ReportOutput.TestConverter.class,
      description = "test between systems across seeds: welch (default) or mann-whitney")
  ReportOutput.TestChoice test;
}
