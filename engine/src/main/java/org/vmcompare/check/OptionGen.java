package org.vmcompare.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;

/**
 * Random values for a system's options and a process's options, from the {@link OptionSpec}s the
 * providers declare, so generated experiments reach the modes a default run never does (Linux's
 * strict overcommit, {@code overcommitMemory: 2}). Only where a random value means something: every
 * choice; a whole number with names (each name equally likely, the default among them); a whole
 * number of a small range (at most {@link #SMALL_RANGE}: its ends, or anywhere between); a size,
 * from a generator of its own. Free text and the wide thresholds sized for real machines keep their
 * defaults. Every combination is passed through the provider's own validation, so the experiment
 * stays valid by construction. The values a provider pins for the check ({@link
 * OsModuleProvider#checkOptions}) are always given and never varied.
 */
final class OptionGen {
  /** The widest range of a whole-number option that is varied (Linux's watermark scale factor). */
  static final long SMALL_RANGE = 3000;

  private OptionGen() {}

  /**
   * A variant of a system: a value for each option that varies, one the system accepts; whole
   * numbers only when {@code integers} (experiments with room to spare keep their defaults).
   */
  static Map<String, String> system(OsModuleProvider p, SplittableRandom rnd, boolean integers) {
    Map<String, String> chosen = new LinkedHashMap<>(new TreeMap<>(p.checkOptions()));
    for (OptionSpec spec : p.options()) {
      if (chosen.containsKey(spec.key())) {
        continue; // pinned by the provider: the check cannot vary it (checkOptions)
      }
      if (spec.kind() == OptionSpec.Kind.INTEGER && (!integers || !varies(spec))) {
        continue;
      }
      if (spec.kind() != OptionSpec.Kind.CHOICE && spec.kind() != OptionSpec.Kind.INTEGER) {
        continue;
      }
      for (int attempt = 0; attempt < 8; attempt++) {
        String value = value(spec, rnd);
        if (value == null) {
          break; // the default this time
        }
        Map<String, String> trial = new LinkedHashMap<>(chosen);
        trial.put(spec.key(), value);
        try {
          p.validate(SystemOptions.of(p.name(), p.options(), trial));
          chosen = trial;
          break;
        } catch (IllegalArgumentException e) {
          // a value the system refuses on its own (textbook OPT) or with another: try another
        }
      }
    }
    return chosen;
  }

  /**
   * {@link #system(OsModuleProvider, SplittableRandom, boolean)}, and when {@code integers} also
   * the size options (Linux's faultAroundBytes), drawn from {@code sizes}, a generator of their own
   * so that a seed's other choices stay the same: one time in six 0, one in six one page (for
   * fault-around, both mean none), one in six half the default, one in six four times it, else the
   * default. A value the system refuses is left at the default.
   */
  static Map<String, String> system(
      OsModuleProvider p, SplittableRandom rnd, boolean integers, SplittableRandom sizes) {
    Map<String, String> chosen = system(p, rnd, integers);
    if (!integers) {
      return chosen;
    }
    for (OptionSpec spec : p.options()) {
      if (spec.kind() != OptionSpec.Kind.SIZE || chosen.containsKey(spec.key())) {
        continue;
      }
      long bytes = spec.bytesValue(spec.defaultValue(), 4096);
      String value =
          switch (sizes.nextInt(6)) {
            case 0 -> "0";
            case 1 -> "1pages";
            case 2 -> bytes / 2 / 1024 + "KiB";
            case 3 -> bytes * 4 / 1024 + "KiB";
            default -> null;
          };
      if (value == null || bytes < 2048) {
        continue;
      }
      Map<String, String> trial = new LinkedHashMap<>(chosen);
      trial.put(spec.key(), value);
      try {
        p.validate(SystemOptions.of(p.name(), p.options(), trial));
        chosen = trial;
      } catch (IllegalArgumentException e) {
        // refused (a size the system does not take on these pages): the default
      }
    }
    return chosen;
  }

  /** Now and then one process option (niceness, OOM score, memory priority) of some system. */
  static Map<String, Object> process(List<OsModuleProvider> systems, SplittableRandom rnd) {
    List<OptionSpec> specs = new ArrayList<>();
    for (OsModuleProvider p : systems) {
      p.processOptions().stream()
          .filter(s -> s.kind() == OptionSpec.Kind.INTEGER && varies(s))
          .filter(s -> !p.checkFixedProcessOptions().contains(s.key()))
          .forEach(specs::add);
    }
    if (specs.isEmpty() || rnd.nextInt(6) != 0) {
      return null;
    }
    OptionSpec spec = specs.get(rnd.nextInt(specs.size()));
    // never the minimum: Linux's oomScoreAdj -1000 makes a process unkillable, and when every
    // process is, memory running out panics the kernel, which the model refuses to go past
    long value = spec.min() + 1 + rnd.nextLong(spec.max() - spec.min());
    return Long.toString(value).equals(spec.defaultValue())
        ? null
        : Map.of(spec.key(), Long.toString(value));
  }

  /**
   * Now and then (one process in six) one to three of the process options {@link #process} never
   * varies: choices (Windows' hard working-set limits and foreground process, macOS's idle exit)
   * and sizes (Windows' working-set minimum and maximum: a quarter, half or twice the default, so
   * that on the check's small machines a maximum binds). Null when none is drawn, or when a system
   * refuses the combination (a maximum below the minimum): the process then keeps its defaults.
   */
  static Map<String, String> limits(
      List<OsModuleProvider> systems, SplittableRandom rnd, long pageSize) {
    List<OptionSpec> specs = new ArrayList<>();
    for (OsModuleProvider p : systems) {
      p.processOptions().stream()
          .filter(s -> s.kind() == OptionSpec.Kind.CHOICE || s.kind() == OptionSpec.Kind.SIZE)
          .filter(s -> !p.checkFixedProcessOptions().contains(s.key()))
          .forEach(specs::add);
    }
    if (specs.isEmpty() || rnd.nextInt(6) != 0) {
      return null;
    }
    Map<String, String> chosen = new LinkedHashMap<>();
    int count = 1 + rnd.nextInt(Math.min(3, specs.size()));
    for (int i = 0; i < count; i++) {
      OptionSpec spec = specs.get(rnd.nextInt(specs.size()));
      if (spec.kind() == OptionSpec.Kind.CHOICE) {
        List<String> others =
            spec.allowed().stream().filter(v -> !v.equals(spec.defaultValue())).toList();
        chosen.put(spec.key(), others.get(rnd.nextInt(others.size())));
      } else {
        long pages = Math.max(4, spec.bytesValue(spec.defaultValue(), pageSize) / pageSize);
        long[] choices = {pages / 4, pages / 2, pages * 2};
        chosen.put(spec.key(), choices[rnd.nextInt(choices.length)] + "pages");
      }
    }
    for (OsModuleProvider p : systems) {
      Map<String, String> own = new LinkedHashMap<>();
      p.processOptions()
          .forEach(
              s -> {
                if (chosen.containsKey(s.key())) {
                  own.put(s.key(), chosen.get(s.key()));
                }
              });
      try {
        p.validateProcessOptions(own, pageSize);
      } catch (IllegalArgumentException e) {
        return null; // the working-set maximum below the minimum, say
      }
    }
    return chosen;
  }

  /** Whether a whole-number option is worth varying: named values, or a small range. */
  static boolean varies(OptionSpec spec) {
    return !spec.names().isEmpty() || spec.max() - spec.min() <= SMALL_RANGE;
  }

  /** A random value other than the default, or null for the default. */
  private static String value(OptionSpec spec, SplittableRandom rnd) {
    if (spec.kind() == OptionSpec.Kind.CHOICE) {
      return spec.allowed().get(rnd.nextInt(spec.allowed().size()));
    }
    if (!spec.names().isEmpty()) {
      // each value with a name equally likely, the default included: overcommitMemory 0, 1, 2
      List<Long> values = new ArrayList<>(spec.names().values());
      long v = values.get(rnd.nextInt(values.size()));
      return Long.toString(v).equals(spec.defaultValue()) ? null : Long.toString(v);
    }
    return switch (rnd.nextInt(6)) {
      case 0 -> Long.toString(spec.min());
      case 1 -> Long.toString(spec.max());
      case 2 -> Long.toString(spec.min() + rnd.nextLong(spec.max() - spec.min() + 1));
      default -> null;
    };
  }
}
