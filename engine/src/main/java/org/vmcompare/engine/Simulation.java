package org.vmcompare.engine;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.Clock;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.Mmu;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.os.RunFailure;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.Tokens;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;

/**
 * One run: boots the personality, interleaves the processes round-robin on the one simulated CPU,
 * runs events (daemons, disk completions, samples) when they fall due, even inside a quantum, runs
 * idle-priority work when no process is runnable, and turns steps into SPI calls and references.
 *
 * <p>{@link #reference} is the hot path: TLB hit → a few array reads, no allocation. After each
 * reference the clock is compared with {@link EventQueue#nextTime()} (two field reads), which is
 * how an event that falls due in the middle of a quantum runs at its time.
 *
 * <p>A process leaves the CPU when its quantum is used up, when it blocks ({@code Kernel.block},
 * {@code waitForRead}, a sleep step), when it yields ({@code Kernel.yield}), and when it ends. A
 * blocked reference is re-issued, and a blocked operation's rest called, when it runs again.
 */
public final class Simulation {
  private static final int MAX_FAULT_RETRIES = 4;

  private final Kernel kernel;
  private final OsPersonality os;
  private final Workload workload;
  private final Machine machine;
  private final Clock clock;
  private final EventQueue events;
  private final Mmu mmu;
  private final PhysicalMemory memory;
  private final Metrics metrics;
  private final StepExecutor steps;
  private final RunObserver observer;

  /** Whether {@link #observer} watches references: checked mode; false in every normal run. */
  private final boolean checked;

  /**
   * {@link OsPersonality#observesEveryReference()}, read once after {@code boot}: a model may
   * decide it from its options there (textbook CLOCK works from accessed bits, the other policies
   * see every reference).
   */
  private boolean observeAll;

  /** {@link OsPersonality#prefetchesFaults()}, read once after {@code boot}. */
  private boolean prefetchFaults;

  /** The VPNs {@link Mmu#prefetch} found absent in the block of references it loaded last. */
  private long[] absentAhead = new long[2 * LOOKAHEAD];

  /** Their PTEs, as loaded. */
  private long[] absentPtes = new long[2 * LOOKAHEAD];

  /**
   * The absent references of the block loaded before that one, and their PTEs: their fault hints go
   * out with the next block's PTE loads ({@link #prefetchAhead}). They belong to {@link
   * #hintsOwner}'s batch over {@link #hintsTable}.
   */
  private long[] hintVpns = new long[2 * LOOKAHEAD];

  private long[] hintPtes = new long[2 * LOOKAHEAD];
  private int hintCount;
  private ProcRunner hintsOwner;
  private PageTable hintsTable;

  /** The batch buffer references are read into; a process that blocks mid-batch takes it over. */
  private long[] buffer = new long[BATCH];

  private final long writeSeed;
  private long writeSerial;
  private long references;
  private long reported;
  private final RunProgress progress;
  private long writes;
  private int currentPid = -1;
  private Sampler sampler;
  private int compressByte = 128;
  private boolean anyAlive = true;

  /** The processes the loop left hanging ({@code Kernel.hang}) when nothing could wake them. */
  private List<Proc> hung = List.of();

  @Inject
  public Simulation(
      Kernel kernel,
      OsPersonality os,
      Workload workload,
      RunProgress progress,
      RunObserver observer) {
    this.progress = progress;
    this.kernel = kernel;
    this.os = os;
    this.workload = workload;
    this.machine = kernel.machine();
    this.clock = machine.clock();
    this.events = kernel.events();
    this.mmu = machine.mmu();
    this.memory = machine.memory();
    this.metrics = kernel.metrics();
    this.observer = observer;
    this.checked = observer != RunObserver.NONE;
    this.steps = new StepExecutor(kernel, os, workload, observer);
    // Reference streams and write tokens derive from the run seed alone, never from the model's
    // generator, so every system of a comparison sees exactly the same references.
    this.writeSeed = Tokens.mix(kernel.run().seed(), 0x57A1L);
  }

  /** Runs to completion (every process ended) and returns the result. */
  public RunResult run() {
    List<ProcRunner> runners = new ArrayList<>();
    for (var f : workload.files()) {
      kernel.files().create(f.name(), f.size().toPages(machine.spec().pageSize()), f.seed());
    }
    try {
      os.boot(kernel);
    } catch (RunFailure e) {
      return result(e.getMessage(), e.userError());
    }
    observeAll = os.observesEveryReference();
    prefetchFaults = os.prefetchesFaults();
    observer.booted(kernel, os);
    kernel.declareProcessMetrics(os.processMetrics());
    for (int i = 0; i < workload.processes().size(); i++) {
      ProcessConfig pc = workload.processes().get(i);
      runners.add(new ProcRunner(pc.name(), pc.start(), pc.after(), pc.steps(), i));
    }
    if (workload.sampling() != null) {
      sampler = Sampler.start(kernel, workload.sampling().interval().nanos(), () -> anyAlive);
    }
    try {
      loop(runners);
      if (sampler != null) {
        sampler.take(kernel.now());
      }
      for (Proc p : hung) {
        kernel.endHung(p);
      }
    } catch (RunFailure e) {
      return result(e.getMessage(), e.userError());
    } finally {
      reportProgress();
      for (ProcRunner r : runners) {
        r.abandon();
      }
    }
    return result("", false);
  }

  /**
   * References between two reports to the progress bar, which is shared by the run threads (a
   * process that blocks every few references ends a quantum each time: 1.7 million times on the
   * Windows zipf run).
   */
  private static final long PROGRESS_STEP = 1L << 16;

  private void reportProgress() {
    progress.addReferences(references - reported);
    reported = references;
  }

  /** Starts a runner's process if its start condition holds; true when it is running. */
  private boolean ensureStarted(ProcRunner r, List<ProcRunner> runners) {
    if (r.started()) {
      return true;
    }
    if (r.after != null) {
      boolean ended = false;
      for (ProcRunner o : runners) {
        if (o.name.equals(r.after) && o.started() && !o.proc.alive()) {
          ended = true;
        }
      }
      if (!ended) {
        return false;
      }
    } else if (r.startAt > kernel.now()) {
      return false;
    }
    int index = (int) r.randomIndex;
    Proc p =
        kernel.newProcess(
            workload.processes().get(index).name(), workload.processOptions().get(index), null);
    p.setState(ProcState.RUNNABLE);
    p.setStartTime(kernel.now());
    os.processCreated(p);
    r.proc = p;
    return true;
  }

  private void loop(List<ProcRunner> runners) {
    long quantum = workload.scheduler().quantumReferences();
    long quantumNs = workload.scheduler().quantumNanos();
    int next = 0;
    long limitNs = observer.simulatedTimeLimitNs();
    while (true) {
      if (kernel.now() > limitNs) {
        throw new RunFailure(
            "the run did not end within "
                + limitNs / 1_000_000_000L
                + " s of simulated time (a fault or an operation retried for ever?)",
            false);
      }
      if (checked && observer.abandon()) {
        throw new RunFailure("abandoned: the check's wall-clock budget ran out", false);
      }
      events.runDue();
      steps.takeSpawned(runners);
      ProcRunner chosen = null;
      long earliest = Long.MAX_VALUE;
      boolean waiting = false;
      anyAlive = false;
      for (int k = 0; k < runners.size(); k++) {
        int idx = (next + k) % runners.size();
        ProcRunner r = runners.get(idx);
        if (!ensureStarted(r, runners)) {
          if (r.after == null) {
            earliest = Math.min(earliest, r.startAt);
          }
          waiting = true;
          continue;
        }
        if (!r.proc.alive()) {
          // Ended, perhaps killed by another process or a daemon: release its stream now.
          r.abandon();
          continue;
        }
        anyAlive = true;
        if (r.proc.wakeAt() > kernel.now()) {
          earliest = Math.min(earliest, r.proc.wakeAt());
          continue;
        }
        if (r.proc.state() == ProcState.SLEEPING) {
          r.proc.setState(ProcState.RUNNABLE);
        }
        if (chosen == null) {
          chosen = r;
          next = (idx + 1) % runners.size();
        }
      }
      if (chosen != null) {
        runQuantum(chosen, quantum, quantumNs);
        if (references - reported >= PROGRESS_STEP) {
          reportProgress();
        }
        continue;
      }
      if (!anyAlive && earliest == Long.MAX_VALUE) {
        if (waiting) {
          // Only processes waiting for others that never start: nothing can happen any more.
          for (ProcRunner r : runners) {
            if (!r.started()) {
              kernel.log(r.name + " never started: '" + r.after + "' never ran to its end");
            }
          }
        }
        return;
      }
      // Nothing runnable: idle-priority work first, one slice at a time, then the clock jumps.
      if (events.runIdle()) {
        continue;
      }
      if (earliest == Long.MAX_VALUE && onlySamplesPending()) {
        // Every live process waits to be woken, and nothing is left that could wake one.
        hung = stuck(runners);
        return;
      }
      clock.advanceTo(Math.min(earliest, events.nextTime()));
    }
  }

  /** Whether no event but the engine's own next sample is pending: none can wake a process. */
  private boolean onlySamplesPending() {
    return events.isEmpty() || (events.size() == 1 && sampler != null && sampler.pending());
  }

  /**
   * The processes left waiting when nothing can wake them: each hangs ({@code Kernel.hang}, ended
   * {@link ProcState#HUNG} after the last sample), or the run fails as a model bug.
   */
  private List<Proc> stuck(List<ProcRunner> runners) {
    List<Proc> stuck = new ArrayList<>();
    boolean bug = false;
    for (ProcRunner r : runners) {
      if (r.started() && r.proc.alive()) {
        stuck.add(r.proc);
        bug |= r.proc.hangReason() == null;
      }
    }
    if (bug) {
      throw new RunFailure(deadlock(stuck), false);
    }
    for (ProcRunner r : runners) {
      if (!r.started()) {
        kernel.log(r.name + " never started: '" + r.after + "' never ran to its end");
      }
    }
    return stuck;
  }

  /** Why a run cannot go on: every live process waits for a wake-up nothing will bring. */
  private String deadlock(List<Proc> stuck) {
    List<String> names = new ArrayList<>();
    for (Proc p : stuck) {
      names.add(p.toString());
    }
    return os.name()
        + ": "
        + String.join(", ", names)
        + " wait to be woken, and no event is pending that could wake them (model bug)";
  }

  /** Whether the process may go on using the CPU: not ended, blocked or yielding. */
  private static boolean onCpu(Proc p) {
    return p.state() == ProcState.RUNNABLE && !p.yielding();
  }

  private void runQuantum(ProcRunner r, long quantum, long quantumNs) {
    Proc p = r.proc;
    if (p.pid() != currentPid) {
      if (currentPid >= 0) {
        metrics.increment(Counter.CONTEXT_SWITCHES);
      }
      mmu.switchTo(p.pid());
      currentPid = p.pid();
    }
    long timed = quantumNs > 0 ? kernel.now() + quantumNs : Long.MAX_VALUE;
    long budget = quantumNs > 0 ? TIME_SLICE_BATCH : quantum;
    PageTable pt = p.space().pageTable();
    while (budget > 0 && onCpu(p) && clock.now() < timed) {
      if (clock.now() >= events.nextTime()) {
        // Due after the last step or operation (which may have woken a daemon): run it now.
        events.runDue();
        continue;
      }
      long[] src;
      int from;
      int n;
      if (r.blockedOp != null) {
        steps.resume(r);
        continue;
      } else if (r.hasPending()) {
        src = r.pending;
        from = r.pendingPos;
        n = (int) Math.min(budget, r.pendingLen - r.pendingPos);
        r.pendingPos += n;
      } else if (r.stream == null) {
        Step step = r.nextStep();
        if (step == null) {
          steps.exit(p, ProcState.EXITED, "exit (end of steps)");
          break;
        }
        steps.execute(r, step);
        continue;
      } else {
        src = buffer;
        from = 0;
        n = r.stream.fill(buffer, (int) Math.min(budget, buffer.length));
        if (n == 0) {
          r.stream.close();
          r.stream = null;
          continue;
        }
      }
      if (r.stream != null) {
        compressByte = r.stream.compressByte();
      }
      int end = from + n;
      int restEnd = end + (src == r.pending ? r.pendingLen - end : 0);
      // PTEs of references [i + LOOKAHEAD, ahead) are loaded ahead, a block at a time; a resumed
      // batch goes on from where its hints stopped rather than issuing them again.
      int ahead = from + LOOKAHEAD;
      if (src == r.pending && r.prefetchedTo > ahead) {
        ahead = Math.min(r.prefetchedTo, restEnd);
      }
      if (src != r.pending || hintsOwner != r || hintsTable != pt) {
        // the hints held back belong to references already done, or to another batch
        hintCount = 0;
        hintsOwner = r;
        hintsTable = pt;
      }
      // With fault hints, PTEs are loaded one block further ahead (32 to 48 references), and each
      // block's hints go out with the next block's loads, 16 to 32 references ahead as before.
      int distance = prefetchFaults ? 2 * LOOKAHEAD : LOOKAHEAD;
      for (int i = from; i < end; i++) {
        if (i + distance >= ahead && ahead < restEnd) {
          int to = Math.min(restEnd, Math.max(ahead, i + distance) + LOOKAHEAD);
          prefetchAhead(p, pt, src, Math.max(ahead, i + LOOKAHEAD), to);
          ahead = to;
        }
        int status = reference(p, pt, src[i]);
        if (status != DONE) {
          if (status == BLOCKED) {
            keepPending(r, src, i, restEnd, ahead);
          } else if (status == STOPPED) {
            keepPending(r, src, i + 1, restEnd, ahead);
          }
          break;
        }
        if (clock.now() >= events.nextTime()) {
          // An event fell due during this reference (kswapd, a disk completion): it runs now,
          // not at the end of the quantum.
          events.runDue();
          if (!onCpu(p)) {
            if (p.alive()) {
              keepPending(r, src, i + 1, restEnd, ahead);
            }
            break;
          }
        }
      }
      if (quantumNs == 0) {
        budget -= n;
      }
    }
    p.setYielding(false);
    if (!p.alive()) {
      r.abandon();
    }
  }

  /**
   * Hints with no simulated effect: the PTEs of references {@code [from, to)} loaded into the
   * host's caches, and, for a model that asks, what its fault handler will read for those whose PTE
   * is not present ({@link OsPersonality#prefetchFault}).
   */
  private void prefetchAhead(Proc p, PageTable pt, long[] src, int from, int to) {
    if (!prefetchFaults) {
      mmu.prefetch(pt, src, from, to);
      return;
    }
    int n = mmu.prefetch(pt, src, from, to, absentAhead, absentPtes);
    // The hints of the block loaded last time go now: what they load does not depend on this
    // block's PTEs, so both wait for memory together rather than one after the other. A PTE may
    // have changed since it was loaded; a hint is only a hint.
    for (int j = 0; j < hintCount; j++) {
      os.prefetchFault(p, hintVpns[j], hintPtes[j]);
    }
    long[] t = hintVpns;
    hintVpns = absentAhead;
    absentAhead = t;
    t = hintPtes;
    hintPtes = absentPtes;
    absentPtes = t;
    hintCount = n;
  }

  /**
   * References {@code [from, to)} of {@code src} are re-issued when the process runs again ({@link
   * ProcRunner#keepPending}); if it took the batch buffer over, the engine reads into the array the
   * runner gave back, or a new one.
   */
  private void keepPending(ProcRunner r, long[] src, int from, int to, int prefetched) {
    long[] old = r.keepPending(src, from, to, prefetched);
    if (old != null) {
      buffer = old.length >= BATCH ? old : new long[BATCH];
    }
  }

  /** References read into the batch buffer at a time. */
  private static final int BATCH = 4096;

  /** References ahead whose PTEs are prefetched, a block at a time ({@link Mmu#prefetch}). */
  private static final int LOOKAHEAD = 16;

  /** References fetched at a time within a time-sliced quantum (the clock is checked between). */
  private static final long TIME_SLICE_BATCH = 64;

  /** The reference completed; the process goes on. */
  private static final int DONE = 0;

  /** The reference did not complete; it is re-issued when the process runs again. */
  private static final int BLOCKED = 1;

  /** The process ended; nothing of it goes on. */
  private static final int ENDED = 2;

  /** The reference completed, but the process blocked or yielded while its fault was handled. */
  private static final int STOPPED = 3;

  /** One memory reference: translate, fault if needed, then read or write the frame's token. */
  private int reference(Proc p, PageTable pt, long ref) {
    boolean write = ref < 0;
    long vaddr = ref & ~RefStream.WRITE;
    int access = write ? Access.WRITE : Access.READ;
    if (observeAll) {
      os.onReference(p, vaddr >>> machine.paging().pageShift(), access);
      if (!onCpu(p)) {
        // Killed, or made to wait before this reference (the hook is called again then).
        return p.alive() ? BLOCKED : ENDED;
      }
    }
    int status = DONE;
    long frame = mmu.translate(pt, vaddr, access);
    if (frame < 0) {
      frame = fault(p, pt, vaddr, access, frame);
      if (frame < 0) {
        return frame == -BLOCKED ? BLOCKED : ENDED;
      }
      status = onCpu(p) ? DONE : STOPPED;
    }
    references++;
    if (write) {
      writes++;
      memory.setContent(
          (int) frame,
          Tokens.withCompressibility(Tokens.mix(writeSeed, ++writeSerial), compressByte));
    }
    if (checked) {
      observer.referenced(p, pt, vaddr, (int) frame, write);
    }
    return status;
  }

  private long fault(Proc p, PageTable pt, long vaddr, int access, long result) {
    for (int attempt = 0; attempt < MAX_FAULT_RETRIES; attempt++) {
      long vpn = vaddr >>> machine.paging().pageShift();
      Region region = p.space().find(vpn);
      FaultKind kind = region == null ? FaultKind.OUTSIDE_REGION : FaultKind.ofResult(result);
      FaultResult fr = os.handleFault(p, vaddr, access, kind, region);
      switch (fr) {
        case RESOLVED -> {
          result = mmu.translate(pt, vaddr, access);
          if (result >= 0) {
            return result;
          }
        }
        case SEGV -> {
          metrics.increment(Counter.SEGFAULTS);
          steps.exit(
              p,
              ProcState.KILLED,
              "segmentation fault: "
                  + Access.name(access)
                  + " at 0x"
                  + Long.toHexString(vaddr)
                  + " ("
                  + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                  + ")");
          if (p.alive()) {
            throw new RunFailure("engine: process " + p + " survived its own exit", false);
          }
          return -ENDED;
        }
        case KILLED -> {
          return -ENDED;
        }
        case BLOCKED -> {
          if (!p.alive()) {
            return -ENDED;
          }
          if (p.state() != ProcState.SLEEPING && !p.yielding()) {
            throw new RunFailure(
                os.name()
                    + " answered BLOCKED without Kernel.block, waitForRead or yield (model bug)",
                false);
          }
          return -BLOCKED;
        }
        default -> throw new AssertionError(fr);
      }
    }
    throw new RunFailure(
        os.name()
            + " left a "
            + Access.name(access)
            + " fault at 0x"
            + Long.toHexString(vaddr)
            + " unresolved after "
            + MAX_FAULT_RETRIES
            + " tries (model bug)",
        false);
  }

  private RunResult result(String error, boolean userError) {
    metrics.set(Counter.REFERENCES, references);
    metrics.set(Counter.WRITES, writes);
    metrics.set(Counter.READS, references - writes);
    metrics.set(Counter.TLB_HITS, machine.tlb().hits());
    metrics.set(Counter.TLB_MISSES, machine.tlb().misses());
    metrics.set(Counter.TLB_SHOOTDOWNS, machine.tlb().shootdowns());
    metrics.set(Counter.TLB_FLUSHES, machine.tlb().flushes());
    List<ProcessSummary> procs = new ArrayList<>();
    for (Proc p : kernel.processes()) {
      procs.add(
          new ProcessSummary(
              p.pid(),
              p.name(),
              p.state().name().toLowerCase(Locale.ROOT),
              p.endReason(),
              p.minorFaults(),
              p.majorFaults(),
              p.metrics().snapshot()));
    }
    Map<String, Map<String, String>> views = new LinkedHashMap<>(steps.views());
    steps.outcomes().forEach((k, v) -> metrics.set(metrics.register("ops." + k, k), v));
    return new RunResult(
        os.name(),
        kernel.run().label(),
        kernel.run().seed(),
        kernel.run().point(),
        error.isEmpty() ? RunStatus.OK : (userError ? RunStatus.UNSUPPORTED : RunStatus.ERROR),
        error,
        machine.clock().now(),
        metrics.snapshot(),
        procs,
        os.simplifications(),
        views,
        sampler == null ? Map.of() : sampler.columns(),
        kernel.eventLog(),
        kernel.processMetrics(),
        metrics.gauges());
  }

  /**
   * The random generator of one step of one process: a function of (seed, process, step) only, so
   * neither the model's own random choices nor the other processes shift it.
   */
  static SplittableRandom random(long seed, long process, long step) {
    return new SplittableRandom(Tokens.mix(Tokens.mix(seed, process), step));
  }
}
