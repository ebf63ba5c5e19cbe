package org.vmcompare.macos;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.SystemOptions;

/**
 * The macOS knobs of ../shared/SEMANTICS.md ("## macOS") this model reads today, one system option
 * each, with the documented default. The others (compressor thresholds, swapfiles, jetsam) come
 * with the parts of the model that use them: a knob nothing reads would be a lie. Every message
 * starts with the key so the loader can point at its line.
 *
 * @param aliasing {@code xnu} (default): an aliased page is mapped by every task that maps it, as
 *     XNU does; {@code exclusive-handoff}: the what-if of sources/000_aa5dd98641f80983.txt, where
 *     only one process maps a page of a shared file at a time and a touch from another process
 *     unmaps it from the holder first
 * @param platform {@code macos} (default, desktop: swapfiles, idle exit under pressure, no jetsam
 *     page-shortage kills); {@code ios}: no swapfiles, jetsam by band ({@link Jetsam})
 * @param killOnNoPagingSpace XNU's {@code -kill_on_no_paging_space} boot-arg (DEVELOPMENT and DEBUG
 *     kernels; false on a release kernel): with no paging space left, memorystatus kills the top
 *     process (lowest band, oldest first) instead of showing the "out of application memory" dialog
 *     ({@link SwapKill})
 * @param freePagesMin vm_page_free_min: the pageout scan wakes when fewer pages are free (3500 on
 *     any realistic Mac, XNU's cap)
 * @param freePagesTarget vm_page_free_target: the scan runs until this many are free (4000)
 * @param scaleToMachine scale the page counts above (and the reactivation limit) by usable pages /
 *     2^18 on smaller machines, the size from which XNU's caps apply
 * @param inactiveTargetPercent the share of active + inactive + speculative pages the scan keeps
 *     inactive (50)
 * @param speculativeTargetPercent the share of active + inactive that speculative pages may hold
 *     before the oldest are taken first (5)
 * @param speculativeBinMs how long a speculative age bin lasts (500 ms; ten bins)
 * @param reactivateLimit most referenced inactive pages one scan sends back to active, at least
 *     (VM_PAGE_REACTIVATE_LIMIT_MAX 20000, or a twentieth of active + inactive when more); past it
 *     the reference is ignored
 * @param fileReadAhead pages after a faulting file page (or a read-file's cluster) read with it
 *     onto the speculative queue (a model knob, 0 by default: XNU's cluster size depends on the
 *     file system)
 * @param compressorSegment bytes of a compressor segment: {@code auto} is 64 KiB with 16 KiB pages
 *     (Apple silicon) and 256 KiB with 4 KiB pages (Intel)
 * @param swapfileSize one swapfile: 1 GiB (XNU goes down to 256 MiB when disk space is short); at
 *     most 100 of them, and never more than {@code machine.swap} in all
 * @param swapThresholdPercent compressor segments go to swapfiles while uncompressed memory is
 *     below this share of available memory (40: SEMANTICS.md's 0.4)
 * @param compressionLimit XNU's {@code vm_compression_limit} boot-arg, in pages: 0 (default) sizes
 *     the compressor pool from the machine's RAM as vm_compressor_set_size does ({@link
 *     PoolLimits}); more sets the pool to that many pages
 */
public record MacosOptions(
    Aliasing aliasing,
    Platform platform,
    boolean killOnNoPagingSpace,
    long freePagesMin,
    long freePagesTarget,
    boolean scaleToMachine,
    int inactiveTargetPercent,
    int speculativeTargetPercent,
    long speculativeBinMs,
    long reactivateLimit,
    int fileReadAhead,
    String compressorSegment,
    String swapfileSize,
    int swapThresholdPercent,
    long compressionLimit) {
  /** How pages of an object mapped by several tasks are mapped. */
  public enum Aliasing {
    XNU,
    EXCLUSIVE_HANDOFF;

    String yamlName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Desktop macOS or iOS (SEMANTICS.md: kills, swap). */
  public enum Platform {
    MACOS,
    IOS
  }

  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.oneOf(
              "aliasing",
              "xnu",
              List.of("xnu", "exclusive-handoff"),
              "xnu: every task maps a shared page at once (XNU); exclusive-handoff: the what-if"
                  + " that ALI pages are mapped by one process at a time, moved by unmap-on-fault"),
          OptionSpec.oneOf(
              "platform",
              "macos",
              List.of("macos", "ios"),
              "macos (desktop: swapfiles, idle exit, no jetsam page-shortage kills) or ios (no"
                  + " swapfiles, jetsam kills by band)"),
          OptionSpec.oneOf(
              "killOnNoPagingSpace",
              "false",
              List.of("true", "false"),
              "XNU's -kill_on_no_paging_space boot-arg: with no paging space left, kill the"
                  + " lowest-band process instead of showing the out of application memory dialog"),
          OptionSpec.integer(
              "freePagesMin",
              3500,
              1,
              1L << 30,
              "vm_page_free_min: the pageout scan wakes when fewer pages are free"),
          OptionSpec.integer(
              "freePagesTarget",
              4000,
              2,
              1L << 30,
              "vm_page_free_target: the scan runs until this many pages are free"),
          OptionSpec.oneOf(
              "scaleToMachine",
              "true",
              List.of("true", "false"),
              "scale freePagesMin, freePagesTarget and reactivateLimit by usable pages / 2^18 on"
                  + " smaller machines"),
          OptionSpec.integer(
              "inactiveTargetPercent",
              50,
              1,
              99,
              "share of active + inactive + speculative pages the scan keeps inactive"),
          OptionSpec.integer(
              "speculativeTargetPercent",
              5,
              0,
              100,
              "share of active + inactive speculative pages may hold before they go first"),
          OptionSpec.integer(
              "speculativeBinMs",
              500,
              1,
              1_000_000,
              "how long one of the ten speculative age bins lasts (simulated ms)"),
          OptionSpec.integer(
              "reactivateLimit",
              20_000,
              1,
              1L << 30,
              "most referenced inactive pages one scan reactivates (or active + inactive / 20"
                  + " when more)"),
          OptionSpec.integer(
              "fileReadAhead",
              0,
              0,
              256,
              "pages after a faulting file page, or after a read-file's cluster, read with it onto"
                  + " the speculative queue"),
          OptionSpec.oneOf(
              "compressorSegment",
              "auto",
              List.of("auto", "64KiB", "256KiB"),
              "compressor segment size; auto: 64KiB with 16 KiB pages, 256KiB with 4 KiB"),
          OptionSpec.oneOf(
              "swapfileSize",
              "1GiB",
              List.of("256MiB", "512MiB", "1GiB"),
              "one swapfile; at most 100, and never more than machine.swap in all"),
          OptionSpec.integer(
              "swapThresholdPercent",
              40,
              1,
              99,
              "segments go to swapfiles while uncompressed memory is below this share of"
                  + " available memory"),
          OptionSpec.integer(
              "compressionLimit",
              0,
              0,
              1L << 31,
              "XNU's vm_compression_limit boot-arg in pages: 0 sizes the compressor pool from RAM"
                  + " (16x RAM up to 4 GiB, 8x to 8 GiB, 4x to 32 GiB, 2x above)"));

  public MacosOptions {
    Objects.requireNonNull(aliasing, "aliasing is null");
    Objects.requireNonNull(platform, "platform is null");
    Objects.requireNonNull(compressorSegment, "compressorSegment is null");
    Objects.requireNonNull(swapfileSize, "swapfileSize is null");
    if (freePagesTarget <= freePagesMin) {
      throw new IllegalArgumentException(
          "freePagesTarget: "
              + freePagesTarget
              + " must be above freePagesMin ("
              + freePagesMin
              + ")");
    }
  }

  /** The options with every default: what an experiment that gives none runs. */
  public static MacosOptions defaults() {
    return from(SystemOptions.of("macos", SPECS, Map.of()));
  }

  /** The bytes of one swapfile. */
  long swapfileBytes() {
    return switch (swapfileSize) {
      case "256MiB" -> 256L << 20;
      case "512MiB" -> 512L << 20;
      default -> 1L << 30;
    };
  }

  public static MacosOptions from(SystemOptions o) {
    return new MacosOptions(
        Aliasing.valueOf(o.string("aliasing").toUpperCase(Locale.ROOT).replace('-', '_')),
        Platform.valueOf(o.string("platform").toUpperCase(Locale.ROOT)),
        o.bool("killOnNoPagingSpace"),
        o.integer("freePagesMin"),
        o.integer("freePagesTarget"),
        o.bool("scaleToMachine"),
        (int) o.integer("inactiveTargetPercent"),
        (int) o.integer("speculativeTargetPercent"),
        o.integer("speculativeBinMs"),
        o.integer("reactivateLimit"),
        (int) o.integer("fileReadAhead"),
        o.string("compressorSegment"),
        o.string("swapfileSize"),
        (int) o.integer("swapThresholdPercent"),
        o.integer("compressionLimit"));
  }
}
