package org.vmcompare.linux;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.SystemOptions;

/**
 * The Linux knobs of ../shared/SEMANTICS.md, one system option each, with the kernel's defaults and
 * ranges. The compact constructor keeps a record valid however it is built, and every message
 * starts with the key so the loader can point at its line.
 *
 * @param swappiness vm.swappiness, 0..200: the weight of anonymous against file pages in reclaim
 * @param overcommitMemory vm.overcommit_memory: 0 heuristic, 1 always, 2 never (strict)
 * @param overcommitRatio vm.overcommit_ratio, 0..100: the share of RAM in mode 2's CommitLimit
 * @param overcommitHeuristic which mode-0 check: the modern single-request check or the legacy
 *     free-memory estimate that made the Redis fork fail
 * @param anonStartsActive new anonymous pages start on active_anon, as before 5.9
 * @param watermarkScaleFactor vm.watermark_scale_factor, in ten-thousandths of RAM
 * @param thp /sys/kernel/mm/transparent_hugepage/enabled
 * @param faultAroundBytes fault_around_bytes as written (a size; pages resolve at boot)
 * @param readAheadKb read_ahead_kb of the simulated disk
 * @param madvFreeWithoutSwap MADV_FREE on a swapless system: lazy (4.12+) or immediate (before)
 * @param thpCowCopy what a write to a huge page shared after fork copies: the 4 KiB page written
 *     (5.8+) or the whole huge page (before 5.8)
 */
public record LinuxOptions(
    int swappiness,
    int overcommitMemory,
    int overcommitRatio,
    Heuristic overcommitHeuristic,
    boolean anonStartsActive,
    int watermarkScaleFactor,
    Thp thp,
    String faultAroundBytes,
    int readAheadKb,
    MadvFree madvFreeWithoutSwap,
    ThpCow thpCowCopy) {

  /** vm.overcommit_memory=0's check: since 4.17 only a request above RAM + swap fails. */
  public enum Heuristic {
    MODERN,
    LEGACY
  }

  /** transparent_hugepage/enabled. */
  public enum Thp {
    NEVER,
    MADVISE,
    ALWAYS
  }

  /** What MADV_FREE does without swap: lazy since 4.12, freed at once before. */
  public enum MadvFree {
    LAZY,
    IMMEDIATE
  }

  /**
   * What a write to an anonymous huge page others map copies: since 5.8 (commit 3917c80280c9, "thp:
   * change CoW semantics for anon-THP") the writer's PMD is split and only the 4 KiB page written
   * is copied; before, the whole 2 MiB was (the fork latency Redis warns about).
   */
  public enum ThpCow {
    BASE,
    HUGE
  }

  /** Largest fault-around window the kernel accepts, in bytes (PTRS_PER_PTE 16 KiB pages). */
  private static final long FAULT_AROUND_MAX_BYTES = 2048L * 16384;

  private static final OptionSpec FAULT_AROUND =
      OptionSpec.size(
          "faultAroundBytes",
          "64KiB",
          "fault_around_bytes: a read fault on a file maps the cached pages of this aligned window"
              + " (rounded down to a power of two; at most one page table; 0 or one page: none)");

  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.integer(
              "swappiness", 60, 0, 200, "vm.swappiness: weight of anonymous pages in reclaim"),
          OptionSpec.integer(
                  "overcommitMemory",
                  0,
                  0,
                  2,
                  "vm.overcommit_memory: 0 heuristic, 1 always, 2 strict (CommitLimit)")
              .withNames(Map.of("heuristic", 0L, "always", 1L, "never", 2L)),
          OptionSpec.integer(
              "overcommitRatio",
              50,
              0,
              100,
              "vm.overcommit_ratio: percent of RAM in mode 2's CommitLimit (plus swap)"),
          OptionSpec.oneOf(
              "overcommitHeuristic",
              "modern",
              List.of("modern", "legacy"),
              "mode 0's check: modern (4.17+: one request above RAM + swap fails) or legacy"
                  + " (above free + page cache + free swap)"),
          OptionSpec.oneOf(
              "anonStartsActive",
              "false",
              List.of("false", "true"),
              "new anonymous pages start on active_anon (true: before 5.9) or inactive_anon"),
          OptionSpec.integer(
              "watermarkScaleFactor",
              10,
              1,
              3000,
              "vm.watermark_scale_factor: low and high watermarks' gap, in 1/10000 of RAM"),
          OptionSpec.oneOf(
              "thp",
              "madvise",
              List.of("never", "madvise", "always"),
              "transparent_hugepage/enabled: 2 MiB pages for aligned anonymous memory"),
          FAULT_AROUND,
          OptionSpec.integer(
              "readAheadKb",
              128,
              0,
              1_048_576,
              "read_ahead_kb: the window a file page-cache miss reads ahead"),
          OptionSpec.oneOf(
              "madvFreeWithoutSwap",
              "lazy",
              List.of("lazy", "immediate"),
              "MADV_FREE without swap: lazy (4.12+) or freed at once (before 4.12)"),
          OptionSpec.oneOf(
              "thpCowCopy",
              "base",
              List.of("base", "huge"),
              "a write to a huge page shared after fork copies the 4 KiB page (base: 5.8+) or"
                  + " the whole 2 MiB (huge: before 5.8)"));

  public LinuxOptions {
    Objects.requireNonNull(overcommitHeuristic, "overcommitHeuristic is null");
    Objects.requireNonNull(thp, "thp is null");
    Objects.requireNonNull(faultAroundBytes, "faultAroundBytes is null");
    Objects.requireNonNull(madvFreeWithoutSwap, "madvFreeWithoutSwap is null");
    Objects.requireNonNull(thpCowCopy, "thpCowCopy is null");
    range("swappiness", swappiness, 0, 200);
    range("overcommitMemory", overcommitMemory, 0, 2);
    range("overcommitRatio", overcommitRatio, 0, 100);
    range("watermarkScaleFactor", watermarkScaleFactor, 1, 3000);
    range("readAheadKb", readAheadKb, 0, 1_048_576);
    FAULT_AROUND.check(faultAroundBytes);
    if (!faultAroundBytes.trim().toLowerCase(Locale.ROOT).endsWith("pages")
        && FAULT_AROUND.bytesValue(faultAroundBytes, 1) > FAULT_AROUND_MAX_BYTES) {
      throw new IllegalArgumentException(
          "faultAroundBytes: "
              + faultAroundBytes
              + " is more than one page table maps (2MiB with 4KiB pages)");
    }
  }

  /** The options with every default: what an experiment that gives none runs. */
  public static LinuxOptions defaults() {
    return from(SystemOptions.of("linux", SPECS, Map.of()));
  }

  public static LinuxOptions from(SystemOptions o) {
    return new LinuxOptions(
        (int) o.integer("swappiness"),
        (int) o.integer("overcommitMemory"),
        (int) o.integer("overcommitRatio"),
        Heuristic.valueOf(upper(o.string("overcommitHeuristic"))),
        o.bool("anonStartsActive"),
        (int) o.integer("watermarkScaleFactor"),
        Thp.valueOf(upper(o.string("thp"))),
        o.string("faultAroundBytes"),
        (int) o.integer("readAheadKb"),
        MadvFree.valueOf(upper(o.string("madvFreeWithoutSwap"))),
        ThpCow.valueOf(upper(o.string("thpCowCopy"))));
  }

  /**
   * fault_around_bytes in pages of this machine, as the kernel stores it: at least one page,
   * rounded down to a power of two; at most one page table's worth.
   *
   * @throws IllegalArgumentException naming the key when the window is larger than a page table
   */
  public int faultAroundPages(long pageSize, int ptrsPerPte) {
    long bytes = FAULT_AROUND.bytesValue(faultAroundBytes, pageSize);
    if (bytes / pageSize > ptrsPerPte) {
      throw new IllegalArgumentException(
          "faultAroundBytes: "
              + faultAroundBytes
              + " is more than one page table maps ("
              + ptrsPerPte
              + " pages)");
    }
    long pages = Math.max(bytes, pageSize) / pageSize;
    return (int) Long.highestOneBit(pages);
  }

  /** read_ahead_kb in pages of this machine (ra_pages). */
  public int readAheadPages(long pageSize) {
    return (int) (readAheadKb * 1024L / pageSize);
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  private static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + ": " + value + " is out of range " + min + ".." + max);
    }
  }
}
