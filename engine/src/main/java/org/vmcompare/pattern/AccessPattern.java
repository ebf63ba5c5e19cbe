package org.vmcompare.pattern;

import java.util.SplittableRandom;

/**
 * Which page a synthetic workload touches next, over a fixed number of pages.
 *
 * <p>It exists so that trace generation and the workload language share one vocabulary of patterns
 * ({@code zipf:0.9}, {@code loop:1000}, ...) with one meaning. All randomness comes from the {@link
 * SplittableRandom} the caller passes, so a seed fixes the whole sequence. Patterns that walk the
 * pages in order (sequential, loop, stride) keep a position, so an instance is stateful and not
 * thread-safe; create one per stream.
 */
public interface AccessPattern {
  /** The next page index, in {@code [0, pages())}. */
  long next(SplittableRandom rnd);

  /** The number of pages the pattern ranges over. */
  long pages();

  /** The spec this pattern was parsed from, normalised (for example {@code zipf:0.9}). */
  String describe();
}
