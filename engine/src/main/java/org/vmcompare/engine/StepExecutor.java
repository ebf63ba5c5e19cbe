package org.vmcompare.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

  StepExecutor(Kernel kernel, OsPersonality os, Workload workload) {
    this.kernel = kernel;
    this.os = os;
    this.workload = workload;
    this.pageShift = kernel.machine().paging().pageShift();
    this.pageSize = kernel.machine().spec().pageSize();
  }

  /** Executes a step; returns the references it makes, or null for an instant operation. */
  RefStream execute(ProcRunner r, Step step) {
    Proc p = r.proc;
    if (step instanceof Step.Allocate a) {
      Op.Allocate op =
          new Op.Allocate(
              a.name(),
              a.size().toPages(pageSize),
              a.protection(),
              a.reserve(),
              a.noreserve(),
              a.purgeable());
      call(p, step, op, os.allocate(p, op));
    } else if (step instanceof Step.Touch t) {
      return touch(r, t);
    } else if (step instanceof Step.Trace tr) {
      return trace(p, tr, r.stepRandom(kernel.run().seed()));
    } else if (step instanceof Step.Sleep s) {
      kernel.block(p, kernel.now() + s.duration().nanos());
    } else if (step instanceof Step.Exit) {
      exit(p, ProcState.EXITED, "exit");
    } else if (step instanceof Step.Commit c) {
      Region region = region(p, c.region(), step);
      if (region != null) {
        long[] range = range(region, c.offset(), c.size(), step);
        Op.Commit op = new Op.Commit(region, range[0], range[1]);
        call(p, step, op, os.commit(p, op));
      }
    } else if (step instanceof Step.Share s) {
      Op.Share op =
          new Op.Share(
              s.name(),
              s.shared(),
              s.size() == null ? 0 : s.size().toPages(pageSize),
              s.protection(),
              s.size() != null);
      call(p, step, op, os.share(p, op));
    } else if (step instanceof Step.MapFile m) {
      Op.MapFile op =
          new Op.MapFile(
              m.name(),
              m.file(),
              pages(m.offset()),
              m.size() == null ? 0 : pages(m.size()),
              Op.FileMapping.valueOf(m.mode().name()));
      call(p, step, op, os.mapFile(p, op));
    } else if (step instanceof Step.ReadFile f) {
      long first = pages(f.offset());
      Op.FileIo op = new Op.FileIo(f.file(), first, fileRest(f.file(), first, f.size()), false);
      call(p, step, op, os.fileIo(p, op));
    } else if (step instanceof Step.WriteFile f) {
      long first = pages(f.offset());
      Op.FileIo op = new Op.FileIo(f.file(), first, fileRest(f.file(), first, f.size()), true);
      call(p, step, op, os.fileIo(p, op));
    } else if (step instanceof Step.Release rel) {
      Region region = region(p, rel.region(), step);
      if (region != null) {
        long[] range = range(region, rel.offset(), rel.size(), step);
        Op.Release op = new Op.Release(region, range[0], range[1]);
        call(p, step, op, os.release(p, op));
      }
    } else if (step instanceof Step.Offer o) {
      Region region = region(p, o.region(), step);
      if (region != null) {
        long[] range = range(region, o.offset(), o.size(), step);
        Op.Offer op = new Op.Offer(region, range[0], range[1], o.priority().value());
        call(p, step, op, os.offer(p, op));
      }
    } else if (step instanceof Step.Reclaim rc) {
      Region region = region(p, rc.region(), step);
      if (region != null) {
        long[] range = range(region, rc.offset(), rc.size(), step);
        Op.Reclaim op = new Op.Reclaim(region, range[0], range[1]);
        Outcome o = call(p, step, op, os.reclaim(p, op));
        if (o.isOk()) {
          count(o.value() == 0 ? "reclaim.survived" : "reclaim.lost");
        }
      }
    } else if (step instanceof Step.Fork f) {
      fork(r, f);
    } else if (step instanceof Step.DropCaches) {
      Op.DropCaches op = new Op.DropCaches();
      call(p, step, op, os.dropCaches(p, op));
    } else if (step instanceof Step.Protect pr) {
      Region region = region(p, pr.region(), step);
      if (region != null) {
        Op.Protect op = new Op.Protect(region, pr.protection());
        call(p, step, op, os.protect(p, op));
      }
    } else if (step instanceof Step.Unmap u) {
      Region region = region(p, u.region(), step);
      if (region != null) {
        Op.Unmap op = new Op.Unmap(region);
        call(p, step, op, os.unmap(p, op));
      }
    } else if (step instanceof Step.Snapshot s) {
      snapshot(s.name());
    } else if (step instanceof Step.Native n) {
      if (n.os().equals(os.name())) {
        Op.Native op = new Op.Native(n.os(), n.call(), n.args());
        call(p, step, op, os.nativeCall(p, op));
      }
    } else {
      throw new IllegalStateException("no executor for step " + step.stepName());
    }
    return null;
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

  private void fork(ProcRunner parent, Step.Fork f) {
    Proc p = parent.proc;
    Op.Fork op = new Op.Fork(f.name());
    Outcome o = call(p, f, op, os.fork(p, op));
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

  /** Runners created by fork since the last call. */
  List<ProcRunner> takeSpawned() {
    List<ProcRunner> out = new ArrayList<>(spawned);
    spawned.clear();
    return out;
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

  private RefStream trace(Proc p, Step.Trace tr, SplittableRandom random) {
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
      Outcome o = call(p, tr, op, os.allocate(p, op));
      if (!o.isOk()) {
        return null;
      }
      region = p.space().byLabel(label);
    }
    long base = region.startVpn() << pageShift;
    if (tr.pages() != null) {
      return new ArrayStream(tr.pages(), base, min, pageShift, tr.writes(), random);
    }
    return new TraceStream(open(tr), base, min, pageShift, tr.writes(), random);
  }

  private TraceReader open(Step.Trace tr) {
    Path file = workload.resolve(tr.file());
    TraceFormat format = tr.format() == null ? TraceFormat.detect(file) : tr.format();
    return TraceReaders.open(file, format, pageShift);
  }

  /** First pass over a trace file: the page range, so one region can hold it. */
  private long[] scan(Step.Trace tr) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long[] buf = new long[8192];
    try (TraceReader reader = open(tr)) {
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
    call(p, op, os.exit(p, op));
    kernel.reap(p, how, reason);
  }

  Map<String, Map<String, String>> views() {
    return views;
  }
}
