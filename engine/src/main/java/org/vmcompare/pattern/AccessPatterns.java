package org.vmcompare.pattern;

import java.util.List;
import java.util.Locale;
import org.vmcompare.common.Quantities;

/**
 * Parses access-pattern specs such as {@code zipf:0.9} into {@link AccessPattern}s.
 *
 * <p>It exists so the command line ({@code trace generate --pattern}) and the workload language
 * accept the same spellings and give the same error for a bad one.
 */
public final class AccessPatterns {
  /** Every spec form, as shown to users in errors and help. */
  public static final List<String> FORMS =
      List.of("sequential", "random", "zipf:S", "loop:W", "stride:N", "hot-cold:F:P");

  private AccessPatterns() {}

  /**
   * Parses {@code spec} over {@code pages} pages.
   *
   * <ul>
   *   <li>{@code sequential}: 0, 1, 2, ... wrapping
   *   <li>{@code random}: uniform
   *   <li>{@code zipf:S}: page k with probability proportional to 1/(k+1)^S, S > 0
   *   <li>{@code loop:W}: 0 .. W-1 cyclically (W accepts count suffixes such as 10k)
   *   <li>{@code stride:N}: 0, N, 2N, ... modulo pages
   *   <li>{@code hot-cold:F:P}: the first F of the pages get P of the references
   * </ul>
   *
   * @throws IllegalArgumentException naming the valid forms when the spec is not one of them
   */
  public static AccessPattern parse(String spec, long pages) {
    String s = spec == null ? "" : spec.trim();
    String[] parts = s.split(":", -1);
    String name = parts[0].toLowerCase(Locale.ROOT);
    switch (name) {
      case "sequential":
        arity(s, parts, 0);
        return new SequentialPattern(pages);
      case "random":
      case "uniform":
        arity(s, parts, 0);
        return new UniformPattern(pages);
      case "zipf":
        arity(s, parts, 1);
        return new ZipfPattern(pages, number(s, parts[1]));
      case "loop":
        arity(s, parts, 1);
        return new LoopPattern(pages, count(s, parts[1]));
      case "stride":
        arity(s, parts, 1);
        return new StridePattern(pages, count(s, parts[1]));
      case "hot-cold":
      case "hotcold":
        arity(s, parts, 2);
        return new HotColdPattern(pages, number(s, parts[1]), number(s, parts[2]));
      default:
        throw new IllegalArgumentException(
            "unknown access pattern '" + s + "'; valid patterns: " + String.join(", ", FORMS));
    }
  }

  static long checkPages(long pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("an access pattern needs at least 1 page, got " + pages);
    }
    return pages;
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
              + String.join(", ", FORMS));
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

  private static long count(String spec, String text) {
    try {
      return Quantities.parseCount(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("access pattern '" + spec + "': " + e.getMessage(), e);
    }
  }
}
