package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * Runs experiments the way the CLI does (the loader with the registry, the runner with one strict
 * injector per run), and replays them in checked mode, where the model's frame audit and the
 * machine's books are checked before every step and every read is compared with what was written;
 * and reads vmmap's SHRMOD column.
 */
final class MacosRuns {
  static final Path SCENARIOS = Path.of("../configs/scenarios/macos");

  private MacosRuns() {}

  static List<RunResult> scenario(String file) {
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load(SCENARIOS.resolve(file));
    audited(exp);
    return run(exp);
  }

  static List<RunResult> yaml(String text) {
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load("test.yaml", null, text);
    audited(exp);
    return run(exp);
  }

  /** Runs without the checked replay and takes the results as they are: for a run that fails. */
  static List<RunResult> unchecked(String text) {
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load("test.yaml", null, text);
    return new ExperimentRunner(1)
        .run(exp, ExperimentRunner.plan(exp, exp.experiment().seeds()), n -> {});
  }

  /** Replays in checked mode: the audit after every step, every read, every translation. */
  private static void audited(LoadedExperiment exp) {
    CheckReport report = new Checker(OsRegistry.load()).replay(exp, List.of());
    assertThat(report.violation()).as("checked replay").isNull();
  }

  private static List<RunResult> run(LoadedExperiment exp) {
    List<RunResult> results =
        new ExperimentRunner(1)
            .run(exp, ExperimentRunner.plan(exp, exp.experiment().seeds()), n -> {});
    for (RunResult r : results) {
      assertThat(r.ok()).as(r.label() + ": " + r.error()).isTrue();
    }
    return results;
  }

  static ProcessSummary process(RunResult r, String name) {
    return r.processes().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no process " + name + " in " + r.processes()));
  }

  /**
   * The SHRMOD column of every row of {@code vmmap/PID} whose REGION DETAIL ends with {@code
   * label}.
   */
  static List<String> shareModes(RunResult r, String snapshot, int pid, String label) {
    String view = r.views().get(snapshot).get("vmmap/" + pid);
    assertThat(view).as("vmmap/" + pid + " at " + snapshot).isNotNull();
    List<String> modes = new ArrayList<>();
    for (String line : view.split("\n")) {
      Matcher m =
          Pattern.compile(" SM=(\\S+) .*(?:^|[ (])" + Pattern.quote(label) + "\\)?$").matcher(line);
      if (m.find()) {
        modes.add(m.group(1));
      }
    }
    return modes;
  }

  static long metric(RunResult r, String process, String metric) {
    Long v = process(r, process).metrics().get(metric);
    if (v == null) {
      throw new AssertionError("no metric " + metric + " for " + process);
    }
    return v;
  }

  /** Process {@code pid}'s vmmap view at a snapshot. */
  static String vmmap(RunResult r, String snapshot, int pid) {
    return r.views().get(snapshot).get("vmmap/" + pid);
  }

  /** The first process's (pid 100) vmmap view at a snapshot. */
  static String vmmap(RunResult r, String snapshot) {
    return vmmap(r, snapshot, 100);
  }

  /** vmmap's "Physical footprint" of pid 100 at a snapshot, as printed ("8220K"). */
  static String footprint(RunResult r, String snapshot) {
    Matcher m = Pattern.compile("Physical footprint: +(\\S+)\n").matcher(vmmap(r, snapshot));
    assertThat(m.find()).as("footprint at " + snapshot).isTrue();
    return m.group(1);
  }

  /** A vm_stat counter ("Pages purgeable") at a snapshot. */
  static long stat(RunResult r, String snapshot, String label) {
    Matcher m =
        Pattern.compile(Pattern.quote(label) + ": +(\\d+)\\.")
            .matcher(r.views().get(snapshot).get("vm_stat"));
    assertThat(m.find()).as(label).isTrue();
    return Long.parseLong(m.group(1));
  }
}
