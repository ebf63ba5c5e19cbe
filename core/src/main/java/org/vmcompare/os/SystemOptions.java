package org.vmcompare.os;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.common.Quantities;
import org.vmcompare.common.Suggest;

/**
 * The options one system variant was given, checked against the provider's {@link OptionSpec}s and
 * completed with their defaults. Typed getters throw {@link IllegalArgumentException} whose message
 * names the key and the bad value; the loader adds file and line.
 */
public final class SystemOptions {
  private final String system;
  private final Map<String, OptionSpec> specs;
  private final Map<String, String> values;

  private SystemOptions(String system, Map<String, OptionSpec> specs, Map<String, String> values) {
    this.system = system;
    this.specs = specs;
    this.values = values;
  }

  /**
   * Checks raw YAML values against the specs: unknown keys fail naming the valid ones (with a
   * did-you-mean), enumerated values must be allowed, and whole numbers and sizes must be in their
   * spec's range.
   */
  public static SystemOptions of(String system, List<OptionSpec> specs, Map<String, ?> raw) {
    Objects.requireNonNull(raw, "raw is null");
    Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    for (OptionSpec s : specs) {
      byKey.put(s.key(), s);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (OptionSpec s : specs) {
      values.put(s.key(), s.defaultValue());
    }
    for (Map.Entry<String, ?> e : raw.entrySet()) {
      OptionSpec spec = byKey.get(e.getKey());
      if (spec == null) {
        throw new IllegalArgumentException(unknownKey(system, e.getKey(), byKey.keySet()));
      }
      String v = String.valueOf(e.getValue());
      if (!spec.allowed().isEmpty() && !spec.allowed().contains(v)) {
        throw new IllegalArgumentException(
            "'"
                + v
                + "' is not a valid "
                + e.getKey()
                + " for "
                + system
                + "; use one of "
                + String.join(", ", spec.allowed()));
      }
      spec.check(v);
      values.put(e.getKey(), v);
    }
    return new SystemOptions(system, byKey, values);
  }

  static String unknownKey(String system, String key, Iterable<String> known) {
    List<String> names = new ArrayList<>();
    known.forEach(names::add);
    String suggestion = Suggest.closest(key, names);
    return "unknown option '"
        + key
        + "' for "
        + system
        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
        + "; known: "
        + (names.isEmpty() ? "none" : String.join(", ", names));
  }

  public String system() {
    return system;
  }

  /** Every option, defaults included, in declaration order. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Map<String, String> ordered() {
    return new LinkedHashMap<>(values);
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException(system + " has no option '" + key + "'");
    }
    return v;
  }

  /** A whole number; for an option declared with names, a name's value. */
  public long integer(String key) {
    String v = string(key);
    OptionSpec spec = specs.get(key);
    if (spec != null && spec.kind() == OptionSpec.Kind.INTEGER) {
      return spec.integerValue(v);
    }
    try {
      return Quantities.parseCount(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** Bytes with a unit; a page count needs the machine's page size, which this does not know. */
  public long bytes(String key) {
    try {
      return Quantities.parseBytes(string(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  public double decimal(String key) {
    String v = string(key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not a number", e);
    }
  }

  public boolean bool(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + ": '" + v + "' is not true or false");
  }
}
