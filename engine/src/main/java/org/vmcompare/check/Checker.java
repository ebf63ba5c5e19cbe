package org.vmcompare.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.vmcompare.common.InputError;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.TraceReplayer;
import org.vmcompare.vm.Tokens;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.yaml.YamlWriter;

/**
 * The check engine: generates one experiment a try from the seed, runs it in checked mode on every
 * chosen system ({@link CheckedRun}), checks the stack property on every system that replays
 * policies, and on the first failure shrinks the experiment ({@link Shrinker}) to a repro. Every
 * experiment goes through YAML and the real loader, so what ran is exactly what the repro prints.
 */
public final class Checker {
  /** Candidates a failure's shrinking runs at most, within its time limit. */
  public static final int SHRINK_TRIES = 3000;

  private Shrinker.Progress shrinkProgress = Shrinker.Progress.NONE;
  private long shrinkMillis = CheckOptions.DEFAULT_SHRINK_MILLIS;

  private final OsRegistry registry;

  public Checker(OsRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
  }

  /**
   * The systems to check: those named (an unknown one, or one that cannot run an experiment yet, is
   * an {@link InputError}), or, with none named, every registered system that can allocate and exit
   * and does not say it cannot be checked yet ({@link OsModuleProvider#whyNotCheckable}).
   */
  public List<OsModuleProvider> systems(List<String> names) {
    List<OsModuleProvider> out = new ArrayList<>();
    if (names.isEmpty()) {
      for (OsModuleProvider p : registry.providers()) {
        if (why(p).isEmpty()) {
          out.add(p);
        }
      }
      if (out.isEmpty()) {
        throw InputError.of("--systems", "no registered system can run an experiment yet");
      }
      return out;
    }
    for (String name : new LinkedHashSet<>(names)) {
      OsModuleProvider p;
      try {
        p = registry.get(name.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw InputError.of("--systems", e.getMessage());
      }
      Optional<String> why = why(p);
      if (why.isPresent()) {
        throw InputError.of("--systems", "cannot check " + p.name() + ": " + why.get());
      }
      out.add(p);
    }
    return out;
  }

  private static Optional<String> why(OsModuleProvider p) {
    return p.whyUnsupported(OpKind.ALLOCATE)
        .or(() -> p.whyUnsupported(OpKind.EXIT))
        .or(p::whyNotCheckable);
  }

  /** Runs the tries; {@code onTry} hears how many are done after each. */
  public CheckReport run(CheckOptions options, IntConsumer onTry) {
    return run(options, onTry, Shrinker.Progress.NONE);
  }

  /**
   * Runs the tries; {@code onTry} hears how many are done after each, and {@code onShrink} each
   * candidate of a failure's shrinking. The tries' time limit abandons the try under way and ends
   * the tries; a failure's shrinking has a time limit of its own.
   */
  public CheckReport run(CheckOptions options, IntConsumer onTry, Shrinker.Progress onShrink) {
    this.shrinkProgress = Objects.requireNonNull(onShrink, "onShrink is null");
    this.shrinkMillis = options.shrinkMillis();
    List<OsModuleProvider> providers = systems(options.systems());
    FaultInjection faults = faults(providers, options.faults());
    Generator generator = new Generator(providers);
    Map<Invariant, Map<String, Long>> checked = new EnumMap<>(Invariant.class);
    long deadline = deadline(options.maxMillis());
    for (OsModuleProvider p : providers) {
      Optional<TraceReplayer> replayer = p.traceReplayer(faults);
      if (replayer.isPresent()) {
        Violation v = StackProperty.belady(p.name(), replayer.get());
        if (v != null) {
          return new CheckReport(0, 0, checked, v, null);
        }
      }
      if (EngineStack.applies(p)) {
        Violation v = EngineStack.checkBelady(this, p);
        if (v != null) {
          return new CheckReport(0, 0, checked, v, null);
        }
      }
    }
    AtomicBoolean stop = new AtomicBoolean();
    BooleanSupplier cutoff = () -> stop.get() || past(deadline);
    long[] runs = {0};
    int[] tries = {0};
    Outcome[] last = {null};
    InOrder.run(
        options.tries(),
        options.threads(),
        t -> oneTry(Tokens.mix(options.seed(), t), generator, providers, faults, cutoff),
        (t, o) -> {
          if (o.abandoned()) {
            return false; // the time limit fell inside this try: it counts as not made
          }
          o.checked()
              .forEach(
                  (inv, bySystem) -> bySystem.forEach((sys, n) -> count(checked, inv, sys, n)));
          runs[0] += o.runs();
          if (o.violation() != null) {
            last[0] = o;
            return false;
          }
          tries[0]++;
          onTry.accept(tries[0]);
          return true;
        },
        () -> stop.set(true));
    Outcome failed = last[0];
    if (failed == null) {
      return new CheckReport(tries[0], runs[0], checked, null, null);
    }
    // Shrinking runs here, after every other try has ended, on this thread alone.
    Repro repro = failed.shrink() == null ? null : failed.shrink().get();
    Violation v = repro == null ? failed.violation() : repro.violation();
    return new CheckReport(tries[0] + 1, runs[0], checked, v, repro);
  }

  /**
   * What one try came to: its checked runs and the invariants they checked (per system), and its
   * failure with how to shrink it (null when it cannot be shrunk), or that its cutoff came first.
   */
  private record Outcome(
      long runs,
      Map<Invariant, Map<String, Long>> checked,
      Violation violation,
      Supplier<Repro> shrink,
      boolean abandoned) {}

  /**
   * One try, on whichever thread: the experiment of its seed in checked mode on every system, then
   * the stack property on each system that replays policies or runs them in the engine. It stops at
   * its first failure; shrinking that is left to the caller, so it runs on one thread.
   */
  private Outcome oneTry(
      long seed,
      Generator generator,
      List<OsModuleProvider> providers,
      FaultInjection faults,
      BooleanSupplier cutoff) {
    Map<Invariant, Map<String, Long>> checked = new EnumMap<>(Invariant.class);
    if (cutoff.getAsBoolean()) {
      return new Outcome(0, checked, null, null, true);
    }
    long runs = 0;
    Experiment e = generator.generate(seed);
    LoadedExperiment exp = load(e);
    for (int v = 0; v < exp.variants().size(); v++) {
      CheckedRun.Result r =
          CheckedRun.check(exp, v, faults, true, cutoff, CheckedObserver.GENERATED_TIME_LIMIT_NS);
      if (r.abandoned()) {
        return new Outcome(runs, checked, null, null, true);
      }
      runs++;
      if (!r.ok()) {
        int variant = v;
        return new Outcome(
            runs, checked, r.violation(), () -> shrink(e, variant, r.violation(), faults), false);
      }
      count(checked, r.checked(), exp.variants().get(v).os());
    }
    for (OsModuleProvider p : providers) {
      boolean stack = false;
      Optional<TraceReplayer> replayer = p.traceReplayer(faults);
      if (replayer.isPresent() && OptStack.applies(p)) {
        Experiment recorded = OptStack.generate(p, seed);
        Violation v = OptStack.check(this, replayer.get(), recorded, false);
        if (v != null) {
          return new Outcome(
              runs, checked, v, () -> shrinkOpt(recorded, replayer.get(), v, faults), false);
        }
        stack = true;
      }
      if (replayer.isPresent()) {
        Violation v = StackProperty.random(p.name(), replayer.get(), seed);
        if (v != null) {
          return new Outcome(runs, checked, v, null, false);
        }
        stack = true;
      }
      if (faults.names().isEmpty() && EngineStack.applies(p)) {
        for (String policy : EngineStack.policies(p)) {
          Experiment framesPair = EngineStack.generate(p, policy, seed);
          Violation v = EngineStack.check(this, framesPair);
          if (v != null) {
            return new Outcome(runs, checked, v, () -> shrinkStack(framesPair, v), false);
          }
        }
        stack = true;
      }
      if (stack) {
        // a try counts once, whether the replayer, the engine or both checked it
        count(checked, Set.of(Invariant.STACK_PROPERTY), p.name());
      }
    }
    return new Outcome(runs, checked, null, null, false);
  }

  /**
   * {@code millis} from now on {@link System#nanoTime}'s clock; no deadline for 0 (or for more than
   * a billion seconds, which would overflow the clock).
   */
  private static long deadline(long millis) {
    return millis > 0 && millis <= 1_000_000_000_000L
        ? System.nanoTime() + millis * 1_000_000L
        : CheckedRun.NO_DEADLINE;
  }

  private static boolean past(long deadlineNanos) {
    return deadlineNanos != CheckedRun.NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0;
  }

  /** One experiment file, every system it lists, in checked mode (no shrinking). */
  public CheckReport replay(LoadedExperiment exp, List<String> faultNames) {
    List<OsModuleProvider> providers = new ArrayList<>();
    exp.variants().forEach(v -> providers.add(v.provider()));
    FaultInjection faults = faults(providers, faultNames);
    Map<Invariant, Map<String, Long>> checked = new EnumMap<>(Invariant.class);
    for (int v = 0; v < exp.variants().size(); v++) {
      CheckedRun.Result r = CheckedRun.check(exp, v, faults);
      if (!r.ok()) {
        return new CheckReport(1, v + 1, checked, r.violation(), null);
      }
      count(checked, r.checked(), exp.variants().get(v).os());
    }
    return new CheckReport(1, exp.variants().size(), checked, null, null);
  }

  private static void count(
      Map<Invariant, Map<String, Long>> checked, Set<Invariant> invariants, String system) {
    for (Invariant inv : invariants) {
      count(checked, inv, system, 1);
    }
  }

  private static void count(
      Map<Invariant, Map<String, Long>> checked, Invariant inv, String system, long n) {
    checked.computeIfAbsent(inv, k -> new HashMap<>()).merge(system, n, Long::sum);
  }

  /** The faults asked for, each one some chosen system can plant. */
  static FaultInjection faults(List<OsModuleProvider> providers, List<String> names) {
    for (String name : names) {
      boolean known = false;
      List<String> offered = new ArrayList<>();
      for (OsModuleProvider p : providers) {
        for (FaultInjection.Spec s : p.faultInjections()) {
          offered.add(s.name());
          known |= s.name().equals(name);
        }
      }
      if (!known) {
        throw InputError.of(
            "--inject",
            "no system checked plants '"
                + name
                + "'; they offer: "
                + (offered.isEmpty() ? "none" : String.join(", ", offered)));
      }
    }
    return new FaultInjection(new LinkedHashSet<>(names));
  }

  /** The failing variant alone, shrunk. */
  private Repro shrink(Experiment e, int variant, Violation found, FaultInjection faults) {
    Experiment single =
        new Experiment(
            e.name(),
            e.description(),
            e.machine(),
            List.of(e.systems().get(variant)),
            e.seeds(),
            e.scheduler(),
            e.sampling(),
            e.files(),
            e.processes(),
            e.sweep());
    boolean twice = found.invariant() == Invariant.DETERMINISM;
    long deadline = deadline(shrinkMillis);
    Shrinker.Test test = candidate -> attempt(candidate, faults, twice, deadline);
    Violation alone = test.run(single);
    boolean fromSingle = found.sameFailure(alone);
    Shrinker shrinker = shrinker(test, fromSingle ? alone : found, deadline);
    Experiment small = shrinker.shrink(fromSingle ? single : e);
    return new Repro(
        shrinker.violation(), // the smallest experiment's own, as its run found it
        small,
        List.copyOf(faults.names()),
        Shrinker.countSteps(e),
        shrinker.end());
  }

  private Shrinker shrinker(Shrinker.Test test, Violation found, long deadline) {
    return new Shrinker(test, found, SHRINK_TRIES)
        .onProgress(shrinkProgress)
        .until(deadline, System::nanoTime);
  }

  /** A stack-property counterexample from the engine, shrunk (both variants kept). */
  private Repro shrinkStack(Experiment e, Violation found) {
    Shrinker.Test test = candidate -> EngineStack.check(this, candidate);
    Shrinker shrinker = shrinker(test, found, deadline(shrinkMillis));
    Experiment small = shrinker.shrink(e);
    return new Repro(
        shrinker.violation(), small, List.of(), Shrinker.countSteps(e), shrinker.end());
  }

  /** OPT's counterexample on a recorded string: the experiment shrunk, then the string. */
  private Repro shrinkOpt(
      Experiment e, TraceReplayer replayer, Violation found, FaultInjection faults) {
    Shrinker.Test test = candidate -> OptStack.check(this, replayer, candidate, false);
    Shrinker shrinker = shrinker(test, found, deadline(shrinkMillis));
    Experiment small = shrinker.shrink(e);
    Violation v = OptStack.check(this, replayer, small, true);
    return new Repro(
        v == null ? found : v,
        small,
        List.copyOf(faults.names()),
        Shrinker.countSteps(e),
        shrinker.end());
  }

  /**
   * A candidate's first violation on its first system, or null when it passes, cannot load, or ran
   * past the deadline (a candidate abandoned there proves nothing, so it is not kept).
   */
  private Violation attempt(
      Experiment candidate, FaultInjection faults, boolean twice, long deadlineNanos) {
    LoadedExperiment exp;
    try {
      exp = load(candidate);
    } catch (InputError | IllegalStateException e) {
      return null;
    }
    for (int v = 0; v < exp.variants().size(); v++) {
      CheckedRun.Result r =
          CheckedRun.check(
              exp,
              v,
              faults,
              twice,
              () -> past(deadlineNanos),
              CheckedObserver.GENERATED_TIME_LIMIT_NS);
      if (!r.ok()) {
        return r.violation();
      }
      if (r.abandoned()) {
        return null;
      }
    }
    return null;
  }

  /** The experiment as YAML, through the real loader. */
  LoadedExperiment load(Experiment e) {
    String yaml = YamlWriter.write(e);
    try {
      return new ExperimentLoader(registry).load(e.name() + ".yaml", null, yaml);
    } catch (InputError err) {
      throw new IllegalStateException(
          "the generator wrote an experiment the loader refuses (a bug in check): "
              + err.getMessage()
              + "\n"
              + yaml,
          err);
    }
  }
}
