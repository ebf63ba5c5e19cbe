package org.vmcompare.check;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.vmcompare.engine.RunObserver;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.ReverseMap;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.NativeArgs;
import org.vmcompare.os.NativeEffect;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;
import org.vmcompare.workload.Step;

/**
 * Checked mode for one run: keeps the {@link ContentModel} in step with every operation, compares
 * every read with it (data integrity), every translation with the page table (TLB coherence), and
 * audits the machine's books before every step (frame conservation, resident-set accounting). It
 * keeps the first violation and where it happened; later ones are consequences.
 */
final class CheckedObserver implements RunObserver {
  private final String system;
  private final ContentModel model = new ContentModel();
  private final Map<Integer, Long> stepIndex = new HashMap<>();
  private final Map<Integer, String> stepText = new HashMap<>();
  private Kernel kernel;
  private OsPersonality os;
  private PhysicalMemory memory;
  private ReverseMap rmap;
  private int pageShift;
  private Violation violation;
  private long firstTouches;

  private final boolean strictOvercommit;
  private final BooleanSupplier cutoff;
  private boolean abandoned;

  CheckedObserver(String system) {
    this(system, false, CheckedRun.NEVER, FILE_TIME_LIMIT_NS);
  }

  /**
   * An observer for {@code system}; {@code strictOvercommit} when the run enforces Linux's
   * CommitLimit (vm.overcommit_memory 2), so that Committed_AS is held to it; the run is abandoned
   * at the first scheduling round at which {@code cutoff} says so (a deadline passed, or the check
   * no longer needs this run), and ended as a livelock past {@code timeLimitNs} of simulated time.
   */
  CheckedObserver(
      String system, boolean strictOvercommit, BooleanSupplier cutoff, long timeLimitNs) {
    this.system = Objects.requireNonNull(system, "system is null");
    this.strictOvercommit = strictOvercommit;
    this.cutoff = Objects.requireNonNull(cutoff, "cutoff is null");
    this.timeLimitNs = timeLimitNs;
  }

  /**
   * A generated experiment's checked run that has not ended after five simulated minutes is a
   * livelock: generated experiments sleep microseconds and touch a few hundred pages. Over 16,000
   * generated runs (seed 4242, 4,000 tries on each system) the median ended at 0.1 ms of simulated
   * time, the 99th percentile at 8 ms and the slowest, a Windows run waiting on its balance set
   * manager, at 1.07 s. A livelock runs to this limit, and shrinking runs it once a candidate, so
   * it is kept short: with an hour each still-livelocking candidate took about 5 s of the host's
   * time.
   */
  static final long GENERATED_TIME_LIMIT_NS = 300L * 1_000_000_000L;

  /**
   * An experiment file's checked run (a repro, a scenario, the user's own) may mean to run for
   * minutes of simulated time (the Windows aging shift moves once a minute): an hour.
   */
  static final long FILE_TIME_LIMIT_NS = 3_600L * 1_000_000_000L;

  private final long timeLimitNs;

  @Override
  public long simulatedTimeLimitNs() {
    return timeLimitNs;
  }

  @Override
  public boolean abandon() {
    if (!abandoned && cutoff.getAsBoolean()) {
      abandoned = true;
    }
    return abandoned;
  }

  /** Whether the run was stopped at its cutoff (it then proves nothing either way). */
  boolean abandoned() {
    return abandoned;
  }

  @Override
  public void booted(Kernel k, OsPersonality personality) {
    this.kernel = k;
    this.os = personality;
    model.sharedMemoryOutlivesItsUsers(personality.sharedMemoryOutlivesItsUsers());
    model.releaseKeepsContentsUntilReclaimed(personality.releaseKeepsContentsUntilReclaimed());
    model.offeredStaysDiscardableWhenWritten(personality.offeredStaysDiscardableWhenWritten());
    this.memory = k.machine().memory();
    this.rmap = k.machine().rmap();
    this.pageShift = k.machine().paging().pageShift();
  }

  @Override
  public void stepStarted(Proc p, Step step) {
    if (violation == null) {
      audit(p);
    }
    stepIndex.merge(p.pid(), 1L, Long::sum);
    stepText.put(p.pid(), Repro.oneLine(step));
    if (step instanceof Step.WriteFile w) {
      SimFile f = kernel.files().get(w.file());
      if (f != null) {
        long from = w.offset() == null ? 0 : w.offset().toPages(1L << pageShift);
        long to = w.size() == null ? f.pages() : from + w.size().toPages(1L << pageShift);
        model.files().writeStarted(p.pid(), f.id(), f.contentSeed(), from, to);
      }
    }
  }

  /** The books between steps; {@code p} is who is about to run (for where it broke). */
  private void audit(Proc p) {
    String problem = Audits.frames(kernel, os);
    if (problem != null) {
      fail(Invariant.FRAME_CONSERVATION, p, problem);
      return;
    }
    problem = Audits.resident(kernel);
    if (problem == null) {
      problem = Audits.commit(os, strictOvercommit);
    }
    if (problem != null) {
      fail(Invariant.ACCOUNTING, p, problem);
    }
  }

  @Override
  public void referenced(Proc p, PageTable pt, long vaddr, int frame, boolean write) {
    if (violation != null) {
      return;
    }
    long vpn = vaddr >>> pageShift;
    long pte = pt.get(vpn);
    long mapped =
        Pte.present(pte)
            ? Pte.frame(pte) + (vpn & (pt.mode().pagesPerEntry(level(pt, vpn)) - 1))
            : -1;
    if (mapped != frame || (write && (pte & Pte.WRITABLE) == 0)) {
      fail(
          Invariant.TLB_COHERENCE,
          p,
          (write ? "write" : "read")
              + " of page 0x"
              + Long.toHexString(vpn)
              + " went to frame "
              + frame
              + ", but the page table "
              + (mapped < 0
                  ? "has no valid entry"
                  : mapped != frame ? "maps frame " + mapped : "denies writes"));
      return;
    }
    // a read may reach a special frame (untracked, such as a shared zero page)
    if (!memory.inUse(frame) && (write || rmap.isTracked(frame))) {
      fail(Invariant.FRAME_CONSERVATION, p, "a reference reached frame " + frame + ", not in use");
      return;
    }
    long cell = model.cell(p.pid(), vpn, write);
    if (cell == ContentModel.UNCHECKED) {
      return;
    }
    if (model.firstTouch(cell)) {
      firstTouches++;
    }
    long actual = memory.content(frame);
    if (write) {
      model.write(cell, actual);
    } else if (!model.read(cell, actual)) {
      fail(
          Invariant.DATA_INTEGRITY,
          p,
          "read of page 0x"
              + Long.toHexString(vpn)
              + " returned "
              + token(actual)
              + ", the last write in its view was "
              + token(model.expected(cell))
              + (model.maybeZero(cell) ? " (or zero, offered or released)" : "")
              + model.fileNote(cell));
    }
  }

  private static int level(PageTable pt, long vpn) {
    return Math.max(0, pt.leafLevel(vpn));
  }

  @Override
  public void operated(Proc p, Op op, Outcome o) {
    if (op instanceof Op.FileIo io && io.write()) {
      if (o.isOk()) {
        long done = o.value() >= 0 && o.value() <= io.pages() ? o.value() : io.pages();
        model.files().writeDone(p.pid(), io.offsetPages() + done, model::expected);
      } else {
        model.files().abandon(p.pid());
      }
    }
    if (!o.isOk()) {
      return;
    }
    int pid = p.pid();
    if (op instanceof Op.Allocate a) {
      Region r = p.space().byLabel(a.label());
      if (r != null) {
        model.allocate(pid, r.startVpn(), r.pages());
      }
    } else if (op instanceof Op.Share s) {
      Region r = p.space().byLabel(s.label());
      if (r != null) {
        model.share(pid, r.startVpn(), r.pages(), s.sharedName());
      }
    } else if (op instanceof Op.MapFile m) {
      Region r = p.space().byLabel(m.label());
      SimFile f = kernel.files().get(m.file());
      if (r != null && f != null && m.mapping() != Op.FileMapping.IMAGE) {
        model.mapFile(
            pid,
            r.startVpn(),
            r.pages(),
            m.mapping() == Op.FileMapping.SHARED,
            f.id(),
            f.contentSeed(),
            m.offsetPages());
      } else if (r != null) {
        model.unchecked(pid, r.startVpn(), r.pages());
      }
    } else if (op instanceof Op.Release rel) {
      model.release(pid, rel.region().startVpn(), rel.firstPage(), rel.pages());
    } else if (op instanceof Op.Offer off) {
      model.offer(pid, off.region().startVpn(), off.firstPage(), off.pages());
    } else if (op instanceof Op.Reclaim rc) {
      model.reclaimed(pid, rc.region().startVpn(), rc.firstPage(), rc.pages(), o.value() == 0);
    } else if (op instanceof Op.Unmap u) {
      model.unmap(pid, u.region().startVpn());
    } else if (op instanceof Op.Fork) {
      model.fork(pid, (int) o.value());
    } else if (op instanceof Op.Exit) {
      model.exit(pid);
    } else if (op instanceof Op.Native n) {
      nativeCall(p, n);
    }
  }

  /** A native call that succeeded: its effect on the range's data, as the system describes it. */
  private void nativeCall(Proc p, Op.Native n) {
    NativeEffect effect = os.nativeEffect(n);
    if (effect == NativeEffect.NONE) {
      return;
    }
    Object label = n.args().get("region");
    Region r = label == null ? null : p.space().byLabel(String.valueOf(label));
    if (r == null) {
      return;
    }
    long[] range = new NativeArgs(n.name(), n.args(), 1L << pageShift).range(r);
    if (effect == NativeEffect.DROPPED) {
      model.dropped(p.pid(), r.startVpn(), range[0], range[1]);
    } else {
      model.maybeDropped(p.pid(), r.startVpn(), range[0], range[1]);
    }
  }

  /**
   * After the run: the books once more, and nothing left behind when every process ended (a process
   * the run left hung still holds its memory).
   */
  void finish() {
    if (violation != null || kernel == null) {
      return;
    }
    String problem = Audits.frames(kernel, os);
    if (problem != null) {
      fail(Invariant.FRAME_CONSERVATION, null, problem);
      return;
    }
    if (kernel.processes().stream().noneMatch(Audits::holdsMemory)) {
      // The run ends when the last process does, but a write it started may still be in flight: a
      // page under writeback cannot be freed until its write ends (Linux: exit_mmap's
      // free_swap_and_cache leaves a swap-cache folio under writeback alone, since
      // folio_swapcache_freeable refuses one, mm/swapfile.c). Let the disk finish first; what is
      // still held after that is a leak.
      Audits.finishIo(kernel);
      problem = Audits.leaks(kernel);
      if (problem != null) {
        fail(Invariant.FRAME_CONSERVATION, null, problem);
      }
    }
  }

  /** Records a violation found outside the observer (after the run), unless one came first. */
  void fail(Invariant invariant, Proc p, String message) {
    if (violation != null) {
      return;
    }
    long step = p == null ? 0 : stepIndex.getOrDefault(p.pid(), 0L);
    violation =
        new Violation(
            invariant,
            system,
            p == null ? "" : p.name(),
            step,
            p == null ? "" : stepText.getOrDefault(p.pid(), ""),
            message);
  }

  Violation violation() {
    return violation;
  }

  /** The personality the run booted, or null before boot. */
  OsPersonality os() {
    return os;
  }

  Kernel kernel() {
    return kernel;
  }

  /** Private pages referenced for the first time since they were fresh. */
  long firstTouches() {
    return firstTouches;
  }

  private static String token(long t) {
    return t == 0 ? "zero" : "token " + Long.toHexString(t);
  }
}
