package org.vmcompare.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vmcompare.common.InputError;
import org.vmcompare.common.Quantities;
import org.vmcompare.common.Suggest;
import org.vmcompare.os.OpKind;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceReaders;
import org.vmcompare.trace.TraceRecord;
import org.vmcompare.yaml.YNode;

/**
 * Checks every process's steps before anything runs, at each step's line: regions used before they
 * are allocated or after they are unmapped, files and shared names that do not exist, sizes past
 * the address space, patterns and trace files, and steps a listed system cannot do.
 */
final class StepChecker {
  private final String file;
  private final Path baseDir;
  private final Experiment exp;
  private final List<SystemVariant> variants;
  private final long userPages;
  private final long pageSize;
  private final Map<String, Long> files = new LinkedHashMap<>();
  private final Map<String, Long> sharedCreated = new HashMap<>();

  /** Every mapping name any step defines, so a native call's region name can be told a typo. */
  private final Set<String> allNames = new HashSet<>();

  private final List<String> knownSystems;

  /** Only the systems' support is checked (the steps themselves already were): no trace reads. */
  private boolean supportOnly;

  StepChecker supportOnly() {
    supportOnly = true;
    return this;
  }

  StepChecker(
      String file,
      Path baseDir,
      Experiment exp,
      List<SystemVariant> variants,
      long userBytes,
      List<String> knownSystems) {
    this.knownSystems = List.copyOf(knownSystems);
    this.file = file;
    this.baseDir = baseDir;
    this.exp = exp;
    this.variants = variants;
    this.pageSize = exp.machine().pageSize().bytes();
    this.userPages = userBytes / pageSize;
    for (FileConfig f : exp.files()) {
      files.put(f.name(), f.size().toPages(pageSize));
    }
    for (ProcessConfig p : exp.processes()) {
      collectCreators(p.steps());
    }
  }

  private void collectCreators(List<Step> steps) {
    for (Step s : steps) {
      if (s instanceof Step.Allocate a) {
        allNames.add(a.name());
      } else if (s instanceof Step.MapFile m) {
        allNames.add(m.name());
      } else if (s instanceof Step.Share sh) {
        allNames.add(sh.name());
      }
      if (s instanceof Step.Share sh && sh.size() != null) {
        sharedCreated.putIfAbsent(sh.shared(), sh.size().toPages(pageSize));
      } else if (s instanceof Step.Fork f) {
        collectCreators(f.steps());
      } else if (s instanceof Step.Repeat r) {
        collectCreators(r.steps());
      }
    }
  }

  /** References the steps make, estimated while checking; see {@link #references()}. */
  private long references;

  void check(YNode processes) {
    for (int i = 0; i < exp.processes().size(); i++) {
      ProcessConfig p = exp.processes().get(i);
      YNode pnode = Nodes.item(processes, i);
      long refs =
          walk(
              p.steps(),
              Nodes.child(pnode, "steps"),
              "processes[" + i + "]",
              new LinkedHashMap<>());
      references = saturatingAdd(references, refs);
      for (SystemVariant v : variants) {
        Optional<String> why = v.provider().whyUnsupported(OpKind.EXIT);
        if (why.isPresent()) {
          throw at(pnode, "processes[" + i + "]", why.get() + " (system '" + v.label() + "')");
        }
      }
    }
  }

  /**
   * The memory references one run makes, as far as the file says (a touch over a mapping whose size
   * is known only when running counts only when it gives {@code count}): for a progress bar and for
   * the warning before very long work. Valid after {@link #check}.
   */
  long references() {
    return references;
  }

  private static long saturatingAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  private static long saturatingMultiply(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /** Pages of a mapping whose size is not known before running (a shared open, a trace). */
  private static final long UNKNOWN = -1;

  /**
   * Walks steps in order, keeping the mappings that exist at each point with their size in pages
   * (or {@link #UNKNOWN}). A step's own mistakes are reported before whether a system supports it.
   */
  private long walk(List<Step> steps, YNode seq, String path, Map<String, Long> regions) {
    long refs = 0;
    for (int j = 0; j < steps.size(); j++) {
      Step step = steps.get(j);
      YNode at = Nodes.stepTag(seq, j);
      YNode body = Nodes.stepBody(seq, j);
      String spath = path + ".steps[" + j + "]." + step.stepName();
      if (step instanceof Step.Allocate a) {
        fits(a.size(), Nodes.child(body, "size"), spath + ".size");
        define(regions, a.name(), a.size().toPages(pageSize), at, spath);
      } else if (step instanceof Step.Share s) {
        if (s.size() == null && !sharedCreated.containsKey(s.shared())) {
          throw at(
              Nodes.child(body, "shared"),
              spath + ".shared",
              "no step creates shared memory '"
                  + s.shared()
                  + "' (a share step with a size creates it; one without a size only opens it)");
        }
        fits(s.size(), Nodes.child(body, "size"), spath + ".size");
        long pages = s.size() != null ? s.size().toPages(pageSize) : sharedCreated.get(s.shared());
        define(regions, s.name(), pages, at, spath);
      } else if (step instanceof Step.MapFile m) {
        long pages = fileRange(m.file(), m.offset(), m.size(), body, spath, false);
        define(regions, m.name(), pages, at, spath);
      } else if (step instanceof Step.ReadFile f) {
        fileRange(f.file(), f.offset(), f.size(), body, spath, false);
      } else if (step instanceof Step.WriteFile f) {
        fileRange(f.file(), f.offset(), f.size(), body, spath, true);
      } else if (step instanceof Step.Touch t) {
        range(regions, t.region(), t.offset(), t.size(), at, body, spath);
        refs = saturatingAdd(refs, touchReferences(t, regions.get(t.region())));
      } else if (step instanceof Step.Release r) {
        range(regions, r.region(), r.offset(), r.size(), at, body, spath);
      } else if (step instanceof Step.Offer o) {
        range(regions, o.region(), o.offset(), o.size(), at, body, spath);
      } else if (step instanceof Step.Reclaim r) {
        range(regions, r.region(), r.offset(), r.size(), at, body, spath);
      } else if (step instanceof Step.Commit c) {
        range(regions, c.region(), c.offset(), c.size(), at, body, spath);
      } else if (step instanceof Step.Protect pr) {
        use(regions, pr.region(), at, spath);
      } else if (step instanceof Step.Unmap u) {
        use(regions, u.region(), at, spath);
        regions.remove(u.region());
      } else if (step instanceof Step.Fork f) {
        refs =
            saturatingAdd(
                refs,
                walk(f.steps(), Nodes.child(body, "steps"), spath, new LinkedHashMap<>(regions)));
      } else if (step instanceof Step.Repeat r) {
        YNode inner = Nodes.child(body, "steps");
        long once = walk(r.steps(), inner, spath, regions);
        if (r.times() > 1) {
          // A second pass must find the mappings as the first left them.
          walk(r.steps(), inner, spath, regions);
        }
        refs = saturatingAdd(refs, saturatingMultiply(once, r.times()));
      } else if (step instanceof Step.Native n) {
        nativeRegion(n, regions, at, Nodes.child(body, "args"), spath + ".args");
      } else if (step instanceof Step.Trace tr && !supportOnly) {
        refs = saturatingAdd(refs, traceSpan(tr, body, spath));
      }
      support(step, at, spath);
    }
    return refs;
  }

  /** A touch's references: its count, or its passes over the range when the range is known. */
  private long touchReferences(Step.Touch t, long regionPages) {
    if (t.count() != null) {
      return t.count();
    }
    long pages;
    if (t.size() != null) {
      pages = t.size().toPages(pageSize);
    } else if (regionPages == UNKNOWN) {
      return 0;
    } else {
      pages = regionPages - (t.offset() == null ? 0 : t.offset().toPages(pageSize));
    }
    return t.references(Math.max(1, pages));
  }

  /** A region's sub-range must lie inside it when its size is known. */
  private void range(
      Map<String, Long> regions,
      String name,
      ByteSize offset,
      ByteSize size,
      YNode at,
      YNode body,
      String spath) {
    use(regions, name, at, spath);
    within(name, regions.get(name), offset, size, body, spath);
  }

  /** {@code offset} and {@code size} (keys under {@code body}) fit a mapping of known size. */
  private void within(
      String name, long pages, ByteSize offset, ByteSize size, YNode body, String spath) {
    long first = offset == null ? 0 : offset.toPages(pageSize);
    if (pages == UNKNOWN) {
      return;
    }
    if (first >= pages) {
      throw at(
          Nodes.child(body, "offset"),
          spath + ".offset",
          offset + " is past the end of '" + name + "' (" + pages + " pages)");
    }
    if (size != null && first + size.toPages(pageSize) > pages) {
      throw at(
          Nodes.child(body, "size"),
          spath + ".size",
          "offset "
              + (offset == null ? "0" : offset)
              + " plus "
              + size
              + " goes past the end of '"
              + name
              + "' ("
              + pages
              + " pages)");
    }
  }

  /**
   * A native call's {@code args.region} (every model's calls name their range so, through core's
   * {@code NativeArgs}) must be a mapping some step defines: a name no step defines is a typo. One
   * that existed and was unmapped before the call is left to the call, which fails as the OS
   * answers a call on an unmapped address. Where the mapping exists, {@code args.offset} and {@code
   * args.size} must be sizes that fit it.
   */
  private void nativeRegion(
      Step.Native n, Map<String, Long> regions, YNode at, YNode args, String apath) {
    if (!(n.args().get("region") instanceof String name)) {
      return;
    }
    YNode regionAt = Nodes.child(args, "region") == null ? at : Nodes.child(args, "region");
    if (!regions.containsKey(name)) {
      if (!allNames.contains(name)) {
        throw at(
            regionAt,
            apath + ".region",
            "no step maps a region named '"
                + name
                + "'"
                + (regions.isEmpty()
                    ? ""
                    : "; existing here: " + String.join(", ", regions.keySet())));
      }
      return;
    }
    ByteSize offset = nativeSize(n, "offset", args, apath);
    ByteSize size = nativeSize(n, "size", args, apath);
    if (size != null && size.toPages(pageSize) == 0) {
      throw at(
          Nodes.child(args, "size"), apath + ".size", "must be at least one page, got " + size);
    }
    within(name, regions.get(name), offset, size, args, apath);
  }

  private ByteSize nativeSize(Step.Native n, String key, YNode args, String apath) {
    Object v = n.args().get(key);
    if (v == null) {
      return null;
    }
    try {
      return ByteSize.parse(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      throw at(Nodes.child(args, key), apath + "." + key, e.getMessage());
    }
  }

  /** A file range must exist (writes may extend the file); returns its pages. */
  private long fileRange(
      String name, ByteSize offset, ByteSize size, YNode body, String spath, boolean write) {
    Long filePages = files.get(name);
    if (filePages == null) {
      throw at(
          Nodes.child(body, "file"),
          spath + ".file",
          "no file named '"
              + name
              + "' under files:"
              + (files.isEmpty()
                  ? " (there is no files: list)"
                  : "; files: " + String.join(", ", files.keySet())));
    }
    long first = offset == null ? 0 : offset.toPages(pageSize);
    if (first > filePages || (!write && first == filePages)) {
      throw at(
          Nodes.child(body, "offset"),
          spath + ".offset",
          offset + " is past the end of '" + name + "' (" + filePages + " pages)");
    }
    long count = size == null ? filePages - first : size.toPages(pageSize);
    if (!write && first + count > filePages) {
      throw at(
          Nodes.child(body, "size"),
          spath + ".size",
          "offset "
              + (offset == null ? "0" : offset)
              + " plus "
              + size
              + " goes past the end of '"
              + name
              + "' ("
              + filePages
              + " pages)");
    }
    return count;
  }

  private void support(Step step, YNode at, String spath) {
    if (step instanceof Step.Native n) {
      if (!knownSystems.isEmpty() && !knownSystems.contains(n.os())) {
        String suggestion = Suggest.closest(n.os(), knownSystems);
        throw at(
            at,
            spath + ".os",
            "unknown system '"
                + n.os()
                + "'"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                + "; known: "
                + String.join(", ", knownSystems));
      }
      for (SystemVariant v : variants) {
        if (v.os().equals(n.os())) {
          Optional<String> why = v.provider().whyUnsupportedNative(n.call());
          if (why.isPresent()) {
            throw at(at, spath + ".call", why.get() + " (system '" + v.label() + "')");
          }
          Optional<String> bad = v.provider().whyBadNativeArgs(n.call(), n.args());
          if (bad.isPresent()) {
            String msg = bad.get();
            int colon = msg.indexOf(": ");
            String key = colon > 0 ? "." + msg.substring(0, colon) : ".args";
            throw at(at, spath + key, colon > 0 ? msg.substring(colon + 2) : msg);
          }
        } else if (n.others() == Step.Native.Others.ERROR) {
          throw at(
              at,
              spath,
              "native "
                  + n.os()
                  + "."
                  + n.call()
                  + " does not belong to system '"
                  + v.label()
                  + "' ("
                  + v.os()
                  + "); add 'others: skip' to run it on "
                  + n.os()
                  + " only");
        }
      }
      return;
    }
    OpKind op = step.operation();
    if (op == null) {
      return;
    }
    for (SystemVariant v : variants) {
      Optional<String> why = v.provider().whyUnsupported(op);
      if (why.isPresent()) {
        String needs =
            op.yamlName().equals(step.stepName())
                ? ""
                : step.stepName() + " needs " + op.yamlName() + ": ";
        throw at(at, spath, needs + why.get() + " (system '" + v.label() + "')");
      }
    }
  }

  /**
   * A trace's pages become one private region from its lowest to its highest page, so the span must
   * fit the user address space: read the file once here (or the inline list), so a trace that
   * cannot run is refused at its step's line instead of running zero references.
   */
  private long traceSpan(Step.Trace tr, YNode body, String spath) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long count = 0;
    String what;
    if (tr.pages() != null) {
      count = tr.pages().size();
      for (long page : tr.pages()) {
        min = Math.min(min, page);
        max = Math.max(max, page);
      }
      what = "the inline trace";
    } else {
      Path path = baseDir == null ? Path.of(tr.file()) : baseDir.resolve(tr.file());
      if (!Files.isReadable(path)) {
        throw at(Nodes.child(body, "file"), spath + ".file", "cannot read trace file " + path);
      }
      TraceFormat format = tr.format() == null ? TraceFormat.detect(path) : tr.format();
      long[] buf = new long[8192];
      try (TraceReader reader =
          TraceReaders.open(path, format, TraceReaders.pageShiftOf(pageSize))) {
        long[] range = reader.pageRange();
        boolean known = range != null && reader.recordCount() > 0;
        if (known) {
          // a binary trace's header and size say it all: nothing to read
          min = range[0];
          max = range[1];
          count = reader.recordCount();
        }
        int n;
        while (!known && (n = reader.read(buf)) > 0) {
          count += n;
          for (int i = 0; i < n; i++) {
            long page = TraceRecord.page(buf[i]);
            min = Math.min(min, page);
            max = Math.max(max, page);
          }
        }
      }
      if (min == Long.MAX_VALUE) {
        throw at(Nodes.child(body, "file"), spath + ".file", "the trace " + path + " is empty");
      }
      what = "trace " + path.getFileName();
    }
    long span = max - min + 1;
    if (span <= 0 || span > userPages) {
      throw at(
          Nodes.child(body, tr.pages() != null ? "pages" : "file"),
          spath + (tr.pages() != null ? ".pages" : ".file"),
          what
              + " spans pages "
              + min
              + ".."
              + max
              + ", more than the user address space holds ("
              + userPages
              + " pages with "
              + exp.machine().pagingMode().id()
              + " paging); its pages become one region, so they must lie within "
              + userPages
              + " pages of each other");
    }
    return count;
  }

  /** Every SPI operation an experiment's steps need (exit included), in first-use order. */
  static List<OpKind> operations(Experiment exp) {
    Set<OpKind> ops = new LinkedHashSet<>();
    for (ProcessConfig p : exp.processes()) {
      collectOps(p.steps(), ops);
    }
    ops.add(OpKind.EXIT);
    return List.copyOf(ops);
  }

  private static void collectOps(List<Step> steps, Set<OpKind> ops) {
    for (Step s : steps) {
      if (s.operation() != null && s.operation() != OpKind.NATIVE) {
        ops.add(s.operation());
      }
      if (s instanceof Step.Fork f) {
        collectOps(f.steps(), ops);
      } else if (s instanceof Step.Repeat r) {
        collectOps(r.steps(), ops);
      }
    }
  }

  private void define(Map<String, Long> regions, String name, long pages, YNode at, String spath) {
    if (regions.putIfAbsent(name, pages) != null) {
      throw at(
          at,
          spath + ".name",
          "a mapping named '"
              + name
              + "' already exists in this process at this point (unmap it first, or pick another name)");
    }
  }

  private void use(Map<String, Long> regions, String name, YNode at, String spath) {
    if (!regions.containsKey(name)) {
      throw at(
          at,
          spath + ".region",
          "no mapping named '"
              + name
              + "' exists at this point (allocate, share or map-file it first; an unmapped one is"
              + " gone)"
              + (regions.isEmpty() ? "" : "; existing: " + String.join(", ", regions.keySet())));
    }
  }

  private void fits(ByteSize size, YNode node, String spath) {
    if (size != null && size.toPages(pageSize) > userPages) {
      throw at(
          node,
          spath,
          size
              + " is larger than the user address space ("
              + Quantities.formatBytes(userPages * pageSize)
              + " with "
              + exp.machine().pagingMode().id()
              + " paging)");
    }
  }

  private InputError at(YNode node, String path, String problem) {
    return new InputError(
        file, node == null ? 0 : node.line(), node == null ? 0 : node.column(), path, problem);
  }
}
