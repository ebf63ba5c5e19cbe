package org.vmcompare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmcompare.common.InputError;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.ComparisonTable;
import org.vmcompare.reports.ExperimentReport;
import org.vmcompare.reports.ResultsReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Makes the report again from results.json, without running anything; given two or more files, puts
 * their systems side by side (each column named after its file), for before/after studies.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Makes a report from results.json files, or compares several.",
    description = {
      "Reads results.json files written by 'vmcompare run --out' and prints the comparison table"
          + " again; with --out it writes report.md, report.html, results.json, results.csv and"
          + " views/ as 'run --out' does. Given two or more files, each column is named after its"
          + " file, so a before/after pair can be compared with the same statistics."
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare report results/results.json --out results/",
      "  vmcompare report before/results.json after/results.json --out compare/"
    })
public final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RESULTS.json", description = "results files")
  List<Path> files;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "write report.md, report.html, results.json, results.csv and views/ into DIR")
  Path out;

  @Mixin ReportChoices choices;

  @Override
  public Integer call() {
    List<ExperimentReport> reports = new ArrayList<>();
    for (Path f : files) {
      reports.add(read(f));
    }
    ExperimentReport report =
        ReportOutput.choose(reports.size() == 1 ? reports.get(0) : merge(reports), choices.metrics);
    if (out != null) {
      ReportOutput.write(out, report, choices.test.test);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.print(ComparisonTable.render(report));
    o.flush();
    return 0;
  }

  private static ExperimentReport read(Path f) {
    try {
      return ResultsReader.read(Files.readString(f, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw InputError.of("RESULTS.json", f + ": no such file");
    } catch (IOException e) {
      throw InputError.of("RESULTS.json", f + ": cannot read: " + OutputFiles.reason(e));
    } catch (IllegalArgumentException e) {
      throw InputError.of("RESULTS.json", f + ": " + e.getMessage());
    }
  }

  /** The runs of every file, each label prefixed with its file's name ("before: LRU"). */
  private ExperimentReport merge(List<ExperimentReport> reports) {
    long pageSize = reports.get(0).pageSize();
    List<RunResult> runs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> machines = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      ExperimentReport r = reports.get(i);
      if (r.pageSize() != pageSize) {
        throw InputError.of(
            "RESULTS.json",
            files.get(i)
                + ": page size "
                + r.pageSize()
                + " differs from "
                + pageSize
                + " in "
                + files.get(0)
                + "; memory would not compare");
      }
      String name = name(i);
      names.add(name);
      if (!machines.contains(r.machine())) {
        machines.add(r.machine());
      }
      for (RunResult x : r.results()) {
        runs.add(
            new RunResult(
                x.system(),
                name + ": " + x.label(),
                x.seed(),
                x.point(),
                x.status(),
                x.error(),
                x.simulatedNs(),
                x.counters(),
                x.processes(),
                x.simplifications(),
                x.views(),
                x.timeSeries(),
                x.eventLog(),
                x.processMetrics(),
                x.gauges()));
      }
    }
    String machine = machines.size() == 1 ? machines.get(0) : String.join("\n", machines);
    return new ExperimentReport(
        String.join(" vs ", names),
        "comparing " + String.join(", ", files.stream().map(Path::toString).toList()),
        machine,
        pageSize,
        runs);
  }

  /** A file's short name: its folder's name for ".../NAME/results.json", else the file's stem. */
  private String name(int i) {
    Path f = files.get(i).toAbsolutePath().normalize();
    String file = f.getFileName().toString();
    String stem = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    if (stem.equals("results") && f.getParent() != null && f.getParent().getFileName() != null) {
      stem = f.getParent().getFileName().toString();
    }
    for (int j = 0; j < i; j++) {
      if (name(j).equals(stem)) {
        return stem + "#" + (i + 1);
      }
    }
    return stem;
  }
}
