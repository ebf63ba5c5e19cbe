package org.vmcompare.check;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.ReverseMap;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.vm.MemoryObject;

/**
 * The checks of the machine's books that need no reference model: frame conservation (core's
 * counts, the page tables against the reverse map, the model's own {@link OsPersonality#audit}, and
 * no anonymous frame left once every process has gone) and accounting (per-process fault counts
 * against the run's, resident-set metrics against valid PTEs). Each answers the first problem it
 * finds, or null. They read only, so a checked run stays the same run.
 */
final class Audits {
  /** Process metrics that must equal the valid PTEs of the process, in pages, when declared. */
  static final List<String> RESIDENT_METRICS = List.of("rss", "working_set");

  /** Windows' Task Manager view: {@code Committed 1,024 K / 65,536 K}. */
  private static final Pattern TASKMGR_COMMIT =
      Pattern.compile(
          "(?m)^Committed\\s+(\\d[\\d,.\\u00a0\\u202f]*) K / (\\d[\\d,.\\u00a0\\u202f]*) K\\s*$");

  private Audits() {}

  /**
   * The commit half of invariant 4, where the OS enforces a limit: Windows' commit charge against
   * its commit limit (the {@code taskmgr} view: the limit grows with the pagefile, and a charge
   * beyond it fails with ERROR_COMMITMENT_LIMIT), and, when {@code strictOvercommit} (Linux under
   * vm.overcommit_memory 2), Committed_AS against CommitLimit ({@code proc/meminfo}). Modes 0 and 1
   * enforce no limit, so Committed_AS may exceed CommitLimit there. Reads the models' own views, so
   * it needs no model code; a system with neither view is not checked.
   */
  static String commit(OsPersonality os, boolean strictOvercommit) {
    Map<String, String> views = os.views(new ViewRequest("check", List.of()));
    return commit(views, strictOvercommit);
  }

  /** As {@link #commit(OsPersonality, boolean)}, on the views' text. */
  static String commit(Map<String, String> views, boolean strictOvercommit) {
    String taskmgr = views.get("taskmgr");
    if (taskmgr != null) {
      Matcher m = TASKMGR_COMMIT.matcher(taskmgr);
      if (m.find()) {
        long charge = Long.parseLong(m.group(1).replaceAll("\\D", ""));
        long limit = Long.parseLong(m.group(2).replaceAll("\\D", ""));
        if (charge > limit) {
          return "the commit charge is " + charge + " K, above the commit limit of " + limit + " K";
        }
      }
    }
    String meminfo = views.get("proc/meminfo");
    if (meminfo != null && strictOvercommit) {
      long limit = meminfoKb(meminfo, "CommitLimit");
      long committed = meminfoKb(meminfo, "Committed_AS");
      if (limit >= 0 && committed > limit) {
        return "Committed_AS is "
            + committed
            + " kB, above CommitLimit "
            + limit
            + " kB under vm.overcommit_memory 2";
      }
    }
    return null;
  }

  /** Whether a view set has a commit charge this audit reads. */
  static boolean exposesCommit(Map<String, String> views, boolean strictOvercommit) {
    return views.containsKey("taskmgr") || (strictOvercommit && views.containsKey("proc/meminfo"));
  }

  /** One {@code Name: 123 kB} line of /proc/meminfo, or -1. */
  private static long meminfoKb(String meminfo, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+) kB\\s*$").matcher(meminfo);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Frames: every one counted once, every mapping recorded once, the model's lists in order. */
  static String frames(Kernel k, OsPersonality os) {
    PhysicalMemory m = k.machine().memory();
    int inUse = 0;
    for (int f = 0; f < m.frames(); f++) {
      if (m.inUse(f)) {
        inUse++;
      }
    }
    if (inUse != m.inUse()) {
      return inUse + " frames are marked in use, but the machine counts " + m.inUse();
    }
    ReverseMap rmap = k.machine().rmap();
    long[] leaves = new long[1];
    String[] problem = new String[1];
    for (Proc p : k.processes()) {
      if (!holdsMemory(p) || problem[0] != null) {
        continue;
      }
      p.space()
          .pageTable()
          .forEachLeaf(
              (vpn, level, pte) -> {
                // every process mapping counts, PROT_NONE ones too (no user bit); the shared
                // kernel half (global entries) does not
                if (!Pte.present(pte) || (pte & Pte.GLOBAL) != 0) {
                  return;
                }
                int frame = (int) Pte.frame(pte);
                // a special frame (untracked, such as a shared zero page) may be mapped read-only
                boolean special = !rmap.isTracked(frame) && (pte & Pte.WRITABLE) == 0;
                if (!m.inUse(frame) && !special && problem[0] == null) {
                  problem[0] =
                      p + " maps page 0x" + Long.toHexString(vpn) + " to frame " + frame + ", free";
                }
                if (rmap.isTracked(frame)) {
                  leaves[0]++;
                }
              });
    }
    if (problem[0] != null) {
      return problem[0];
    }
    long records = 0;
    for (int f = 0; f < m.frames(); f++) {
      if (rmap.isTracked(f)) {
        records += rmap.mapCount(f);
      }
    }
    if (records != leaves[0]) {
      return "the reverse map records " + records + " mappings, the page tables hold " + leaves[0];
    }
    List<String> own = os.audit();
    return own.isEmpty() ? null : String.join("; ", own);
  }

  /**
   * Runs the run's events until the disk has no request queued or in service (bounded, in case a
   * model keeps queueing I/O with no process left).
   */
  static void finishIo(Kernel k) {
    for (int i = 0; i < 100_000 && k.disk().queueDepth() > 0; i++) {
      if (!k.events().runNext()) {
        return;
      }
    }
  }

  /**
   * Whether the process's address space is still there: alive, or left {@link ProcState#HUNG} at
   * the end of the run, its memory held as it was.
   */
  static boolean holdsMemory(Proc p) {
    return p.alive() || p.state() == ProcState.HUNG;
  }

  /** Once every process has ended: no frame may still hold anonymous memory. */
  static String leaks(Kernel k) {
    PhysicalMemory m = k.machine().memory();
    int leaked = 0;
    int first = -1;
    for (int f = 0; f < m.frames(); f++) {
      if (!m.inUse(f) || m.owner(f) == PhysicalMemory.NO_OWNER) {
        continue;
      }
      MemoryObject obj = k.object(m.owner(f));
      if (obj == null || obj.kind() == MemoryObject.Kind.ANONYMOUS) {
        leaked++;
        first = first < 0 ? f : first;
      }
    }
    return leaked == 0
        ? null
        : leaked
            + " frames still hold anonymous memory after every process ended (first: frame "
            + first
            + ")";
  }

  /** Resident-set metrics against the valid PTEs of each live process. */
  static String resident(Kernel k) {
    for (Proc p : k.processes()) {
      if (!holdsMemory(p)) {
        continue;
      }
      for (MetricSpec spec : p.metrics().specs()) {
        if (RESIDENT_METRICS.contains(spec.name())) {
          long valid = validPages(p.space().pageTable(), k.machine().rmap());
          long said = p.metrics().get(spec);
          if (said != valid) {
            return p + " " + spec.name() + " is " + said + " pages, its valid PTEs map " + valid;
          }
        }
      }
    }
    return null;
  }

  /** After the run: the processes' fault counts add up to the run's. */
  static String counts(Kernel k, RunResult r) {
    long minor = 0;
    long major = 0;
    for (Proc p : k.processes()) {
      minor += p.minorFaults();
      major += p.majorFaults();
    }
    if (minor != r.counter("faults.minor")) {
      return "processes count " + minor + " minor faults, the run " + r.counter("faults.minor");
    }
    if (major != r.counter("faults.major")) {
      return "processes count " + major + " major faults, the run " + r.counter("faults.major");
    }
    return null;
  }

  /**
   * Valid user PTEs, in pages, but for special frames (untracked, such as a shared zero page): no
   * resident set counts those, as Linux's RSS skips what vm_normal_page() refuses.
   */
  private static long validPages(PageTable pt, ReverseMap rmap) {
    long[] n = new long[1];
    pt.forEachLeaf(
        (vpn, level, pte) -> {
          if (Pte.present(pte) && (pte & Pte.GLOBAL) == 0 && rmap.isTracked((int) Pte.frame(pte))) {
            n[0] += pt.mode().pagesPerEntry(level);
          }
        });
    return n[0];
  }
}
