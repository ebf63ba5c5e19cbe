package org.vmcompare.textbook;

import java.util.List;
import java.util.Locale;

/**
 * Creates {@link ReplacementPolicy} instances by name.
 *
 * <p>The one place that knows the names, so the command line, the workload language and the
 * textbook personality accept the same spellings and give the same error for a wrong one.
 */
public final class Policies {
  /** Every policy name, in the order shown to users. */
  public static final List<String> NAMES = List.of("FIFO", "LRU", "CLOCK", "OPT", "RANDOM");

  private Policies() {}

  /**
   * Creates a policy.
   *
   * @param name FIFO, LRU, CLOCK, OPT or RANDOM, in any case
   * @param frames number of frames, at least 1
   * @param seed used by RANDOM only
   * @param futureOrNull the whole reference string (page numbers) the policy will be given, in
   *     order; required by OPT, ignored by the others
   * @throws IllegalArgumentException for an unknown name, with the list of valid ones, or OPT
   *     without a future
   */
  public static ReplacementPolicy create(String name, int frames, long seed, long[] futureOrNull) {
    String n = canonicalName(name);
    return switch (n) {
      case "FIFO" -> new FifoPolicy(frames);
      case "LRU" -> new LruPolicy(frames);
      case "CLOCK" -> new ClockPolicy(frames);
      case "RANDOM" -> new RandomPolicy(frames, seed);
      case "OPT" -> {
        if (futureOrNull == null) {
          throw new IllegalArgumentException(
              "OPT needs the whole trace in advance (trace input only)");
        }
        yield new OptPolicy(frames, futureOrNull);
      }
      default -> throw new AssertionError(n);
    };
  }

  static int checkFrames(int frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("frames must be >= 1, got " + frames);
    }
    return frames;
  }

  /** Whether the named policy needs the future reference string. */
  public static boolean needsFuture(String name) {
    return canonicalName(name).equals("OPT");
  }

  /**
   * The canonical (upper-case) spelling of a policy name.
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static String canonicalName(String name) {
    String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    if (!NAMES.contains(n)) {
      throw new IllegalArgumentException(
          "unknown replacement policy '" + name + "'; valid policies: " + String.join(", ", NAMES));
    }
    return n;
  }
}
