package org.vmcompare.pattern;

import java.util.List;

/**
 * Parses access-pattern specs such as {@code zipf:0.9} into {@link AccessPattern}s, through {@link
 * PatternSpec}.
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
    return PatternSpec.parse(spec).over(pages);
  }

  static long checkPages(long pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("an access pattern needs at least 1 page, got " + pages);
    }
    return pages;
  }
}
