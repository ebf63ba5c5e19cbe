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
 * One option a system accepts: in an experiment's {@code systems[].options} ({@link
 * OsModuleProvider#options()}) or on each process ({@link OsModuleProvider#processOptions()}): its
 * key, default (as the user would write it), the values it takes, and what it means. Providers
 * declare theirs so unknown keys fail with suggestions, bad values fail naming the key, and {@code
 * vmcompare list}, the JSON schema and reference.yaml can be checked against them.
 *
 * <p>What a value may be depends on the {@link Kind}: free text the model checks itself ({@link
 * #of}), one of a list ({@link #oneOf}), a whole number in {@code min..max} that may also be
 * written by name ({@link #integer}, {@link #withNames}), or a size ({@link #size}). Every message
 * starts with the key ({@code "oomScoreAdj: 5000 is out of range -1000..1000"}), so the loader can
 * put it at the key's line.
 *
 * @param allowed the values of a {@link Kind#CHOICE}; empty for the other kinds
 * @param min the smallest {@link Kind#INTEGER} value ({@code Long.MIN_VALUE} when unbounded)
 * @param max the largest {@link Kind#INTEGER} value ({@code Long.MAX_VALUE} when unbounded)
 * @param names names an {@link Kind#INTEGER} may be written as, ordered by value; empty otherwise
 */
public record OptionSpec(
    String key,
    String defaultValue,
    List<String> allowed,
    String description,
    OptionSpec.Kind kind,
    long min,
    long max,
    Map<String, Long> names) {

  /** What values an option takes. */
  public enum Kind {
    /** Any single value; the model that declared it checks it. */
    TEXT,
    /** One of {@link #allowed()}. */
    CHOICE,
    /** A whole number in {@code min..max}, or one of {@link #names()}. */
    INTEGER,
    /** A size: bytes with a unit ({@code 200KiB}) or a page count ({@code 50pages}), or 0. */
    SIZE
  }

  public OptionSpec {
    Objects.requireNonNull(key, "key is null");
    if (key.isBlank()) {
      throw new IllegalArgumentException("an option's key is blank");
    }
    Objects.requireNonNull(defaultValue, "defaultValue is null");
    allowed = List.copyOf(Objects.requireNonNull(allowed, "allowed is null"));
    Objects.requireNonNull(description, "description is null");
    Objects.requireNonNull(kind, "kind is null");
    names = byValue(Objects.requireNonNull(names, "names is null"));
    if ((kind == Kind.CHOICE) == allowed.isEmpty()) {
      throw new IllegalArgumentException(
          key + ": a choice needs allowed values, and only a choice has them");
    }
    if (kind != Kind.INTEGER && !names.isEmpty()) {
      throw new IllegalArgumentException(key + ": only a whole number can have names");
    }
    if (min > max) {
      throw new IllegalArgumentException(key + ": empty range " + min + ".." + max);
    }
    for (Map.Entry<String, Long> n : names.entrySet()) {
      if (n.getKey().isBlank() || n.getValue() < min || n.getValue() > max) {
        throw new IllegalArgumentException(
            key
                + ": name '"
                + n.getKey()
                + "' = "
                + n.getValue()
                + " is outside "
                + range(min, max));
      }
    }
    if (kind == Kind.INTEGER || kind == Kind.SIZE) {
      // A provider declaring a default its own option refuses fails as soon as it is loaded.
      checkTyped(key, kind, defaultValue, min, max, names);
    }
  }

  /** Free text, checked by the model that declared it. */
  public static OptionSpec of(String key, String defaultValue, String description) {
    return new OptionSpec(
        key,
        defaultValue,
        List.of(),
        description,
        Kind.TEXT,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        Map.of());
  }

  /** One of {@code allowed}, written exactly. */
  public static OptionSpec oneOf(
      String key, String defaultValue, List<String> allowed, String description) {
    return new OptionSpec(
        key,
        defaultValue,
        allowed,
        description,
        Kind.CHOICE,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        Map.of());
  }

  /** A whole number in {@code min..max}. */
  public static OptionSpec integer(
      String key, long defaultValue, long min, long max, String description) {
    return new OptionSpec(
        key, Long.toString(defaultValue), List.of(), description, Kind.INTEGER, min, max, Map.of());
  }

  /**
   * A size: bytes with a unit or a page count, resolved against the machine's page size; never
   * negative, and a bare number other than 0 is refused because it could mean bytes or pages.
   */
  public static OptionSpec size(String key, String defaultValue, String description) {
    return new OptionSpec(
        key, defaultValue, List.of(), description, Kind.SIZE, 0, Long.MAX_VALUE, Map.of());
  }

  /**
   * This whole-number option, also accepting each name for its value ({@code foreground} for 100);
   * names are matched ignoring case and listed in order of value.
   */
  public OptionSpec withNames(Map<String, Long> names) {
    if (kind != Kind.INTEGER) {
      throw new IllegalArgumentException(key + ": only a whole number can have names");
    }
    return new OptionSpec(key, defaultValue, allowed, description, kind, min, max, names);
  }

  /**
   * Checks a value as written, without resolving sizes (that needs the page size). Throws {@link
   * IllegalArgumentException} whose message starts with the key and names the value.
   */
  public void check(String value) {
    Objects.requireNonNull(value, "value is null");
    switch (kind) {
      case TEXT -> {}
      case CHOICE -> {
        if (!allowed.contains(value)) {
          throw new IllegalArgumentException(
              key + ": '" + value + "' is not one of " + String.join(", ", allowed));
        }
      }
      case INTEGER, SIZE -> checkTyped(key, kind, value, min, max, names);
    }
  }

  /** The whole number a value stands for: the number, or the value of its name. */
  public long integerValue(String value) {
    requireKind(Kind.INTEGER);
    return integerValue(key, value, min, max, names);
  }

  /** The bytes a size stands for, a page count taken in pages of {@code pageSize} bytes. */
  public long bytesValue(String value, long pageSize) {
    requireKind(Kind.SIZE);
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    return sizeBytes(key, value, pageSize);
  }

  /**
   * The values it takes, for {@code vmcompare list} and the schema: {@code -20..19}, {@code 0..210
   * or idle (0), aging (10), …}, {@code one of FIFO, LRU}, {@code a size (…)}; empty for text.
   */
  public String describeValues() {
    return switch (kind) {
      case TEXT -> "";
      case CHOICE -> "one of " + String.join(", ", allowed);
      case INTEGER -> names.isEmpty() ? range(min, max) : range(min, max) + " or " + nameList();
      case SIZE -> "a size: 200KiB or 50pages";
    };
  }

  private void requireKind(Kind wanted) {
    if (kind != wanted) {
      throw new IllegalArgumentException(
          key + " is " + kind.name().toLowerCase(Locale.ROOT) + ", not " + wanted);
    }
  }

  private String nameList() {
    List<String> out = new ArrayList<>();
    names.forEach((n, v) -> out.add(n + " (" + v + ")"));
    return String.join(", ", out);
  }

  private static void checkTyped(
      String key, Kind kind, String value, long min, long max, Map<String, Long> names) {
    if (kind == Kind.INTEGER) {
      integerValue(key, value, min, max, names);
    } else {
      sizeBytes(key, value, 1);
    }
  }

  private static long integerValue(
      String key, String value, long min, long max, Map<String, Long> names) {
    String t = value.trim();
    long v;
    try {
      v = Long.parseLong(t.replace("_", ""));
    } catch (NumberFormatException e) {
      Long named = null;
      for (Map.Entry<String, Long> n : names.entrySet()) {
        if (n.getKey().equalsIgnoreCase(t)) {
          named = n.getValue();
        }
      }
      if (named != null) {
        return named;
      }
      if (names.isEmpty()) {
        throw new IllegalArgumentException(
            key + ": '" + value + "' is not a whole number in " + range(min, max), e);
      }
      String suggestion = Suggest.closest(t, names.keySet());
      List<String> listed = new ArrayList<>();
      names.forEach((n, nv) -> listed.add(n + " (" + nv + ")"));
      throw new IllegalArgumentException(
          key
              + ": '"
              + value
              + "' is neither a whole number in "
              + range(min, max)
              + " nor a name"
              + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
              + "; names: "
              + String.join(", ", listed),
          e);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          key + ": " + value.trim() + " is out of range " + range(min, max));
    }
    return v;
  }

  private static long sizeBytes(String key, String value, long pageSize) {
    String t = value.trim();
    if (t.startsWith("-")) {
      throw new IllegalArgumentException(key + ": '" + value + "' is negative");
    }
    String lower = t.toLowerCase(Locale.ROOT);
    try {
      for (String suffix : new String[] {"pages", "page"}) {
        if (lower.endsWith(suffix)) {
          long pages = Quantities.parseCount(t.substring(0, t.length() - suffix.length()));
          return Math.multiplyExact(pages, pageSize);
        }
      }
      if (t.chars().anyMatch(Character::isDigit)
          && t.chars().allMatch(c -> Character.isDigit(c) || c == '_')) {
        if (t.chars().allMatch(c -> c == '0' || c == '_')) {
          return 0;
        }
        throw new IllegalArgumentException(
            "'" + value + "' has no unit; write " + t + "KiB or " + t + "pages");
      }
      return Quantities.parseBytes(t);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is too large", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static String range(long min, long max) {
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return "any whole number";
    }
    if (max == Long.MAX_VALUE) {
      return min + " or more";
    }
    if (min == Long.MIN_VALUE) {
      return max + " or less";
    }
    return min + ".." + max;
  }

  /** Names ordered by value, then name, so listings never depend on a map's order. */
  private static Map<String, Long> byValue(Map<String, Long> names) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>();
    for (Map.Entry<String, Long> e : names.entrySet()) {
      entries.add(
          Map.entry(
              Objects.requireNonNull(e.getKey(), "a name is null"),
              Objects.requireNonNull(e.getValue(), "a name's value is null")));
    }
    entries.sort(
        Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(out);
  }
}
