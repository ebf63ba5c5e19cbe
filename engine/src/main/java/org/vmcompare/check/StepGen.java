package org.vmcompare.check;

import static org.vmcompare.check.Generator.micros;
import static org.vmcompare.check.Generator.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.vmcompare.os.CheckNative;
import org.vmcompare.os.OpKind;
import org.vmcompare.pattern.PatternSpec;
import org.vmcompare.vm.Protection;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;

/**
 * Random steps for one process at a time, valid by construction: it keeps each process's live
 * mappings (name, size, protection) so a touch, release, protect or unmap names one that exists, a
 * fork child inherits them, and a touch writes only where the protection allows (now and then it
 * writes anyway, and the process dies of a segmentation fault, which must be clean too).
 */
final class StepGen {
  private static final String[] PATTERNS = {
    "sequential", "random", "zipf:0.9", "loop:4", "stride:3", "hot-cold:0.2:0.8"
  };
  private static final String[] SHARED_NAMES = {"shm-a", "shm-b"};

  /** A live mapping of the process being generated. */
  record Live(String name, long pages, Protection protection) {}

  /** A native call of one of the systems checked ({@code os} its name). */
  record SystemNative(String os, CheckNative call) {}

  private final SplittableRandom rnd;

  /**
   * Draws for the purgeable flag, apart from {@link #rnd}: the flag leaves every other choice of an
   * experiment as it was, so seeds keep checking the experiments they did before it came.
   */
  private final SplittableRandom flags;

  private final Set<OpKind> ops;
  private final List<SystemNative> natives;
  private final long budget;
  private final boolean roomy;
  private final long filePages;
  private final boolean files;
  private int names;

  /**
   * {@code filePages}: the size of {@code data.bin}, the one file of the experiment (0: none),
   * which map-file, read-file and write-file stay within.
   */
  StepGen(
      SplittableRandom rnd,
      Set<OpKind> ops,
      List<SystemNative> natives,
      long budget,
      boolean roomy,
      long filePages,
      long flagSeed) {
    this.rnd = rnd;
    this.flags = new SplittableRandom(flagSeed ^ 0x9E3779B97F4A7C15L);
    this.ops = ops;
    this.natives = natives;
    this.budget = Math.max(1, budget);
    this.roomy = roomy;
    this.filePages = filePages;
    this.files = filePages > 0;
  }

  /**
   * 1 to 6 processes (mostly few), each with 2 to 12 steps; a later one may start after another.
   */
  List<ProcessConfig> processes() {
    int n = 1 + Math.min(rnd.nextInt(6), rnd.nextInt(6));
    List<ProcessConfig> out = new ArrayList<>();
    long each = Math.max(1, budget / n);
    for (int i = 0; i < n; i++) {
      String after = i > 0 && rnd.nextInt(6) == 0 ? "p" + (i - 1) : null;
      out.add(
          new ProcessConfig(
              "p" + i, null, after, null, steps(new ArrayList<>(), 2 + rnd.nextInt(11), each, 0)));
    }
    return out;
  }

  /** {@code count} random steps over the mappings in {@code live}, which it updates. */
  List<Step> steps(List<Live> live, int count, long pagesBudget, int depth) {
    List<Step> out = new ArrayList<>();
    long allocated = 0;
    for (int i = 0; i < count; i++) {
      int pick = rnd.nextInt(100);
      if (live.isEmpty() || pick < 20) {
        long size = 1 + rnd.nextLong(Math.max(1, Math.min(pagesBudget - allocated, budget)));
        if (allocated + size > pagesBudget && roomy) {
          continue;
        }
        allocated += size;
        out.add(allocate(live, size));
      } else if (pick < 60) {
        out.add(touch(pick(live)));
      } else if (pick < 66 && !roomy && ops.contains(OpKind.FORK) && depth == 0) {
        List<Live> inherited = new ArrayList<>(live);
        out.add(
            new Step.Fork(
                "c" + (++names), steps(inherited, 1 + rnd.nextInt(5), pagesBudget / 2, 1)));
      } else if (pick < 72 && ops.contains(OpKind.RELEASE)) {
        Live l = pick(live);
        long first = rnd.nextLong(l.pages);
        out.add(new Step.Release(l.name, pages(first), pages(1 + rnd.nextLong(l.pages - first))));
      } else if (pick < 77 && !roomy && ops.contains(OpKind.PROTECT)) {
        int k = rnd.nextInt(live.size());
        Live l = live.get(k);
        Protection p =
            rnd.nextInt(8) == 0
                ? Protection.NONE
                : rnd.nextBoolean() ? Protection.READ : Protection.READ_WRITE;
        live.set(k, new Live(l.name, l.pages, p));
        out.add(new Step.Protect(l.name, p));
      } else if (pick < 82 && ops.contains(OpKind.UNMAP)) {
        Live l = live.remove(rnd.nextInt(live.size()));
        out.add(new Step.Unmap(l.name));
      } else if (pick < 86 && !roomy && ops.contains(OpKind.SHARE)) {
        String name = "m" + (++names);
        long size = 1 + rnd.nextLong(Math.max(1, budget / 4));
        live.add(new Live(name, size, Protection.READ_WRITE));
        out.add(
            new Step.Share(
                name, SHARED_NAMES[rnd.nextInt(SHARED_NAMES.length)], pages(size), null));
      } else if (pick < 90 && !roomy && ops.contains(OpKind.OFFER)) {
        Live l = pick(live);
        out.add(new Step.Offer(l.name, null, null, null));
        if (ops.contains(OpKind.RECLAIM) && rnd.nextBoolean()) {
          out.add(touch(new Live(l.name, l.pages, Protection.READ)));
          out.add(new Step.Reclaim(l.name, null, null));
        }
      } else if (pick < 93 && !roomy && files && ops.contains(OpKind.MAP_FILE)) {
        out.add(mapFile(live));
      } else if (pick < 95 && !roomy && files && ops.contains(OpKind.READ_FILE)) {
        long first = rnd.nextLong(filePages);
        out.add(
            new Step.ReadFile(
                "data.bin",
                first > 0 ? pages(first) : null,
                pages(1 + rnd.nextLong(Math.min(8, filePages - first)))));
      } else if (pick < 97 && !roomy && files && ops.contains(OpKind.WRITE_FILE)) {
        long first = rnd.nextLong(filePages);
        out.add(
            new Step.WriteFile(
                "data.bin",
                first > 0 ? pages(first) : null,
                pages(1 + rnd.nextLong(Math.min(8, filePages - first)))));
      } else if (pick < 98 && !roomy && ops.contains(OpKind.DROP_CACHES)) {
        out.add(new Step.DropCaches());
      } else if (pick >= 98 && !roomy && !natives.isEmpty()) {
        Step.Native n = nativeCall(live);
        out.add(n != null ? n : new Step.Sleep(micros(1 + rnd.nextInt(50))));
      } else {
        out.add(new Step.Sleep(micros(1 + rnd.nextInt(50))));
      }
    }
    if (out.isEmpty()) {
      out.add(allocate(live, 1));
    }
    return out;
  }

  /**
   * A view of part of {@code data.bin}, shared or private (copy-on-write), read-only or writable:
   * within the file, so no reference falls past its end.
   */
  private Step.MapFile mapFile(List<Live> live) {
    String name = "f" + (++names);
    long first = rnd.nextInt(3) == 0 ? rnd.nextLong(filePages) : 0;
    long size = 1 + rnd.nextLong(Math.min(16, filePages - first));
    Protection p = rnd.nextInt(3) == 0 ? Protection.READ : Protection.READ_WRITE;
    Step.MapFile.Mapping mode =
        rnd.nextBoolean() ? Step.MapFile.Mapping.SHARED : Step.MapFile.Mapping.PRIVATE;
    live.add(new Live(name, size, p));
    return new Step.MapFile(
        name, "data.bin", mode, first > 0 ? pages(first) : null, pages(size), p);
  }

  /**
   * A native call of one of the systems (the others skip it), on a range of a mapping it fits, or
   * null when none does.
   */
  private Step.Native nativeCall(List<Live> live) {
    SystemNative sn = natives.get(rnd.nextInt(natives.size()));
    CheckNative c = sn.call();
    Map<String, Object> args = new LinkedHashMap<>();
    if (c.ranged()) {
      List<Live> fit = new ArrayList<>();
      for (Live l : live) {
        if (c.requires() == null || c.requires().equals(l.protection)) {
          fit.add(l);
        }
      }
      if (fit.isEmpty()) {
        return null;
      }
      Live l = fit.get(rnd.nextInt(fit.size()));
      long first = rnd.nextInt(3) == 0 ? rnd.nextLong(l.pages) : 0;
      long size = first > 0 || rnd.nextBoolean() ? 1 + rnd.nextLong(l.pages - first) : 0;
      args.put("region", l.name);
      if (first > 0) {
        args.put("offset", first + "pages");
      }
      if (size > 0) {
        args.put("size", size + "pages");
      }
      if (c.clips()) {
        // the name now means the first part: before the range, else the range itself
        long part = first > 0 ? first : size > 0 ? size : l.pages;
        live.set(live.indexOf(l), new Live(l.name, part, l.protection));
      }
    }
    args.putAll(c.argChoices().get(rnd.nextInt(c.argChoices().size())));
    return new Step.Native(sn.os(), c.call(), args, Step.Native.Others.SKIP);
  }

  boolean supports(OpKind op) {
    return ops.contains(op);
  }

  Step.Allocate allocate(List<Live> live, long size) {
    String name = "r" + (++names);
    live.add(new Live(name, size, Protection.READ_WRITE));
    // now and then purgeable memory (macOS's VM_FLAGS_PURGABLE; plain memory elsewhere), whose
    // offers and reclaims make it volatile and non-volatile again
    boolean purgeable = !roomy && flags.nextInt(6) == 0;
    return new Step.Allocate(name, pages(size), null, null, null, purgeable ? true : null);
  }

  /** References over a mapping, or a part of it, in a random pattern. */
  Step.Touch touch(Live l) {
    boolean canWrite = l.protection.write() || rnd.nextInt(12) == 0;
    double writes = roomy ? 1.0 : !canWrite ? 0.0 : new double[] {0, 0.3, 0.5, 1}[rnd.nextInt(4)];
    if (roomy) {
      return new Step.Touch(l.name, PatternSpec.SEQUENTIAL, null, null, 1.0, null, null, null);
    }
    long first = rnd.nextInt(4) == 0 ? rnd.nextLong(l.pages) : 0;
    long size = first > 0 || rnd.nextInt(4) == 0 ? 1 + rnd.nextLong(l.pages - first) : 0;
    long span = size > 0 ? size : l.pages - first;
    long count = 1 + rnd.nextLong(Math.min(600, 3 * span + 8));
    return new Step.Touch(
        l.name,
        PatternSpec.parse(PATTERNS[rnd.nextInt(PATTERNS.length)]),
        count,
        null,
        writes,
        first > 0 ? pages(first) : null,
        size > 0 ? pages(size) : null,
        null);
  }

  private Live pick(List<Live> live) {
    return live.get(rnd.nextInt(live.size()));
  }
}
