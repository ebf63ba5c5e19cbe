package org.vmcompare.check;

import static org.vmcompare.check.Generator.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.vmcompare.pattern.PatternSpec;
import org.vmcompare.workload.ByteSize;
import org.vmcompare.workload.CostSettings;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.MachineConfig;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;
import org.vmcompare.workload.SystemConfig;
import org.vmcompare.workload.TlbSettings;

/**
 * The candidates of each {@link Shrinker} pass, biggest cuts first: an experiment without one of
 * its processes; without a chunk of one process's steps (or of a fork child's); with one number
 * smaller or one option plainer. Candidates the records refuse are left out.
 */
final class Shrinks {
  private Shrinks() {}

  static List<Experiment> withoutProcesses(Experiment e) {
    List<Supplier<Experiment>> out = new ArrayList<>();
    List<ProcessConfig> ps = e.processes();
    for (int i = ps.size() - 1; i >= 0 && ps.size() > 1; i--) {
      int gone = i;
      out.add(
          () -> {
            List<ProcessConfig> rest = new ArrayList<>();
            for (int j = 0; j < ps.size(); j++) {
              ProcessConfig p = ps.get(j);
              if (j != gone) {
                boolean orphan = ps.get(gone).name().equals(p.after());
                rest.add(
                    new ProcessConfig(
                        p.name(), p.start(), orphan ? null : p.after(), p.options(), p.steps()));
              }
            }
            return Shrinker.with(e, rest);
          });
    }
    for (int i = 0; i < ps.size(); i++) {
      ProcessConfig p = ps.get(i);
      if (p.after() != null || p.start() != null) {
        out.add(
            () -> replace(e, p, new ProcessConfig(p.name(), null, null, p.options(), p.steps())));
      }
    }
    return Shrinker.valid(out);
  }

  static List<Experiment> withoutSteps(Experiment e) {
    List<Supplier<Experiment>> out = new ArrayList<>();
    for (ProcessConfig p : e.processes()) {
      for (List<Step> fewer : fewerSteps(p.steps(), false)) {
        out.add(() -> replace(e, p, steps(p, fewer)));
      }
    }
    return Shrinker.valid(out);
  }

  /**
   * Lists with a chunk removed (n/2, n/4, … 1), then with a fork child's steps cut the same way.
   */
  private static List<List<Step>> fewerSteps(List<Step> steps, boolean mayBeEmpty) {
    List<List<Step>> out = new ArrayList<>();
    int n = steps.size();
    for (int chunk = Math.max(1, n / 2); ; chunk = Math.max(1, chunk / 2)) {
      for (int from = 0; from < n; from += chunk) {
        List<Step> rest = new ArrayList<>(steps.subList(0, from));
        rest.addAll(steps.subList(Math.min(n, from + chunk), n));
        if (!rest.isEmpty() || mayBeEmpty) {
          out.add(rest);
        }
      }
      if (chunk == 1) {
        break;
      }
    }
    for (int i = 0; i < n; i++) {
      if (steps.get(i) instanceof Step.Fork f) {
        for (List<Step> child : fewerSteps(f.steps(), true)) {
          out.add(set(steps, i, new Step.Fork(f.name(), child)));
        }
      }
    }
    return out;
  }

  static List<Experiment> smaller(Experiment e) {
    List<Supplier<Experiment>> out = new ArrayList<>();
    long pageSize = e.machine().pageSize().bytes();
    for (ProcessConfig p : e.processes()) {
      for (List<Step> changed : smallerSteps(p.steps(), pageSize)) {
        out.add(() -> replace(e, p, steps(p, changed)));
      }
    }
    MachineConfig m = e.machine();
    long ram = m.ram().toPages(pageSize);
    if (ram > 32) {
      out.add(() -> Shrinker.with(e, machine(m, ram / 2, m.swap().toPages(pageSize))));
    }
    long swap = m.swap().toPages(pageSize);
    if (swap > 0) {
      out.add(() -> Shrinker.with(e, machine(m, ram, swap / 2)));
      out.add(() -> Shrinker.with(e, machine(m, ram, 0)));
    }
    machineDefaults(e, m, pageSize, out);
    options(e, out);
    return Shrinker.valid(out);
  }

  /**
   * Candidates with one option back to its default: of the one system (a stack-property pair keeps
   * its two variants as they are), or of a process.
   */
  private static void options(Experiment e, List<Supplier<Experiment>> out) {
    if (e.systems().size() == 1) {
      SystemConfig c = e.systems().get(0);
      Map<String, String> options = Generator.options(c);
      for (String key : options.keySet()) {
        Map<String, String> fewer = new LinkedHashMap<>(options);
        fewer.remove(key);
        out.add(() -> Shrinker.with(e, Generator.config(c.os(), fewer)));
      }
    }
    for (ProcessConfig p : e.processes()) {
      if (!p.options().isEmpty()) {
        out.add(
            () ->
                replace(e, p, new ProcessConfig(p.name(), p.start(), p.after(), null, p.steps())));
      }
      if (p.options().size() > 1) {
        for (String key : p.options().keySet()) {
          Map<String, Object> fewer = new LinkedHashMap<>(p.options());
          fewer.remove(key);
          out.add(
              () ->
                  replace(
                      e, p, new ProcessConfig(p.name(), p.start(), p.after(), fewer, p.steps())));
        }
      }
    }
  }

  /**
   * Candidates with one part of the machine the generator varies back to its default: the paging
   * (x86-64 with 4 KiB pages; the sizes the generator writes are in pages), the disk, swap that
   * grows, the TLB.
   */
  private static void machineDefaults(
      Experiment e, MachineConfig m, long pageSize, List<Supplier<Experiment>> out) {
    if (m.paging() != null || pageSize != MachineConfig.DEFAULT_PAGE_SIZE.bytes()) {
      out.add(() -> Shrinker.with(e, machine(m, null, null, m.swapMax(), m.tlb(), m.costs())));
    }
    if (m.costs() != null) {
      out.add(
          () -> Shrinker.with(e, machine(m, m.pageSize(), m.paging(), m.swapMax(), m.tlb(), null)));
    }
    if (m.swapMax() != null) {
      out.add(
          () -> Shrinker.with(e, machine(m, m.pageSize(), m.paging(), null, m.tlb(), m.costs())));
    }
    if (m.tlb() != null) {
      out.add(
          () ->
              Shrinker.with(e, machine(m, m.pageSize(), m.paging(), m.swapMax(), null, m.costs())));
    }
  }

  /** {@code m} with another page size, paging mode, swap limit, TLB and costs (null: defaults). */
  private static MachineConfig machine(
      MachineConfig m,
      ByteSize pageSize,
      String paging,
      ByteSize swapMax,
      TlbSettings tlb,
      CostSettings costs) {
    return new MachineConfig(m.ram(), pageSize, paging, m.swap(), swapMax, m.kernel(), tlb, costs);
  }

  private static MachineConfig machine(MachineConfig m, long ram, long swap) {
    return new MachineConfig(
        pages(ram),
        m.pageSize(),
        m.paging(),
        pages(swap),
        m.swapMax(),
        pages(Math.max(2, ram / 16)),
        m.tlb(),
        m.costs());
  }

  private static List<List<Step>> smallerSteps(List<Step> steps, long pageSize) {
    List<List<Step>> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      for (Step smaller : smaller(s, pageSize)) {
        out.add(set(steps, i, smaller));
      }
      if (s instanceof Step.Fork f) {
        for (List<Step> child : smallerSteps(f.steps(), pageSize)) {
          out.add(set(steps, i, new Step.Fork(f.name(), child)));
        }
      }
    }
    return out;
  }

  private static List<Step> smaller(Step s, long pageSize) {
    List<Step> out = new ArrayList<>();
    if (s instanceof Step.Allocate a) {
      long n = a.size().toPages(pageSize);
      halves(
          n,
          k ->
              out.add(
                  new Step.Allocate(
                      a.name(),
                      pages(k),
                      a.protection(),
                      null,
                      null,
                      a.purgeable() ? true : null)));
      if (a.purgeable()) {
        out.add(new Step.Allocate(a.name(), a.size(), a.protection(), null, null, null));
      }
    } else if (s instanceof Step.Touch t) {
      if (t.writes() != null && t.writes() > 0 && t.writes() < 1) {
        // every reference a read, or every one a write: which references write stops mattering
        for (double w : new double[] {0, 1}) {
          out.add(
              new Step.Touch(
                  t.region(),
                  t.pattern(),
                  t.count(),
                  t.passes(),
                  w,
                  t.offset(),
                  t.size(),
                  t.compressibility()));
        }
      }
      if (t.count() != null && t.count() > 1) {
        out.add(touch(t, t.pattern(), t.count() / 2, t.offset(), t.size()));
        out.add(touch(t, t.pattern(), 1L, t.offset(), t.size()));
      }
      if (!t.pattern().equals(PatternSpec.SEQUENTIAL)) {
        out.add(touch(t, PatternSpec.SEQUENTIAL, t.count(), t.offset(), t.size()));
      }
      if (t.offset() != null || t.size() != null) {
        out.add(touch(t, t.pattern(), t.count(), null, null));
      }
    } else if (s instanceof Step.Share sh && sh.size() != null) {
      halves(
          sh.size().toPages(pageSize),
          k -> out.add(new Step.Share(sh.name(), sh.shared(), pages(k), sh.protection())));
    } else if (s instanceof Step.Release r && (r.offset() != null || r.size() != null)) {
      out.add(new Step.Release(r.region(), null, null));
    } else if (s instanceof Step.Native n
        && (n.args().containsKey("offset") || n.args().containsKey("size"))) {
      Map<String, Object> whole = new LinkedHashMap<>(n.args());
      whole.remove("offset");
      whole.remove("size");
      out.add(new Step.Native(n.os(), n.call(), whole, n.others()));
    }
    return out;
  }

  private static void halves(long n, LongConsumer add) {
    if (n > 1) {
      add.accept(n / 2);
      if (n / 2 > 1) {
        add.accept(1);
      }
    }
  }

  private static Step.Touch touch(
      Step.Touch t, PatternSpec pattern, Long count, ByteSize offset, ByteSize size) {
    return new Step.Touch(
        t.region(),
        pattern,
        count,
        count == null ? t.passes() : null,
        t.writes(),
        offset,
        size,
        t.compressibility());
  }

  private static List<Step> set(List<Step> steps, int i, Step s) {
    List<Step> out = new ArrayList<>(steps);
    out.set(i, s);
    return out;
  }

  private static ProcessConfig steps(ProcessConfig p, List<Step> steps) {
    return new ProcessConfig(p.name(), p.start(), p.after(), p.options(), steps);
  }

  private static Experiment replace(Experiment e, ProcessConfig old, ProcessConfig now) {
    List<ProcessConfig> ps = new ArrayList<>(e.processes());
    ps.set(ps.indexOf(old), now);
    return Shrinker.with(e, ps);
  }
}
