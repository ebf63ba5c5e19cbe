package org.vmcompare.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.common.InputError;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunObserver;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.hw.PageTable;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.TraceReplayer;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.LoadedExperiment;

/**
 * Invariant 7 for OPT on the engine's own reference strings. OPT needs the whole future, which an
 * engine personality never has while it runs (textbook's refuses {@code policy: OPT}), so the check
 * does what a student does with {@code vmcompare trace} and {@code vmcompare textbook --policy OPT
 * --trace FILE}: it runs a generated experiment through the engine, records every completed
 * reference (the trace), and replays that string through the system's replayer under OPT with n and
 * n + 1 frames, for every n.
 *
 * <p>A page released or unmapped and touched again is a fresh page to the engine (it reads zero and
 * faults again): the recording gives it a new number, so the old one is never referenced again, and
 * OPT evicts such a page before any other, as if its frame were free. So the replayed string is the
 * engine's, page for page, and OPT's misses on it are what an OPT engine would count.
 */
final class OptStack {
  private OptStack() {}

  /** Whether the system offers OPT only on its replayer, not through the engine. */
  static boolean applies(OsModuleProvider p) {
    return EngineStack.applies(p)
        && p.traceReplayer().filter(r -> r.policies().contains("OPT")).isPresent()
        && !EngineStack.policies(p).contains("OPT");
  }

  /** The experiment of one try: EngineStack's, as one variant with the system's defaults. */
  static Experiment generate(OsModuleProvider p, long seed) {
    Experiment pair = EngineStack.generate(p, EngineStack.policies(p).get(0), seed);
    return Shrinker.with(pair, Generator.config(p.name(), Map.of()));
  }

  /**
   * Null when OPT, replayed on the experiment's recorded string, never misses more with more
   * frames. {@code shrinkString}: shrink the counterexample string too, for the message people read
   * (the experiment shrinker's candidates skip it).
   */
  static Violation check(
      Checker checker, TraceReplayer replayer, Experiment e, boolean shrinkString) {
    long[] refs = record(checker, e);
    if (refs == null) {
      return null;
    }
    int pages = distinct(refs);
    if (StackProperty.anomaly(replayer, "OPT", refs, pages) == 0) {
      return null;
    }
    long[] small = shrinkString ? StackProperty.shrink(replayer, "OPT", refs, pages) : refs;
    int f = StackProperty.anomaly(replayer, "OPT", small, pages);
    return new Violation(
        Invariant.STACK_PROPERTY,
        e.systems().get(0).os() + " OPT (replayed on the engine's reference string)",
        "",
        0,
        "",
        "OPT, replayed on the "
            + refs.length
            + " references the engine recorded, missed "
            + StackProperty.misses(replayer, "OPT", f, small)
            + " times with "
            + f
            + " frames but "
            + StackProperty.misses(replayer, "OPT", f + 1, small)
            + " with "
            + (f + 1)
            + " on "
            + StackProperty.text(small)
            + " (shrunk from the recording; replay it with vmcompare textbook --policy OPT --frames "
            + f
            + ")");
  }

  /**
   * The reference string of the experiment's first variant, as dense page numbers, or null when it
   * does not load or its run does not end cleanly (a shrinker's candidate).
   */
  static long[] record(Checker checker, Experiment e) {
    LoadedExperiment exp;
    try {
      exp = checker.load(e);
    } catch (InputError | IllegalStateException err) {
      return null;
    }
    RunPlan plan = ExperimentRunner.plan(exp, List.of(e.seeds().get(0))).get(0);
    Recorder recorder = new Recorder();
    RunResult r = ExperimentRunner.runChecked(exp, plan, recorder, FaultInjection.NONE);
    return r.ok() ? recorder.refs.toArray() : null;
  }

  private static int distinct(long[] refs) {
    long max = -1;
    for (long r : refs) {
      max = Math.max(max, r);
    }
    return (int) max + 1;
  }

  /** Records every completed reference; a page fresh again after release or unmap is renumbered. */
  private static final class Recorder implements RunObserver {
    private final Map<Long, Long> ids = new HashMap<>();
    private final LongArrayList refs = new LongArrayList();
    private int pageShift;
    private long next;

    @Override
    public void booted(Kernel kernel, OsPersonality os) {
      pageShift = kernel.machine().paging().pageShift();
    }

    @Override
    public void referenced(Proc p, PageTable pt, long vaddr, int frame, boolean write) {
      long key = (long) p.pid() << 36 | vaddr >>> pageShift;
      Long id = ids.get(key);
      if (id == null) {
        id = next++;
        ids.put(key, id);
      }
      refs.add(id);
    }

    @Override
    public void operated(Proc p, Op op, Outcome o) {
      if (!o.isOk()) {
        return;
      }
      long base = (long) p.pid() << 36;
      if (op instanceof Op.Release rel) {
        forget(base + rel.region().startVpn() + rel.firstPage(), rel.pages());
      } else if (op instanceof Op.Unmap u) {
        forget(base + u.region().startVpn(), u.region().pages());
      } else if (op instanceof Op.Exit) {
        ids.keySet().removeIf(k -> k >>> 36 == p.pid());
      }
    }

    private void forget(long from, long pages) {
      for (long k = from; k < from + pages; k++) {
        ids.remove(k);
      }
    }
  }
}
