package org.vmcompare.cli;

import java.util.List;
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
      description =
          "only these metrics in the table and the report, in this order (faults,evictions,...);"
              + " results.json and results.csv keep every metric")
  List<String> metrics;

  @Option(
      names = "--test",
      paramLabel = "TEST",
      defaultValue = "welch",
      converter = ReportOutput.TestConverter.class,
      description = "test between systems across seeds: welch (default) or mann-whitney")
  ReportOutput.TestChoice test;
}
