package org.vmcompare.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmcompare.common.InputError;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.engine.RunProgress;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.reports.ComparisonTable;
import org.vmcompare.reports.ExperimentReport;
import org.vmcompare.reports.MetricCatalogue;
import org.vmcompare.reports.ResultsCsv;
import org.vmcompare.reports.ResultsJson;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs an experiment on every system variant and seed, and prints the comparison. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Runs an experiment and prints one column per system.",
    description = {
      "Runs an experiment on every listed system and seed and prints one column per system.",
      "Without a file it runs the bundled default experiment (configs/default.yaml)."
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare run",
      "  vmcompare run configs/examples/belady.yaml --format table,csv",
      "  vmcompare run my.yaml --systems textbook --seeds 5 --out results/",
      "  vmcompare run --out report/   # then open report/report.html",
      "  vmcompare run belady.yaml --systems textbook,linux --skip-unsupported"
    })
public final class RunCommand implements Callable<Integer> {
  static final String DEFAULT_EXPERIMENT = "configs/default.yaml";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "EXPERIMENT.yaml",
      description = "experiment file (default: the bundled ${DEFAULT-VALUE})",
      defaultValue = DEFAULT_EXPERIMENT,
      showDefaultValue = CommandLine.Help.Visibility.NEVER)
  String experiment;

  @Option(
      names = "--systems",
      split = ",",
      paramLabel = "NAME",
      description =
          "only these system variants (by label or system name, any case); a registered system"
              + " the file does not list is added with its default options")
  List<String> systems;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description = "run N seeds: the experiment's first seed and the N-1 after it")
  Integer seeds;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "write report.md, report.html (charts), results.json, results.csv and views/ into DIR")
  Path out;

  @Mixin ReportChoices choices;

  @Option(
      names = "--format",
      split = ",",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "what to print: table, json, csv (comma-separated; default table)")
  List<Format> formats;

  @Option(
      names = "--skip-unsupported",
      description =
          "run the other systems when one cannot do a step; its column says which step and why")
  boolean skipUnsupported;

  @Option(names = "--yes", description = "run work estimated to take over an hour without asking")
  boolean yes;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "runs in parallel (default: the number of cores)")
  Integer threads;

  /** Printable outputs. */
  enum Format {
    table,
    json,
    csv
  }

  @Override
  public Integer call() {
    checkMetricsBeforeRunning();
    LoadedExperiment exp = load();
    LoadedExperiment chosen = exp;
    List<RunPlan> plans = ExperimentRunner.plan(chosen, seedList(exp));
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) {
      throw InputError.of("--threads", "must be at least 1, got " + n);
    }
    long estimate = ExperimentRunner.estimatedReferences(chosen, plans);
    refuseVeryLongWork(estimate, plans.size(), n);
    RunProgress counts = new RunProgress();
    List<RunResult> results;
    try (Progress progress =
        Progress.start(
            "references",
            estimate,
            counts::references,
            counts::runsDone,
            "of " + plans.size() + " runs done")) {
      results = new ExperimentRunner(n).run(chosen, plans, done -> {}, counts);
    }
    ExperimentReport report =
        new ExperimentReport(
            exp.experiment().name(),
            exp.experiment().description(),
            exp.spec().describe(),
            exp.spec().pageSize(),
            results);
    report = ReportOutput.choose(report, choices.metrics);
    String json = ResultsJson.render(report);
    String csv = ResultsCsv.render(report);
    if (out != null) {
      ReportOutput.write(out, report, choices.test.test);
    }
    PrintWriter o = spec.commandLine().getOut();
    for (Format f : new LinkedHashSet<>(formats)) {
      switch (f) {
        case table -> o.print(ComparisonTable.render(report));
        case json -> o.print(json);
        case csv -> o.print(csv);
        default -> throw new AssertionError(f);
      }
    }
    o.flush();
    // A system skipped on request (--skip-unsupported) is not a failure; the table says why.
    return results.stream().allMatch(r -> r.ok() || r.status() == RunStatus.SKIPPED) ? 0 : 1;
  }

  /**
   * The rate the warning before long work assumes: a real model on a paging workload runs a few
   * million references a second a thread on the machines this was measured on
   * (docs/performance.md); one million keeps the warning on the safe side.
   */
  static final double REFERENCES_PER_SECOND = 1e6;

  /** Work estimated to take longer than this needs {@code --yes}. */
  static final double LONG_WORK_SECONDS = 3600;

  /** Says so, and stops, before work estimated to take over an hour, unless {@code --yes}. */
  void refuseVeryLongWork(long references, int runs, int threads) {
    double seconds =
        references / (REFERENCES_PER_SECOND * Math.max(1, Math.min(threads, Math.max(1, runs))));
    if (seconds <= LONG_WORK_SECONDS || yes) {
      return;
    }
    throw InputError.of(
        "--yes",
        String.format(
            Locale.ROOT,
            "this experiment makes about %s references in %s; at about %s references/s on %s"
                + " that is about %.1f hours; add --yes to run it anyway",
            Progress.count(references),
            runs == 1 ? "1 run" : runs + " runs",
            Progress.count((long) REFERENCES_PER_SECOND),
            Math.min(threads, runs) <= 1
                ? "one thread"
                : "each of " + Math.min(threads, runs) + " threads",
            seconds / 3600));
  }

  /**
   * A misspelt shared metric fails before any run starts; a model's own counter ({@code
   * textbook.x}) can only be checked once the runs say what they counted.
   */
  private void checkMetricsBeforeRunning() {
    if (choices.metrics == null) {
      return;
    }
    List<String> prefixes = new ArrayList<>(List.of("ops"));
    OsRegistry.load().providers().forEach(p -> prefixes.add(p.name()));
    MetricCatalogue shared = MetricCatalogue.of(List.of());
    for (String m : choices.metrics) {
      if (!MetricCatalogue.deferred(m.strip(), prefixes)) {
        try {
          shared.get(m.strip());
        } catch (IllegalArgumentException e) {
          throw InputError.of("--metrics", e.getMessage());
        }
      }
    }
  }

  private LoadedExperiment load() {
    ExperimentLoader loader =
        new ExperimentLoader(OsRegistry.load()).onlySystems(systems == null ? List.of() : systems);
    if (skipUnsupported) {
      loader = loader.skipUnsupported();
    }
    if (experiment.equals(DEFAULT_EXPERIMENT) && !Files.exists(Path.of(experiment))) {
      try (InputStream in = RunCommand.class.getResourceAsStream("/" + DEFAULT_EXPERIMENT)) {
        if (in == null) {
          throw InputError.of(
              "EXPERIMENT", "the bundled default experiment is missing from the jar");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return loader.load(DEFAULT_EXPERIMENT + " (bundled)", null, text);
      } catch (IOException e) {
        throw InputError.of("EXPERIMENT", "cannot read the bundled default experiment");
      }
    }
    return loader.load(Path.of(experiment));
  }

  private List<Long> seedList(LoadedExperiment exp) {
    List<Long> base = exp.experiment().seeds();
    if (seeds == null) {
      return base;
    }
    if (seeds < 1) {
      throw InputError.of("--seeds", "must be at least 1, got " + seeds);
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      out.add(base.get(0) + i);
    }
    return out;
  }
}
