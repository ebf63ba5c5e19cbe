package org.vmcompare.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.vmcompare.common.InputError;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.os.RunFailure;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceReaders;
import org.vmcompare.trace.TraceRecord;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;
import org.vmcompare.workload.ByteSize;
import org.vmcompare.workload.Step;

/**
 * Turns one workload step into one SPI call (or a reference stream). This is where the portable
 * language meets a personality; nothing here knows which OS it is talking to.
 */
final class StepExecutor {
  private final Kernel kernel;
  private final OsPersonality os;
  private final Workload workload;
  private final int pageShift;
  private final long pageSize;
  private final Map<String, Map<String, String>> views = new LinkedHashMap<>();
  private final List<ProcRunner> spawned = new ArrayList<>();
  private final Map<String, Long> outcomes = new LinkedHashMap<>();
  private final RunObserver observer;

  StepExecutor(Kernel kernel, OsPersonality os, Workload workload, RunObserver observer) {
    this.observer = observer;
    this.kernel = kernel;
    this.os = os;
    this.workload = workload;
    this.pageShift = kernel.machine().paging().pageShift();
    this.pageSize = kernel.machine().spec().pageSize();
  }

  /**
   * Executes a step: a reference step sets the runner's stream; any other step is one SPI call
   * ({@link #issue}), which may leave the runner a blocked operation to {@link #resume} later.
   */
  void execute(ProcRunner r, Step step) {
    Proc p = r.proc;
    observer.stepStarted(p, step);
    if (step instanceof Step.Allocate a) {
      issue(
          r,
          step,
          new Op.Allocate(
              a.name(),
              a.size().toPages(pageSize),
              a.protection(),
              a.reserve(),
              a.noreserve(),
              a.purgeable()),
          null);
    } else if (step instanceof Step.Touch t) {
      r.stream = touch(r, t);
    } else if (step instanceof Step.Trace tr) {
      trace(r, tr, r.stepRandom(kernel.run().seed()));
    } else if (step instanceof Step.Sleep s) {
      long until = kernel.now() + s.duration().nanos();
      if (until < 0) {
        throw new RunFailure(
            p
                + " sleep "
                + s.duration()
                + " at "
                + kernel.now()
                + " ns goes past the end of the simulated clock (2^63 ns, about 292 years)",
            true);
      }
      kernel.block(p, until);
    } else if (step instanceof Step.Exit) {
      exit(p, ProcState.EXITED, "exit");
    } else if (step instanceof Step.Commit c) {
      Region region = region(p, c.region(), step);
      if (region != null) {
        long[] range = range(region, c.offset(), c.size(), step);
        issue(r, step, new Op.Commit(region, range[0], range[1]), null);
      }
    } else if (step instanceof Step.Share s) {
      issue(
          r,
          step,
          new Op.Share(
              s.name(),
              s.shared(),
              s.size() == null ? 0 : s.size().toPages(pageSize),
              s.protection(),
              s.size() != null),
          null);
    } else if (step instanceof Step.MapFile m) {
      issue(
          r,
          step,
          new Op.MapFile(
              m.name(),
              m.file(),
              pages(m.offset()),
              m.size() == null ? 0 : pages(m.size()),
              Op.FileMapping.valueOf(m.mode().name())),
          null);
    } else if (step instanceof Step.ReadFile f) {
      long first = pages(f.offset());
      issue(
          r,
          step,
          new Op.FileIo(f.file(), first, fileRest(f.file(), first, f.size()), false),
          null);
    } else if (step instanceof Step.WriteFile f) {
      long first = pages(f.offset());
      issue(
          r, step, new Op.FileIo(f.file(), first, fileRest(f.file(), first, f.size()), true), null);
    } else if (step instanceof Step.Release rel) {
      Region region = region(p, rel.region(), step);
      if (region != null) {
        long[] range = range(region, rel.offset(), rel.size(), step);
        issue(r, step, new Op.Release(region, range[0], range[1]), null);
      }
    } else if (step instanceof Step.Offer o) {
      Region region = region(p, o.region(), step);
      if (region != null) {
        long[] range = range(region, o.offset(), o.size(), step);
        issue(r, step, new Op.Offer(region, range[0], range[1], o.priority().value()), null);
      }
    } else if (step instanceof Step.Reclaim rc) {
      Region region = region(p, rc.region(), step);
      if (region != null) {
        long[] range = range(region, rc.offset(), rc.size(), step);
        issue(
            r,
            step,
            new Op.Reclaim(region, range[0], range[1]),
            o -> {
              if (o.isOk()) {
                count(o.value() == 0 ? "reclaim.survived" : "reclaim.lost");
              }
            });
      }
    } else if (step instanceof Step.Fork f) {
      issue(r, step, new Op.Fork(f.name()), o -> forked(r, f, o));
    } else if (step instanceof Step.DropCaches) {
      issue(r, step, new Op.DropCaches(), null);
    } else if (step instanceof Step.Protect pr) {
      Region region = region(p, pr.region(), step);
      if (region != null) {
        issue(r, step, new Op.Protect(region, pr.protection()), null);
      }
    } else if (step instanceof Step.Unmap u) {
      Region region = region(p, u.region(), step);
      if (region != null) {
        issue(r, step, new Op.Unmap(region), null);
      }
    } else if (step instanceof Step.Snapshot s) {
      snapshot(s.name());
    } else if (step instanceof Step.Native n) {
      if (n.os().equals(os.name())) {
        issue(r, step, new Op.Native(n.os(), n.call(), n.args()), null);
      }
    } else {
      throw new IllegalStateException("no executor for step " + step.stepName());
    }
  }

  /**
   * An operation that answered {@link Outcome#blocked}: what is left of it, and what to do with its
   * final outcome.
   */
  record BlockedOp(Step step, Op op, Consumer<Outcome> then) {}

  /**
   * Calls the personality for an operation. A final outcome goes through the common rules and then
   * to {@code then} (may be null); a {@link Outcome.Status#BLOCKED} one leaves the rest of the
   * operation on the runner, for {@link #resume} when the process runs again.
   */
  private void issue(ProcRunner r, Step step, Op op, Consumer<Outcome> then) {
    Proc p = r.proc;
    Outcome o = dispatch(p, op);
    if (o.status() == Outcome.Status.BLOCKED) {
      if (!p.alive()) {
        return; // killed while it worked: nothing left to finish
      }
      if (p.state() != ProcState.SLEEPING && !p.yielding()) {
        throw new RunFailure(
            os.name()
                + " answered "
                + op.name()
                + " BLOCKED without Kernel.block, waitForRead or yield (model bug)",
            false);
      }
      Op rest;
      try {
        rest = op.remaining(o.value());
      } catch (IllegalArgumentException e) {
        throw new RunFailure(os.name() + ": " + e.getMessage() + " (model bug)", false);
      }
      r.blockedOp = new BlockedOp(step, rest, then);
      return;
    }
    call(p, step, op, o);
    observer.operated(p, op, o);
    if (then != null) {
      then.accept(o);
    }
  }

  /** Calls the rest of the runner's blocked operation, now that its process runs again. */
  void resume(ProcRunner r) {
    BlockedOp b = r.blockedOp;
    r.blockedOp = null;
    issue(r, b.step(), b.op(), b.then());
  }

  /** The one place an {@link Op} becomes an {@link OsPersonality} call. */
  private Outcome dispatch(Proc p, Op op) {
    if (op instanceof Op.Allocate o) {
      return os.allocate(p, o);
    } else if (op instanceof Op.Commit o) {
      return os.commit(p, o);
    } else if (op instanceof Op.Share o) {
      return os.share(p, o);
    } else if (op instanceof Op.MapFile o) {
      return os.mapFile(p, o);
    } else if (op instanceof Op.FileIo o) {
      return os.fileIo(p, o);
    } else if (op instanceof Op.Release o) {
      return os.release(p, o);
    } else if (op instanceof Op.Offer o) {
      return os.offer(p, o);
    } else if (op instanceof Op.Reclaim o) {
      return os.reclaim(p, o);
    } else if (op instanceof Op.Fork o) {
      return os.fork(p, o);
    } else if (op instanceof Op.DropCaches o) {
      return os.dropCaches(p, o);
    } else if (op instanceof Op.Protect o) {
      return os.protect(p, o);
    } else if (op instanceof Op.Unmap o) {
      return os.unmap(p, o);
    } else if (op instanceof Op.Native o) {
      return os.nativeCall(p, o);
    }
    throw new IllegalStateException("engine: no call for " + op);
  }

  /**
   * Runs the call's outcome through the common rules: unsupported ends the run, failures log. The
   * operation must be the one the step declares ({@link Step#operation}), which the loader checked
   * every system supports.
   */
  private Outcome call(Proc p, Step step, Op op, Outcome o) {
    if (step != null && step.operation() != op.kind()) {
      throw new IllegalStateException(
          "engine: step " + step.stepName() + " declares " + step.operation() + ", ran " + op);
    }
    return call(p, op, o);
  }

  private Outcome call(Proc p, Op op, Outcome o) {
    if (o.status() == Outcome.Status.UNSUPPORTED) {
      throw new RunFailure(o.message(), true);
    }
    if (o.status() == Outcome.Status.FAILED) {
      count("failed." + op.name());
      kernel.log(p + " " + op.name() + " failed: " + o.code() + " " + o.message());
    }
    return o;
  }

  private void count(String what) {
    outcomes.merge(what, 1L, Long::sum);
  }

  /** Counts of failed operations and reclaim results, for the run's counters. */
  Map<String, Long> outcomes() {
    return outcomes;
  }

  private Region region(Proc p, String label, Step step) {
    Region region = p.space().byLabel(label);
    if (region == null) {
      // The mapping failed earlier with an OS-level failure (already logged): nothing to do.
      kernel.log(p + " " + step.stepName() + " " + label + " skipped: no such mapping");
    }
    return region;
  }

  /** [first page, pages] of a sub-range; the whole region (from the offset) by default. */
  private long[] range(Region region, ByteSize offset, ByteSize size, Step step) {
    long first = pages(offset);
    long count = size == null ? region.pages() - first : size.toPages(pageSize);
    if (first + count > region.pages() || count <= 0) {
      throw new RunFailure(
          step.stepName()
              + " on '"
              + region.label()
              + "': offset "
              + (offset == null ? "0" : offset)
              + " and size "
              + (size == null ? "(rest)" : size)
              + " do not fit its "
              + region.pages()
              + " pages",
          true);
    }
    return new long[] {first, count};
  }

  /** Pages of a file range: the given size, or the rest of the file from the first page. */
  private long fileRest(String name, long first, ByteSize size) {
    if (size != null) {
      return size.toPages(pageSize);
    }
    SimFile f = kernel.files().get(name);
    return f == null ? 0 : Math.max(1, f.pages() - first);
  }

  private long pages(ByteSize size) {
    return size == null ? 0 : size.toPages(pageSize);
  }

  private RefStream touch(ProcRunner r, Step.Touch t) {
    Region region = region(r.proc, t.region(), t);
    if (region == null) {
      return null;
    }
    long[] range = range(region, t.offset(), t.size(), t);
    return new TouchStream(
        t.pattern().over(range[1]),
        r.stepRandom(kernel.run().seed()),
        (region.startVpn() + range[0]) << pageShift,
        pageShift,
        t.references(range[1]),
        t.writes(),
        t.compressibility());
  }

  /** Starts the child's own steps once fork answered with its pid. */
  private void forked(ProcRunner parent, Step.Fork f, Outcome o) {
    if (!o.isOk()) {
      return;
    }
    Proc child = kernel.process((int) o.value());
    if (child == null) {
      throw new RunFailure(os.name() + " fork returned no child process (model bug)", false);
    }
    child.setState(ProcState.RUNNABLE);
    child.setStartTime(kernel.now());
    ProcRunner runner =
        new ProcRunner(
            f.name(), null, null, f.steps(), Tokens.mix(parent.randomIndex, parent.stepsStarted));
    runner.proc = child;
    spawned.add(runner);
  }

  /** Moves the runners created by fork since the last call to the end of {@code into}. */
  void takeSpawned(List<ProcRunner> into) {
    if (!spawned.isEmpty()) {
      into.addAll(spawned); // nothing is allocated on the scheduler's every turn without a fork
      spawned.clear();
    }
  }

  void snapshot(String name) {
    List<Proc> alive = new ArrayList<>();
    for (Proc q : kernel.processes()) {
      if (q.alive()) {
        alive.add(q);
      }
    }
    String key = name;
    for (int i = 2; views.containsKey(key); i++) {
      key = name + "#" + i;
    }
    views.put(key, new LinkedHashMap<>(os.views(new ViewRequest(name, alive))));
  }

  /**
   * A trace step: its own region (allocated, or grown, first), then its reference stream on the
   * runner.
   */
  private void trace(ProcRunner r, Step.Trace tr, SplittableRandom random) {
    Proc p = r.proc;
    long min;
    long max;
    if (tr.pages() != null) {
      min = tr.pages().stream().mapToLong(Long::longValue).min().orElseThrow();
      max = tr.pages().stream().mapToLong(Long::longValue).max().orElseThrow();
    } else {
      long[] range = scan(tr);
      min = range[0];
      max = range[1];
    }
    String label = "trace:" + (tr.file() == null ? "inline" : Path.of(tr.file()).getFileName());
    Region region = p.space().byLabel(label);
    if (region == null || region.pages() < max - min + 1) {
      Op.Allocate op =
          new Op.Allocate(label, max - min + 1, Protection.READ_WRITE, false, true, false);
      issue(
          r,
          tr,
          op,
          o -> {
            if (o.isOk()) {
              r.stream = traceStream(r.proc, tr, label, min, max, random);
            }
          });
      return;
    }
    r.stream = traceStream(p, tr, label, min, max, random);
  }

  private RefStream traceStream(
      Proc p, Step.Trace tr, String label, long min, long max, SplittableRandom random) {
    long base = p.space().byLabel(label).startVpn() << pageShift;
    if (tr.pages() != null) {
      return new ArrayStream(tr.pages(), base, min, pageShift, tr.writes(), random);
    }
    return new TraceStream(open(tr), base, min, max, pageShift, tr.writes(), random);
  }

  private TraceReader open(Step.Trace tr) {
    Path file = workload.resolve(tr.file());
    TraceFormat format = tr.format() == null ? TraceFormat.detect(file) : tr.format();
    return TraceReaders.open(file, format, pageShift);
  }

  /**
   * The trace file's page range, so one region can hold it: from its header when it records one (a
   * binary trace vmcompare wrote), else from a first pass over the file.
   */
  private long[] scan(Step.Trace tr) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long[] buf = new long[8192];
    try (TraceReader reader = open(tr)) {
      long[] range = reader.pageRange();
      if (range != null) {
        return range;
      }
      int n;
      while ((n = reader.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          long page = TraceRecord.page(buf[i]);
          min = Math.min(min, page);
          max = Math.max(max, page);
        }
      }
    }
    if (min == Long.MAX_VALUE) {
      throw InputError.inFile(workload.resolve(tr.file()), "the trace has no references");
    }
    return new long[] {min, max};
  }

  /**
   * Ends a process, as an exit or as a kill by the engine (a fatal fault): the personality tears
   * its memory down, core frees its page tables and records how and why it ended.
   */
  void exit(Proc p, ProcState how, String reason) {
    if (!p.alive()) {
      return;
    }
    Op.Exit op = new Op.Exit();
    Outcome o = os.exit(p, op);
    if (o.status() == Outcome.Status.BLOCKED) {
      throw new RunFailure(
          os.name() + " answered exit BLOCKED; exit cannot wait (model bug)", false);
    }
    call(p, op, o);
    observer.operated(p, op, o);
    kernel.reap(p, how, reason);
  }

  Map<String, Map<String, String>> views() {
    return views;
  }
}
