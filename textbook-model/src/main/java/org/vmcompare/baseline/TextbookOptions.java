package org.vmcompare.baseline;

import java.util.List;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.textbook.Policies;

/**
 * Options of the textbook system.
 *
 * @param policy FIFO, LRU, CLOCK or RANDOM (OPT needs the future and runs only in {@code vmcompare
 *     textbook})
 * @param frames frames in the pool; 0 means every frame the machine has for processes
 */
public record TextbookOptions(String policy, long frames) {
  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.oneOf(
              "policy",
              "LRU",
              List.of("FIFO", "LRU", "CLOCK", "RANDOM", "OPT"),
              "replacement policy over one global pool of frames"),
          OptionSpec.of("frames", "0", "frames in the pool; 0 = all of the machine's usable RAM"));

  public TextbookOptions {
    policy = Policies.canonicalName(policy);
    if (policy.equals("OPT")) {
      throw new IllegalArgumentException(
          "policy: OPT needs the whole future reference string, which only a single trace has;"
              + " run it with 'vmcompare textbook --policy OPT --trace FILE'");
    }
    if (frames < 0) {
      throw new IllegalArgumentException("frames: must not be negative, got " + frames);
    }
  }

  public static TextbookOptions from(SystemOptions options) {
    long frames = options.integer("frames");
    return new TextbookOptions(options.string("policy"), frames);
  }
}
