package org.vmcompare.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmcompare.common.InputError;
import org.vmcompare.reports.ExperimentReport;
import org.vmcompare.reports.ReportFiles;
import org.vmcompare.reports.stats.SignificanceTest;
import picocli.CommandLine;

/**
 * What {@code --out DIR} writes for {@code run} and {@code report} alike: every file of {@link
 * ReportFiles}, each whole (through {@link OutputFiles}), and the choice of test between systems.
 */
final class ReportOutput {
  private ReportOutput() {}

  /** Writes the report's files into {@code dir}. */
  static void write(Path dir, ExperimentReport report, SignificanceTest test) {
    for (Map.Entry<String, String> f : ReportFiles.of(report, test).entrySet()) {
      OutputFiles.write("--out", dir.resolve(f.getKey()), f.getValue());
    }
    for (Map.Entry<String, byte[]> f : ReportFiles.images(report).entrySet()) {
      OutputFiles.write("--out", dir.resolve(f.getKey()), f.getValue());
    }
  }

  /** The report with only the metrics of {@code --metrics} (null: all); an unknown name fails. */
  static ExperimentReport choose(ExperimentReport report, List<String> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return report;
    }
    try {
      return report.withMetrics(metrics);
    } catch (IllegalArgumentException e) {
      throw InputError.of("--metrics", e.getMessage());
    }
  }

  /** {@code --test welch|mann-whitney}. */
  enum TestChoice {
    welch(SignificanceTest.WELCH),
    mann_whitney(SignificanceTest.MANN_WHITNEY);

    final SignificanceTest test;

    TestChoice(SignificanceTest test) {
      this.test = test;
    }
  }

  /** Accepts "mann-whitney" as well as the enum's own spelling. */
  static final class TestConverter implements CommandLine.ITypeConverter<TestChoice> {
    @Override
    public TestChoice convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
      for (TestChoice t : TestChoice.values()) {
        if (t.name().equals(v)) {
          return t;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a test; use welch or mann-whitney");
    }
  }
}
