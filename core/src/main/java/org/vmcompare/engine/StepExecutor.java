package org.vmcompare.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmcompare.common.InputError;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.pattern.AccessPatterns;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceReaders;
import org.vmcompare.trace.TraceRecord;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
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
  private final Map<String, Map<String, String>> views = new LinkedHashMap<>();

  StepExecutor(Kernel kernel, OsPersonality os, Workload workload) {
    this.kernel = kernel;
    this.os = os;
    this.workload = workload;
    this.pageShift = kernel.machine().paging().pageShift();
  }

  /** Executes a step; returns the references it makes, or null for an instant operation. */
  RefStream execute(ProcRunner r, Step step) {
    Proc p = r.proc;
    if (step instanceof Step.Allocate a) {
      long pages = a.size().toPages(kernel.machine().spec().pageSize());
      Outcome o =
          Simulation.check(
              os.allocate(
                  p,
                  new Op.Allocate(
                      a.name(),
                      pages,
                      Protection.parse(a.protection()),
                      a.reserve(),
                      a.noreserve())));
      if (!o.isOk()) {
        kernel.log(p + " allocate " + a.name() + " failed: " + o.code() + " " + o.message());
      }
      return null;
    }
    if (step instanceof Step.Touch t) {
      Region region = p.space().byLabel(t.region());
      if (region == null) {
        // The allocation failed (an OS-level failure already logged): nothing to touch.
        kernel.log(p + " touch " + t.region() + " skipped: region was not allocated");
        return null;
      }
      long pages = region.pages();
      return new TouchStream(
          AccessPatterns.parse(t.pattern(), pages),
          r.stepRandom(kernel.run().seed()),
          region.startVpn() << pageShift,
          pageShift,
          t.references(pages),
          t.writes());
    }
    if (step instanceof Step.Trace tr) {
      return trace(p, tr, r.stepRandom(kernel.run().seed()));
    }
    if (step instanceof Step.Sleep s) {
      kernel.block(p, kernel.now() + s.duration().nanos());
      return null;
    }
    if (step instanceof Step.Exit) {
      exit(p, "exit");
      return null;
    }
    throw new IllegalStateException("no executor for step " + step.stepName());
  }

  private RefStream trace(Proc p, Step.Trace tr, java.util.SplittableRandom random) {
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
    Region existing = p.space().byLabel(label);
    Region region = existing;
    if (region == null || region.pages() < max - min + 1) {
      Outcome o =
          Simulation.check(
              os.allocate(
                  p, new Op.Allocate(label, max - min + 1, Protection.READ_WRITE, false, true)));
      if (!o.isOk()) {
        kernel.log(p + " trace region failed: " + o.code() + " " + o.message());
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
    TraceFormat format =
        tr.format() == null ? TraceFormat.detect(file) : TraceFormat.parse(tr.format());
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

  /** Ends a process: the personality tears its memory down, core frees its page tables. */
  void exit(Proc p, String reason) {
    if (!p.alive()) {
      return;
    }
    Simulation.check(os.exit(p, new Op.Exit()));
    kernel.reap(p, reason.startsWith("exit") ? ProcState.EXITED : ProcState.KILLED, reason);
  }

  Map<String, Map<String, String>> views() {
    return views;
  }
}
