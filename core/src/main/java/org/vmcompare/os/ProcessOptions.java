package org.vmcompare.os;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vmcompare.common.Quantities;
import org.vmcompare.common.Suggest;

/**
 * The per-process options one process has on one system: the keys that system's provider declares
 * ({@link OsModuleProvider#processOptions()}), checked against their {@link OptionSpec}s and
 * completed with their defaults. Core knows no OS, so it carries these on each {@link Proc} without
 * reading them; the model that declared a key reads it (Linux its {@code oomScoreAdj}, Windows its
 * working-set limits, macOS its jetsam band).
 *
 * <p>It mirrors {@link SystemOptions}: typed getters throw {@link IllegalArgumentException} whose
 * message starts with the key and names the bad value. Every value is checked when it is built, so
 * a model's getters only fail on a key it did not declare.
 */
public final class ProcessOptions {
  private final String system;
  private final Map<String, OptionSpec> specs;
  private final Map<String, String> values;
  private final Set<String> given;
  private final long pageSize;

  private ProcessOptions(
      String system,
      Map<String, OptionSpec> specs,
      Map<String, String> values,
      Set<String> given,
      long pageSize) {
    this.system = system;
    this.specs = specs;
    this.values = values;
    this.given = given;
    this.pageSize = pageSize;
  }

  /**
   * Checks the values a process gives (keys of {@code specs} only) and fills in the defaults of the
   * rest; sizes are resolved against {@code pageSize}.
   */
  public static ProcessOptions of(
      String system, List<OptionSpec> specs, Map<String, String> given, long pageSize) {
    Objects.requireNonNull(system, "system is null");
    Objects.requireNonNull(specs, "specs is null");
    Objects.requireNonNull(given, "given is null");
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (OptionSpec s : specs) {
      if (byKey.put(s.key(), s) != null) {
        throw new IllegalArgumentException(system + " declares '" + s.key() + "' twice");
      }
      values.put(s.key(), s.defaultValue());
    }
    for (Map.Entry<String, String> e : given.entrySet()) {
      OptionSpec spec = byKey.get(e.getKey());
      if (spec == null) {
        throw new IllegalArgumentException(unknownKey(system, e.getKey(), byKey.keySet()));
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(e.getKey() + ": has no value");
      }
      values.put(e.getKey(), e.getValue());
    }
    for (OptionSpec s : specs) {
      String v = values.get(s.key());
      s.check(v);
      if (s.kind() == OptionSpec.Kind.SIZE) {
        s.bytesValue(v, pageSize);
      }
    }
    return new ProcessOptions(
        system,
        Collections.unmodifiableMap(byKey),
        Collections.unmodifiableMap(values),
        Collections.unmodifiableSet(new LinkedHashSet<>(given.keySet())),
        pageSize);
  }

  private static String unknownKey(String system, String key, Set<String> known) {
    String suggestion = Suggest.closest(key, known);
    return "unknown per-process option '"
        + key
        + "' for "
        + system
        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
        + "; known: "
        + (known.isEmpty() ? "none" : String.join(", ", new ArrayList<>(known)));
  }

  /** The system whose options these are. */
  public String system() {
    return system;
  }

  /** True when the experiment wrote the key; false when it took the default. */
  public boolean isGiven(String key) {
    spec(key);
    return given.contains(key);
  }

  /** The value as written (or the default as declared). */
  public String string(String key) {
    spec(key);
    return values.get(key);
  }

  /** A whole number; for a named option the name's value ({@code foreground} is 100). */
  public long integer(String key) {
    OptionSpec spec = spec(key);
    String v = values.get(key);
    if (spec.kind() == OptionSpec.Kind.INTEGER) {
      return spec.integerValue(v);
    }
    try {
      return Quantities.parseCount(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** A size in bytes, a page count taken in the machine's pages. */
  public long bytes(String key) {
    OptionSpec spec = spec(key);
    String v = values.get(key);
    if (spec.kind() == OptionSpec.Kind.SIZE) {
      return spec.bytesValue(v, pageSize);
    }
    try {
      return Quantities.parseBytes(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** A size in whole pages of the machine, rounding bytes up. */
  public long pages(String key) {
    long b = bytes(key);
    return b / pageSize + (b % pageSize == 0 ? 0 : 1);
  }

  /** Every option, defaults included, in declaration order, as written. */
  public Map<String, String> asMap() {
    return values;
  }

  private OptionSpec spec(String key) {
    OptionSpec s = specs.get(key);
    if (s == null) {
      throw new IllegalArgumentException(system + " has no per-process option '" + key + "'");
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProcessOptions other
        && system.equals(other.system)
        && specs.equals(other.specs)
        && values.equals(other.values)
        && given.equals(other.given)
        && pageSize == other.pageSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(system, values, given, pageSize);
  }

  @Override
  public String toString() {
    return system + values;
  }
}
