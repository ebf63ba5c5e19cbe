package org.vmcompare.linux;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SystemVariant;

/**
 * Runs experiments the way the CLI does: the loader with the registry (options, per-process options
 * and support checks) and the runner (one strict injector per run).
 */
final class LinuxRuns {
  /** Where the Linux scenarios live, from this module's folder. */
  static final Path SCENARIOS = Path.of("../configs/scenarios/linux");

  private LinuxRuns() {}

  static List<RunResult> scenario(String file) {
    return run(new ExperimentLoader(OsRegistry.load()).load(SCENARIOS.resolve(file)));
  }

  static List<RunResult> yaml(String text) {
    return run(new ExperimentLoader(OsRegistry.load()).load("test.yaml", null, text));
  }

  /**
   * Runs inline YAML on {@link CheckedLinux} (its test-only {@code record} and {@code verify}
   * native calls check page contents), whatever systems the YAML lists.
   */
  static RunResult checked(String text) {
    LoadedExperiment base =
        new ExperimentLoader(OsRegistry.load()).withoutSupportCheck().load("t.yaml", null, text);
    SystemVariant v =
        new SystemVariant(
            "linux",
            "linux",
            SystemOptions.of("linux", LinuxOptions.SPECS, Map.of()),
            CheckedLinux.provider());
    LoadedExperiment exp =
        new LoadedExperiment(base.file(), null, base.experiment(), List.of(v), base.spec());
    return ExperimentRunner.runOne(exp, ExperimentRunner.plan(exp, List.of(1L)).get(0));
  }

  private static List<RunResult> run(LoadedExperiment exp) {
    return new ExperimentRunner(1)
        .run(exp, ExperimentRunner.plan(exp, exp.experiment().seeds()), n -> {});
  }

  /** The one process of that name in a run. */
  static ProcessSummary process(RunResult r, String name) {
    return r.processes().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no process " + name + " in " + r.processes()));
  }

  /** A per-process metric (rss, rss.peak, ...). */
  static long metric(RunResult r, String process, String metric) {
    Long v = process(r, process).metrics().get(metric);
    if (v == null) {
      throw new AssertionError("no metric " + metric + " for " + process);
    }
    return v;
  }

  /** A gauge's sampled column. */
  static List<Long> series(RunResult r, String column) {
    List<Long> s = r.timeSeries().get(column);
    if (s == null) {
      throw new AssertionError("no column " + column + " in " + r.timeSeries().keySet());
    }
    return s;
  }
}
