package org.vmcompare.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SystemVariant;

/**
 * Runs real YAML, through the loader and the per-run injector, on a hand-written test personality
 * that no provider file names. The YAML's own {@code systems:} only has to load; the run uses the
 * given personality instead, with the loader's support check off so any step reaches it.
 */
final class TestRuns {
  private TestRuns() {}

  static RunResult run(Class<? extends OsPersonality> type, String yaml) {
    LoadedExperiment exp = load(type, yaml);
    return ExperimentRunner.runOne(exp, ExperimentRunner.plan(exp, List.of(1L)).get(0));
  }

  /** As {@link #run}, watched by {@code observer} as checked mode watches a run. */
  static RunResult runChecked(
      Class<? extends OsPersonality> type, String yaml, RunObserver observer) {
    LoadedExperiment exp = load(type, yaml);
    return ExperimentRunner.runChecked(
        exp, ExperimentRunner.plan(exp, List.of(1L)).get(0), observer, FaultInjection.NONE);
  }

  private static LoadedExperiment load(Class<? extends OsPersonality> type, String yaml) {
    LoadedExperiment base =
        new ExperimentLoader(OsRegistry.load()).withoutSupportCheck().load("t.yaml", null, yaml);
    TestProvider provider = new TestProvider("test", type, Set.of());
    SystemVariant v =
        new SystemVariant("test", "test", SystemOptions.of("test", List.of(), Map.of()), provider);
    return new LoadedExperiment(base.file(), null, base.experiment(), List.of(v), base.spec());
  }
}
