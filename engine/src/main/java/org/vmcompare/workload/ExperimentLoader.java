package org.vmcompare.workload;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vmcompare.common.InputError;
import org.vmcompare.common.Quantities;
import org.vmcompare.common.Suggest;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.yaml.Binder;
import org.vmcompare.yaml.YNode;
import org.vmcompare.yaml.YamlReader;

/**
 * Reads an experiment file and checks everything that can be checked before running: keys and types
 * (through {@link Binder}), the systems and their options and each process's per-process options
 * (through the {@link OsRegistry}), regions used before they are allocated, trace files that cannot
 * be read. Every problem is one {@link InputError} at {@code FILE:LINE:COL: key: problem}.
 */
public final class ExperimentLoader {
  private final OsRegistry registry;
  private final boolean checkSupport;
  private final List<String> only;
  private final boolean skipUnsupported;

  public ExperimentLoader(OsRegistry registry) {
    this(registry, true, List.of(), false);
  }

  private ExperimentLoader(
      OsRegistry registry, boolean checkSupport, List<String> only, boolean skipUnsupported) {
    this.registry = registry;
    this.checkSupport = checkSupport;
    this.only = List.copyOf(only);
    this.skipUnsupported = skipUnsupported;
  }

  /**
   * A loader that keeps only the system variants named here (by label or system name), before
   * checking which steps they support: {@code run --systems}.
   */
  public ExperimentLoader onlySystems(List<String> names) {
    return new ExperimentLoader(registry, checkSupport, names, skipUnsupported);
  }

  /**
   * A loader that marks the systems that cannot do some step as skipped ({@link
   * SystemVariant#skipped}, with the reason at the step's line) instead of refusing the experiment,
   * so the others run: {@code run --skip-unsupported}.
   */
  public ExperimentLoader skipUnsupported() {
    return new ExperimentLoader(registry, checkSupport, only, true);
  }

  /**
   * A loader that checks everything except whether the listed systems support every step, for tools
   * that ask that question themselves ({@link #unsupported}).
   */
  public ExperimentLoader withoutSupportCheck() {
    return new ExperimentLoader(registry, false, only, skipUnsupported);
  }

  /**
   * Why a system cannot run this experiment's steps, or empty when it can: the first operation it
   * does not support, with the system's reason.
   */
  public static Optional<String> unsupported(Experiment exp, OsModuleProvider provider) {
    for (OpKind op : StepChecker.operations(exp)) {
      Optional<String> why = provider.whyUnsupported(op);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  public LoadedExperiment load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw InputError.inFile(
          file, "not a UTF-8 text file (is it binary?); an experiment is YAML text");
    } catch (IOException e) {
      throw InputError.inFile(file, "cannot read the experiment: " + reason(e));
    }
    if (text.indexOf('\0') >= 0) {
      throw InputError.inFile(
          file, "looks like a binary file (it contains NUL bytes); an experiment is YAML text");
    }
    Path dir = file.toAbsolutePath().getParent();
    return load(file.toString(), dir, text);
  }

  /** Loads text that did not come from a file on disk (a bundled experiment). */
  public LoadedExperiment load(String name, Path baseDir, String text) {
    YNode root = new YamlReader().read(name, text);
    Sweep sweep = new Sweep(name);
    List<Sweep.Axis> axes = sweep.axes(Nodes.child(root, "sweep"));
    List<SweepPoint> points = new ArrayList<>();
    for (Map<String, String> values : Sweep.points(axes)) {
      YNode pointRoot = axes.isEmpty() ? root : sweep.apply(root, axes, values);
      points.add(loadPoint(name, baseDir, pointRoot, values));
    }
    return new LoadedExperiment(name, baseDir, points);
  }

  private SweepPoint loadPoint(String name, Path baseDir, YNode root, Map<String, String> values) {
    Experiment exp = new Binder(name).bind(root, Experiment.class, "");
    List<SystemVariant> variants = select(name, resolveSystems(name, root, exp));
    MachineSpec spec;
    try {
      spec = exp.machine().toSpec();
    } catch (IllegalArgumentException e) {
      YNode at = Nodes.child(root, "machine");
      throw new InputError(name, line(at, root), col(at, root), "machine", e.getMessage());
    }
    checkHeap(name, root, spec);
    Checked checked = checkProcesses(name, baseDir, root, exp, variants, spec);
    return new SweepPoint(values, exp, checked.variants(), spec, checked.references());
  }

  /**
   * Java heap one run of this machine needs: per-frame metadata in core and in a model, a little
   * over {@value #BYTES_PER_FRAME} bytes a frame, plus a margin.
   */
  public static long heapNeeded(MachineSpec spec) {
    return spec.frames() * BYTES_PER_FRAME + (64L << 20);
  }

  static final long BYTES_PER_FRAME = 96;

  private static void checkHeap(String file, YNode root, MachineSpec spec) {
    long need = heapNeeded(spec);
    long have = Runtime.getRuntime().maxMemory();
    if (need > have) {
      YNode machine = Nodes.child(root, "machine");
      YNode at = Nodes.child(machine, "ram");
      long suggest = (need * 2 + (1L << 30) - 1) >> 30;
      throw new InputError(
          file,
          line(at, root),
          col(at, root),
          "machine.ram",
          Quantities.formatBytes(spec.ramBytes())
              + " of simulated RAM needs about "
              + Quantities.formatBytes(need >> 20 << 20)
              + " of Java heap per run, but this JVM has "
              + Quantities.formatBytes(have >> 20 << 20)
              + "; run with VMCOMPARE_JAVA_OPTS=-Xmx"
              + suggest
              + "g (./vmcompare passes it to"
              + " java) or simulate less RAM");
    }
  }

  /**
   * The variants {@code --systems} names, in its order: a label or system name of the file
   * (ignoring case), or any registered system the file does not list, which then runs with its
   * default options.
   */
  private List<SystemVariant> select(String file, List<SystemVariant> all) {
    if (only.isEmpty()) {
      return all;
    }
    List<SystemVariant> out = new ArrayList<>();
    for (String wanted : only) {
      boolean found = false;
      for (SystemVariant v : all) {
        if (v.label().equalsIgnoreCase(wanted) || v.os().equalsIgnoreCase(wanted)) {
          found = true;
          if (!out.contains(v)) {
            out.add(v);
          }
        }
      }
      if (found) {
        continue;
      }
      String name = wanted.toLowerCase(Locale.ROOT);
      if (!registry.names().contains(name)) {
        List<String> candidates = new ArrayList<>(registry.names());
        all.forEach(v -> candidates.add(v.label()));
        String suggestion = Suggest.closest(wanted, candidates);
        throw InputError.of(
            "--systems",
            "'"
                + wanted
                + "' is neither a system of "
                + file
                + " nor a known system"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                + "; the file has: "
                + String.join(", ", all.stream().map(SystemVariant::label).toList())
                + "; known systems: "
                + String.join(", ", registry.names()));
      }
      OsModuleProvider provider = registry.get(name);
      SystemVariant added =
          new SystemVariant(
              name, name, SystemOptions.of(name, provider.options(), Map.of()), provider);
      if (out.stream().noneMatch(v -> v.label().equals(name))) {
        out.add(added);
      }
    }
    return out;
  }

  private List<SystemVariant> resolveSystems(String file, YNode root, Experiment exp) {
    List<SystemVariant> out = new ArrayList<>();
    Map<String, Integer> perOs = new HashMap<>();
    for (SystemConfig s : exp.systems()) {
      perOs.merge(s.os(), 1, Integer::sum);
    }
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < exp.systems().size(); i++) {
      SystemConfig s = exp.systems().get(i);
      YNode node = Nodes.item(Nodes.child(root, "systems"), i);
      String path = "systems[" + i + "]";
      OsModuleProvider provider;
      try {
        provider = registry.get(s.os());
      } catch (IllegalArgumentException e) {
        YNode at = Nodes.child(node, "os");
        throw new InputError(file, line(at, node), col(at, node), path + ".os", e.getMessage());
      }
      SystemOptions options = options(file, path, s, provider);
      String label = s.label();
      if (label == null) {
        label = perOs.get(s.os()) == 1 ? s.os() : s.os() + describe(s.options());
      }
      if (!labels.add(label)) {
        throw new InputError(
            file,
            line(node, root),
            col(node, root),
            path + ".label",
            "two systems are labelled '" + label + "'; give each a distinct label");
      }
      out.add(new SystemVariant(s.os(), label, options, provider));
    }
    return out;
  }

  private SystemOptions options(
      String file, String path, SystemConfig s, OsModuleProvider provider) {
    Map<String, Object> raw = new LinkedHashMap<>();
    Map<String, YNode.Entry> entries = new LinkedHashMap<>();
    if (s.options() instanceof YNode.Mapping m) {
      for (YNode.Entry e : m.entries().values()) {
        if (!(e.value() instanceof YNode.Scalar sc) || sc.text() == null) {
          throw new InputError(
              file,
              e.line(),
              e.column(),
              path + ".options." + e.key(),
              "expected a single value, got " + e.value().kind());
        }
        raw.put(e.key(), sc.text());
        entries.put(e.key(), e);
      }
    } else if (s.options() != null
        && !(s.options() instanceof YNode.Scalar sc && sc.text() == null)) {
      throw new InputError(
          file,
          s.options().line(),
          s.options().column(),
          path + ".options",
          "expected a map of options, got " + s.options().kind());
    }
    try {
      SystemOptions options = SystemOptions.of(s.os(), provider.options(), raw);
      provider.validate(options);
      return options;
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      for (YNode.Entry entry : entries.values()) {
        if (msg.contains("'" + entry.key() + "'")
            || msg.startsWith(entry.key() + ":")
            || msg.contains(" " + entry.key() + " ")) {
          String problem =
              msg.startsWith(entry.key() + ": ") ? msg.substring(entry.key().length() + 2) : msg;
          throw new InputError(
              file, entry.line(), entry.column(), path + ".options." + entry.key(), problem);
        }
      }
      YNode at = s.options();
      throw new InputError(
          file, at == null ? 0 : at.line(), at == null ? 0 : at.column(), path + ".options", msg);
    }
  }

  private static String describe(YNode options) {
    if (!(options instanceof YNode.Mapping m) || m.entries().isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (YNode.Entry e : m.entries().values()) {
      sb.append(' ')
          .append(e.key())
          .append('=')
          .append(e.value() instanceof YNode.Scalar sc ? sc.text() : "…");
    }
    return sb.toString();
  }

  /** What checking the steps found: the variants (some skipped, when asked) and the references. */
  private record Checked(List<SystemVariant> variants, long references) {}

  /** Checks every process and step. */
  private Checked checkProcesses(
      String file,
      Path baseDir,
      YNode root,
      Experiment exp,
      List<SystemVariant> variants,
      MachineSpec spec) {
    YNode processes = Nodes.child(root, "processes");
    for (int i = 0; i < exp.processes().size(); i++) {
      checkProcessOptions(file, Nodes.item(processes, i), i, exp.processes().get(i), spec);
    }
    long userBytes = spec.paging().userTop() + spec.pageSize();
    if (!checkSupport || !skipUnsupported) {
      // Without the support check, which systems exist is not asked either (a tool checking the
      // file alone may not have every model on its class path).
      StepChecker checker =
          new StepChecker(
              file,
              baseDir,
              exp,
              checkSupport ? variants : List.of(),
              userBytes,
              checkSupport ? registry.names() : List.of());
      checker.check(processes);
      return new Checked(variants, checker.references());
    }
    // The steps' own mistakes first, for every system alike; then each system's support alone.
    StepChecker steps = new StepChecker(file, baseDir, exp, List.of(), userBytes, registry.names());
    steps.check(processes);
    List<SystemVariant> out = new ArrayList<>();
    for (SystemVariant v : variants) {
      try {
        new StepChecker(file, baseDir, exp, List.of(v), userBytes, registry.names())
            .supportOnly()
            .check(processes);
        out.add(v);
      } catch (InputError e) {
        out.add(v.skip(e.getMessage()));
      }
    }
    return new Checked(out, steps.references());
  }

  /**
   * A process's per-process options: every key must be declared by some system on the class path
   * (else a did-you-mean over all of them), and every system that declares a given key must accept
   * its value, whether or not the experiment lists that system.
   */
  private void checkProcessOptions(
      String file, YNode pnode, int index, ProcessConfig pc, MachineSpec spec) {
    String path = "processes[" + index + "]";
    Map<String, List<OptionSpec>> declared = ProcessOptionKeys.of(registry);
    Set<String> known = new LinkedHashSet<>();
    declared.values().forEach(specs -> specs.forEach(s -> known.add(s.key())));
    for (Map.Entry<String, Object> option : pc.options().entrySet()) {
      String key = option.getKey();
      YNode.Entry e = entry(pnode, key);
      int line = e == null ? pnode.line() : e.line();
      int col = e == null ? pnode.column() : e.column();
      if (!known.contains(key)) {
        throw new InputError(file, line, col, path + "." + key, unknownProcessKey(key, declared));
      }
      if (option.getValue() != null) {
        try {
          ProcessConfig.singleValue(key, option.getValue());
        } catch (IllegalArgumentException ex) {
          throw new InputError(
              file, line, col, path + "." + key, ex.getMessage().substring(key.length() + 2));
        }
      }
    }
    for (OsModuleProvider provider : registry.providers()) {
      boolean declares = false;
      for (OptionSpec s : provider.processOptions()) {
        declares |= pc.options().get(s.key()) != null;
      }
      if (!declares) {
        continue;
      }
      try {
        pc.optionsFor(provider, spec.pageSize());
      } catch (IllegalArgumentException ex) {
        String msg = ex.getMessage() + " (read by " + provider.name() + ")";
        for (String key : pc.options().keySet()) {
          YNode.Entry e = entry(pnode, key);
          if (e != null && msg.startsWith(key + ": ")) {
            throw new InputError(
                file, e.line(), e.column(), path + "." + key, msg.substring(key.length() + 2));
          }
        }
        throw new InputError(file, pnode.line(), pnode.column(), path, msg);
      }
    }
  }

  private static String unknownProcessKey(String key, Map<String, List<OptionSpec>> declared) {
    List<String> structural = Binder.namedKeys(ProcessConfig.class);
    List<String> candidates = new ArrayList<>(structural);
    List<String> bySystem = new ArrayList<>();
    declared.forEach(
        (system, specs) -> {
          List<String> keys = specs.stream().map(OptionSpec::key).toList();
          candidates.addAll(keys);
          bySystem.add(String.join(", ", keys) + " (" + system + ")");
        });
    String suggestion = Suggest.closest(key, candidates);
    return "unknown key"
        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
        + "; valid keys here: "
        + String.join(", ", structural)
        + "; per-process options: "
        + (bySystem.isEmpty() ? "none on this class path" : String.join("; ", bySystem));
  }

  private static YNode.Entry entry(YNode node, String key) {
    return node instanceof YNode.Mapping m ? m.entries().get(key) : null;
  }

  private static int line(YNode n, YNode fallback) {
    return n != null ? n.line() : fallback == null ? 0 : fallback.line();
  }

  private static int col(YNode n, YNode fallback) {
    return n != null ? n.column() : fallback == null ? 0 : fallback.column();
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
