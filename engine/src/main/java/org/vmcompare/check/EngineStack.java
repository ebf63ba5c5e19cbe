package org.vmcompare.check;

import static org.vmcompare.check.Generator.pages;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.vmcompare.common.InputError;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.pattern.PatternSpec;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.MachineConfig;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;
import org.vmcompare.workload.SystemConfig;

/**
 * Invariant 7 through the engine, on a system with a {@code frames} option and a {@code policy}
 * choice (textbook): a generated experiment of one process's private-memory steps runs with n and
 * with n + 1 frames, and under a stack policy (LRU; OPT only where the engine can run it) the run
 * with one frame more never faults more. FIFO must show Belady's anomaly on the lecture's string,
 * touched page by page (9 faults with 3 frames, 10 with 4).
 *
 * <p>One process only, and swap for everything it allocates: the reference string is then the same
 * whatever the frames (several processes interleave differently when a fault blocks one of them,
 * and a process killed for want of swap stops faulting), so the stack property applies.
 */
final class EngineStack {
  private static final List<String> STACK_POLICIES = List.of("LRU", "OPT");
  private static final long RAM = 64;
  private static final long KERNEL = 4;
  private static final Set<OpKind> PRIVATE =
      EnumSet.of(OpKind.ALLOCATE, OpKind.RELEASE, OpKind.PROTECT, OpKind.UNMAP);

  private EngineStack() {}

  /** Whether the system can run these experiments: a frames option and a policy choice. */
  static boolean applies(OsModuleProvider p) {
    return option(p, "frames").isPresent()
        && option(p, "policy").filter(s -> s.kind() == OptionSpec.Kind.CHOICE).isPresent()
        && p.whyUnsupported(OpKind.ALLOCATE).isEmpty();
  }

  /** The stack policies the system runs through the engine (OPT is refused by textbook's). */
  static List<String> policies(OsModuleProvider p) {
    List<String> out = new ArrayList<>();
    for (String policy : STACK_POLICIES) {
      if (option(p, "policy").orElseThrow().allowed().contains(policy) && accepts(p, policy, 1)) {
        out.add(policy);
      }
    }
    return out;
  }

  /** The experiment of one try: n and n + 1 frames of {@code policy}, one process. */
  static Experiment generate(OsModuleProvider p, String policy, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    // a pool small enough that a region a few times its size keeps it evicting
    int frames = 1 + rnd.nextInt(16);
    long budget = frames + 1 + rnd.nextInt(3 * frames + 1);
    Set<OpKind> ops = EnumSet.noneOf(OpKind.class);
    for (OpKind op : PRIVATE) {
      if (p.whyUnsupported(op).isEmpty()) {
        ops.add(op);
      }
    }
    StepGen gen = new StepGen(rnd, ops, List.of(), budget, false, 0, seed);
    List<StepGen.Live> live = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    steps.add(gen.allocate(live, budget));
    steps.addAll(gen.steps(live, 2 + rnd.nextInt(11), budget, 0));
    return experiment(p, policy, frames, "stack-" + Long.toHexString(seed), steps, budget);
  }

  /** Belady's string, one page a touch step, on FIFO with 3 and 4 frames. */
  static Experiment belady(OsModuleProvider p) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.Allocate("r", pages(5), null, null, null, null));
    for (long page : StackProperty.BELADY) {
      steps.add(
          new Step.Touch(
              "r",
              PatternSpec.SEQUENTIAL,
              1L,
              null,
              1.0,
              page == 0 ? null : pages(page),
              pages(1),
              null));
    }
    return experiment(p, "FIFO", 3, "belady", steps, 5);
  }

  /**
   * FIFO's anomaly through the engine, or the violation when it does not show; null also when the
   * system has no FIFO.
   */
  static Violation checkBelady(Checker checker, OsModuleProvider p) {
    if (!option(p, "policy").orElseThrow().allowed().contains("FIFO")) {
      return null;
    }
    long[] faults = faults(checker, belady(p));
    if (faults == null || faults[0] != 9 || faults[1] != 10) {
      return new Violation(
          Invariant.STACK_PROPERTY,
          p.name() + " FIFO",
          "",
          0,
          "",
          "through the engine, FIFO faulted "
              + (faults == null ? "?" : faults[0] + " times with 3 frames and " + faults[1])
              + " with 4 on "
              + StackProperty.text(StackProperty.BELADY)
              + " (Belady's anomaly: 9 and 10)");
    }
    return null;
  }

  /** Null when the experiment's second variant (one frame more) faults no more than the first. */
  static Violation check(Checker checker, Experiment e) {
    long[] faults = faults(checker, e);
    if (faults == null || faults[1] <= faults[0]) {
      return null;
    }
    SystemConfig s = e.systems().get(0);
    return new Violation(
        Invariant.STACK_PROPERTY,
        s.label(),
        "",
        0,
        "",
        "through the engine, "
            + faults[0]
            + " faults with the first variant's frames but "
            + faults[1]
            + " with one frame more ("
            + e.systems().get(1).label()
            + ")");
  }

  /**
   * Both variants' faults (minor and major), or null when the experiment does not load or a run
   * does not end cleanly (the shrinker's candidates; a generated one always loads).
   */
  static long[] faults(Checker checker, Experiment e) {
    LoadedExperiment exp;
    try {
      exp = checker.load(e);
    } catch (InputError | IllegalStateException err) {
      return null;
    }
    List<RunPlan> plans = ExperimentRunner.plan(exp, List.of(e.seeds().get(0)));
    long[] out = new long[2];
    for (int v = 0; v < 2; v++) {
      RunResult r = ExperimentRunner.runOne(exp, plans.get(v));
      if (!r.ok()) {
        return null;
      }
      out[v] = r.counter("faults.minor") + r.counter("faults.major");
    }
    return out;
  }

  private static Experiment experiment(
      OsModuleProvider p, String policy, int frames, String name, List<Step> steps, long budget) {
    MachineConfig machine =
        new MachineConfig(
            pages(RAM),
            null,
            null,
            pages(Math.max(RAM, 2 * budget)),
            null,
            pages(KERNEL),
            null,
            null);
    return new Experiment(
        name,
        "generated by vmcompare check: the stack property through the engine",
        machine,
        List.of(variant(p, policy, frames), variant(p, policy, frames + 1)),
        List.of(1L),
        null,
        null,
        List.of(),
        List.of(new ProcessConfig("p0", null, null, null, steps)),
        null);
  }

  private static SystemConfig variant(OsModuleProvider p, String policy, int frames) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("policy", policy);
    options.put("frames", Integer.toString(frames));
    return Generator.config(p.name(), options);
  }

  private static boolean accepts(OsModuleProvider p, String policy, int frames) {
    try {
      p.validate(
          SystemOptions.of(
              p.name(), p.options(), Map.of("policy", policy, "frames", Integer.toString(frames))));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Optional<OptionSpec> option(OsModuleProvider p, String key) {
    return p.options().stream().filter(s -> s.key().equals(key)).findFirst();
  }
}
