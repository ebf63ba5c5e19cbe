package org.vmcompare.pattern;

import java.util.Locale;
import java.util.Objects;
import org.vmcompare.common.Quantities;
import org.vmcompare.yaml.YamlDoc;

/**
 * An access pattern as written ({@code zipf:0.9}), parsed and checked once when a file or an option
 * is read, before the number of pages it ranges over is known; {@link #over} then makes the
 * stateful {@link AccessPattern} for one stream.
 */
@YamlDoc(
    value =
        "an access pattern: sequential, random, zipf:S (S > 0), loop:W (W pages cyclically),"
            + " stride:N, or hot-cold:F:P (the first F of the pages get P of the references)",
    pattern = PatternSpec.SYNTAX)
public final class PatternSpec {
  /** The text forms, for editors: names in any case, then the parameters. */
  static final String SYNTAX =
      "^\\s*(?:[sS][eE][qQ][uU][eE][nN][tT][iI][aA][lL]|[rR][aA][nN][dD][oO][mM]"
          + "|[uU][nN][iI][fF][oO][rR][mM]|[zZ][iI][pP][fF]:[^:]+|[lL][oO][oO][pP]:[^:]+"
          + "|[sS][tT][rR][iI][dD][eE]:[^:]+|[hH][oO][tT]-?[cC][oO][lL][dD]:[^:]+:[^:]+)\\s*$";

  /** The family of a pattern. */
  public enum Kind {
    SEQUENTIAL,
    RANDOM,
    ZIPF,
    LOOP,
    STRIDE,
    HOT_COLD
  }

  /** {@code sequential}: the default of a touch step. */
  public static final PatternSpec SEQUENTIAL = new PatternSpec(Kind.SEQUENTIAL, 0, 0, 0);

  private final Kind kind;
  private final long count;
  private final double first;
  private final double second;

  private PatternSpec(Kind kind, long count, double first, double second) {
    this.kind = kind;
    this.count = count;
    this.first = first;
    this.second = second;
  }

  /**
   * Parses and checks a spec; see {@link AccessPatterns#parse} for the forms.
   *
   * @throws IllegalArgumentException naming the valid forms when the spec is not one of them, or
   *     the bad parameter
   */
  public static PatternSpec parse(String spec) {
    String s = spec == null ? "" : spec.trim();
    String[] parts = s.split(":", -1);
    String name = parts[0].toLowerCase(Locale.ROOT);
    switch (name) {
      case "sequential":
        arity(s, parts, 0);
        return SEQUENTIAL;
      case "random":
      case "uniform":
        arity(s, parts, 0);
        return new PatternSpec(Kind.RANDOM, 0, 0, 0);
      case "zipf":
        {
          arity(s, parts, 1);
          double exponent = number(s, parts[1]);
          if (!(exponent > 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException(
                "zipf exponent must be a finite number > 0, got " + exponent);
          }
          return new PatternSpec(Kind.ZIPF, 0, exponent, 0);
        }
      case "loop":
        arity(s, parts, 1);
        return new PatternSpec(Kind.LOOP, atLeastOne(s, "loop working set", parts[1]), 0, 0);
      case "stride":
        arity(s, parts, 1);
        return new PatternSpec(Kind.STRIDE, atLeastOne(s, "stride", parts[1]), 0, 0);
      case "hot-cold":
      case "hotcold":
        {
          arity(s, parts, 2);
          double fraction = number(s, parts[1]);
          double probability = number(s, parts[2]);
          if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(
                "hot-cold hot fraction must be in (0, 1], got " + fraction);
          }
          if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(
                "hot-cold hot probability must be in [0, 1], got " + probability);
          }
          return new PatternSpec(Kind.HOT_COLD, 0, fraction, probability);
        }
      default:
        throw new IllegalArgumentException(
            "unknown access pattern '"
                + s
                + "'; valid patterns: "
                + String.join(", ", AccessPatterns.FORMS));
    }
  }

  /** A fresh pattern over {@code pages} pages (at least 1). */
  public AccessPattern over(long pages) {
    return switch (kind) {
      case SEQUENTIAL -> new SequentialPattern(pages);
      case RANDOM -> new UniformPattern(pages);
      case ZIPF -> new ZipfPattern(pages, first);
      case LOOP -> new LoopPattern(pages, count);
      case STRIDE -> new StridePattern(pages, count);
      case HOT_COLD -> new HotColdPattern(pages, first, second);
    };
  }

  public Kind kind() {
    return kind;
  }

  /** The spec, normalised the way it parses back: {@code zipf:0.9}, {@code loop:1000}. */
  @Override
  public String toString() {
    return switch (kind) {
      case SEQUENTIAL -> "sequential";
      case RANDOM -> "random";
      case ZIPF -> "zipf:" + number(first);
      case LOOP -> "loop:" + count;
      case STRIDE -> "stride:" + count;
      case HOT_COLD -> "hot-cold:" + number(first) + ":" + number(second);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatternSpec other
        && kind == other.kind
        && count == other.count
        && Double.compare(first, other.first) == 0
        && Double.compare(second, other.second) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, count, first, second);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static void arity(String spec, String[] parts, int parameters) {
    if (parts.length - 1 != parameters) {
      throw new IllegalArgumentException(
          "access pattern '"
              + spec
              + "' takes "
              + parameters
              + (parameters == 1 ? " parameter" : " parameters")
              + "; valid patterns: "
              + String.join(", ", AccessPatterns.FORMS));
    }
  }

  private static double number(String spec, String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "access pattern '" + spec + "': '" + text + "' is not a number", e);
    }
  }

  private static long atLeastOne(String spec, String what, String text) {
    long n;
    try {
      n = Quantities.parseCount(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("access pattern '" + spec + "': " + e.getMessage(), e);
    }
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be >= 1 page, got " + n);
    }
    return n;
  }
}
