package org.vmcompare.windows;

import java.util.List;
import java.util.Map;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.SystemOptions;

/**
 * The Windows knobs of ../shared/SEMANTICS.md ("numbers from the Windows Research Kernel"), one
 * system option each, with the WRK's figure as the default. Page counts are for a machine of at
 * least 63 MB; {@code scaleToMachine} shrinks them in proportion on smaller simulated machines.
 * Every message starts with the key so the loader can point at its line.
 *
 * @param wakeAvailablePages the balance set manager is woken early when a page is taken while
 *     available is below this (26; 81 on servers)
 * @param plentyFreePages MmPlentyFreePages: the working set manager trims at or below it
 * @param trimGoalPages available pages a trim aims for (1.5 x 800)
 * @param enormousFreePages MM_ENORMOUS_LIMIT (20000, WRK base/ntos/mm/mi.h): a run that does not
 *     trim ages the working sets only while fewer pages than this are available
 * @param agingShift MiAgingShift at boot: each run ages (working-set size >> shift) entries of
 *     every working set; 0 is the WRK's choice by machine size
 *     (MiAdjustWorkingSetManagerParameters: 3 on a workstation of at most 257 MB, else 5)
 * @param adjustAgingShift MiAdjustClaimParameters: the shift follows memory, one up (slower aging)
 *     at most every 60 s while the working sets' claim and what is available are plentiful, one
 *     down (faster) at most every 2 s when they are short or a trim's first pass fell short; 3..7
 * @param agingMaxEntries at most this many entries a working set a run
 * @param maxAge the oldest age an entry reaches: 3 (WRK's 2-bit age) or up to 7 (Windows 7+)
 * @param replacementSearch MM_WORKING_SET_LIST_SEARCH (17, WRK base/ntos/mm/mi.h): a replacement in
 *     a working set refused growth ends its search once it has passed more than this many entries
 *     (so it looks at up to this + 2)
 * @param immediateReplacementAge MI_IMMEDIATE_REPLACEMENT_AGE (2, WRK base/ntos/mm/mi.h): the
 *     search takes an unaccessed entry of this age at once
 * @param growthCheckAvailablePages MM_VERY_HIGH_LIMIT: a working set at or above its minimum grows
 *     (past its soft maximum too) unless available is below this and it grows too fast
 *     (MI_WS_GROWING_TOO_FAST); 0: never checked
 * @param lastPassAvailablePages below this many available, trim pass 4 takes a quarter of what is
 *     above the minimum, of any age; else the estimate again
 * @param faultWaitAvailablePages MM_HIGH_LIMIT (WRK base/ntos/mm/mi.h): a process's fault that
 *     needs a page waits while fewer than this many are available (MiEnsureAvailablePageOrWait),
 *     until pages come free; 0: faults never wait
 * @param modifiedWriteThreshold the modified page writer wakes when the Modified list reaches this
 * @param modifiedLowThreshold ... or this, when available is below {@code modifiedLowAvailable}
 * @param modifiedLowAvailable see {@code modifiedLowThreshold}
 * @param writeClusterPages pages the modified and mapped page writers write at once (64 KiB)
 * @param pagefileWrites MM_PAGING_FILE_MDLS (2, WRK base/ntos/mm/mi.h): pagefile writes the
 *     modified page writer has in flight at most; with none free it waits for one to complete
 * @param modifiedPageLifeSeconds MmModifiedPageLifeInSeconds: a dirty mapped-file page waits on the
 *     Modified list at most this long before the mapped page writer writes every such page
 * @param zeroThreadMinFree the zero page thread starts once the Free list has this many pages
 * @param commitReservePages RAM pages the commit limit leaves out (limit = RAM - this + pagefile)
 * @param commitChargeReservePages a charge fails when it would leave less than this below the limit
 * @param pagefileGrowthPages the pagefile grows in steps of at least this
 * @param extendAtPercent above this share of the limit in use the pagefile is extended ...
 * @param extendToPercent ... so that the charge is this share of the new limit
 * @param balanceSetPeriodMs the balance set manager's period, simulated milliseconds
 * @param clockTickUs the granularity of the system time (KeQuerySystemTime), in simulated
 *     microseconds: the WRK's working set manager stamps each working set it processes with the
 *     system time and visits none in a pass that finds them stamped with the current time, so a
 *     manager woken again and again within one tick ages the working sets once; its 10 ms wait
 *     between two trim passes ends at a clock interrupt, a tick boundary
 * @param scaleToMachine scale the page counts above by usable RAM / 63 MB on smaller machines
 * @param systemCacheWsMinimum the system cache working set's minimum (WRK MmSystemCacheWsMinimum on
 *     a machine above 33 MB: 288 + 400 + 500 pages); scaled like the counts above
 * @param systemCacheWsMaximum its maximum; 0 means the pages available at boot, as the WRK passes
 *     MmAvailablePages to MiInitializeSystemCache
 * @param systemCacheWsMaxHard the maximum is hard, as SetSystemFileCacheSize with
 *     FILE_CACHE_MAX_HARD_ENABLE makes it: the cache's working set replaces a page of its own at it
 *     whatever is available (by default the maximum is soft, like a process's)
 * @param cacheReadAheadPages pages a cache read miss reads at most in one disk read (64 KiB, the
 *     cache manager's default read-ahead granularity); 1 reads page by page
 * @param lazyWriterPeriodMs the lazy writer's scan period, simulated milliseconds (once a second)
 * @param lazyWriterShare each lazy-writer scan writes 1/this of the dirty cache pages (1/8)
 */
public record WindowsOptions(
    long wakeAvailablePages,
    long plentyFreePages,
    long trimGoalPages,
    long enormousFreePages,
    int agingShift,
    boolean adjustAgingShift,
    long agingMaxEntries,
    int maxAge,
    long replacementSearch,
    int immediateReplacementAge,
    long growthCheckAvailablePages,
    long lastPassAvailablePages,
    long faultWaitAvailablePages,
    long modifiedWriteThreshold,
    long modifiedLowThreshold,
    long modifiedLowAvailable,
    int writeClusterPages,
    int pagefileWrites,
    long modifiedPageLifeSeconds,
    long zeroThreadMinFree,
    long commitReservePages,
    long commitChargeReservePages,
    long pagefileGrowthPages,
    int extendAtPercent,
    int extendToPercent,
    long balanceSetPeriodMs,
    long clockTickUs,
    boolean scaleToMachine,
    long systemCacheWsMinimum,
    long systemCacheWsMaximum,
    boolean systemCacheWsMaxHard,
    int cacheReadAheadPages,
    long lazyWriterPeriodMs,
    int lazyWriterShare) {

  private static final long BIG = 1L << 40;

  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.integer(
              "wakeAvailablePages",
              26,
              0,
              BIG,
              "wake the balance set manager when a page is taken below this many available (81 on"
                  + " servers)"),
          OptionSpec.integer(
              "plentyFreePages",
              800,
              0,
              BIG,
              "MmPlentyFreePages: the working set manager trims at or below this many available"),
          OptionSpec.integer(
              "trimGoalPages", 1200, 0, BIG, "available pages a trim aims for (1.5 x 800)"),
          OptionSpec.integer(
              "enormousFreePages",
              20000,
              0,
              BIG,
              "MM_ENORMOUS_LIMIT: a run that does not trim ages only below this many available"),
          OptionSpec.integer(
              "agingShift",
              0,
              0,
              7,
              "MiAgingShift at boot: a run ages (working-set size >> agingShift) entries of each;"
                  + " 0: the WRK's choice, 3 on a machine of at most 257 MB, else 5"),
          OptionSpec.oneOf(
              "adjustAgingShift",
              "true",
              List.of("true", "false"),
              "MiAdjustClaimParameters: the shift rises (slower aging) at most every 60 s while"
                  + " claim + available is plentiful, falls at most every 2 s when short (3..7)"),
          OptionSpec.integer(
              "agingMaxEntries", 8192, 1, BIG, "at most this many entries aged per working set"),
          OptionSpec.integer(
              "maxAge", 3, 3, 7, "oldest working-set entry age: 3 (WRK, 2 bits) .. 7 (Windows 7+)"),
          OptionSpec.integer(
              "replacementSearch",
              17,
              0,
              1 << 20,
              "MM_WORKING_SET_LIST_SEARCH: a working set refused growth replaces a page after"
                  + " looking at up to this + 2 entries from NextSlot"),
          OptionSpec.integer(
              "immediateReplacementAge",
              2,
              0,
              7,
              "MI_IMMEDIATE_REPLACEMENT_AGE: that search takes an unaccessed entry of this age at"
                  + " once"),
          OptionSpec.integer(
              "growthCheckAvailablePages",
              10000,
              0,
              BIG,
              "a working set at or above its minimum grows (past its soft maximum too) unless"
                  + " available is below this and it grows too fast (by more than 30 x"
                  + " available^2 / 4096 + 1 pages since its last estimate)"),
          OptionSpec.integer(
              "lastPassAvailablePages",
              192,
              0,
              BIG,
              "trim pass 4 takes (WS - min) / 4 of any age below this many available, else the estimate again"),
          OptionSpec.integer(
              "faultWaitAvailablePages",
              128,
              0,
              BIG,
              "a process's fault that needs a page waits while fewer than this many are available"
                  + " (0: never)"),
          OptionSpec.integer(
              "modifiedWriteThreshold",
              800,
              1,
              BIG,
              "the modified page writer wakes when the Modified list reaches this"),
          OptionSpec.integer(
              "modifiedLowThreshold",
              16,
              1,
              BIG,
              "... or this, when available is below modifiedLowAvailable"),
          OptionSpec.integer("modifiedLowAvailable", 256, 0, BIG, "see modifiedLowThreshold"),
          OptionSpec.integer(
              "writeClusterPages",
              16,
              1,
              4096,
              "pages written to the pagefile, or to a mapped file, at once (64 KiB)"),
          OptionSpec.integer(
              "pagefileWrites",
              2,
              1,
              4096,
              "pagefile writes in flight at most (MM_PAGING_FILE_MDLS); the writer waits for one"),
          OptionSpec.integer(
              "modifiedPageLifeSeconds",
              300,
              1,
              86_400,
              "a dirty mapped-file page waits on Modified at most this long before it is written"),
          OptionSpec.integer(
              "zeroThreadMinFree",
              8,
              1,
              BIG,
              "the zero page thread starts once the Free list has this many pages"),
          OptionSpec.integer(
              "commitReservePages",
              1024,
              0,
              BIG,
              "RAM pages left out of the commit limit (RAM - this + pagefile)"),
          OptionSpec.integer(
              "commitChargeReservePages",
              1280,
              0,
              BIG,
              "a commit charge fails when it would leave less than this (5 MB) below the limit"),
          OptionSpec.integer(
              "pagefileGrowthPages", 4096, 1, BIG, "the pagefile grows in steps of this (16 MB)"),
          OptionSpec.integer(
              "extendAtPercent",
              90,
              1,
              100,
              "above this share of the commit limit in use the pagefile is extended"),
          OptionSpec.integer(
              "extendToPercent",
              85,
              1,
              100,
              "the extension makes the charge this share of the new limit"),
          OptionSpec.integer(
              "balanceSetPeriodMs",
              1000,
              1,
              3_600_000,
              "the balance set manager's period in simulated milliseconds"),
          OptionSpec.integer(
              "clockTickUs",
              15_625,
              1,
              1_000_000,
              "the system time's granularity (64 Hz clock): the working set manager visits the"
                  + " working sets at most once a tick, and its 10 ms wait between trim passes"
                  + " ends at a tick"),
          OptionSpec.oneOf(
              "scaleToMachine",
              "true",
              List.of("true", "false"),
              "scale the page counts above by usable RAM / 63 MB on smaller machines"),
          OptionSpec.integer(
              "systemCacheWsMinimum",
              1188,
              0,
              BIG,
              "the system cache working set's minimum (WRK: 288 + 400 + 500 above 33 MB)"),
          OptionSpec.integer(
              "systemCacheWsMaximum",
              0,
              0,
              BIG,
              "the system cache working set's maximum; 0: the pages available at boot"),
          OptionSpec.oneOf(
              "systemCacheWsMaxHard",
              "false",
              List.of("true", "false"),
              "the system cache's maximum is hard (SetSystemFileCacheSize with"
                  + " FILE_CACHE_MAX_HARD_ENABLE); false: soft, like a process's"),
          OptionSpec.integer(
              "cacheReadAheadPages",
              16,
              1,
              4096,
              "pages a file-cache read miss reads in one disk read (64 KiB read-ahead)"),
          OptionSpec.integer(
              "lazyWriterPeriodMs",
              1000,
              1,
              3_600_000,
              "the lazy writer's scan period in simulated milliseconds"),
          OptionSpec.integer(
              "lazyWriterShare",
              8,
              1,
              1024,
              "each lazy-writer scan writes 1/this of the dirty file-cache pages"));

  public WindowsOptions {
    nonNegative("wakeAvailablePages", wakeAvailablePages);
    nonNegative("plentyFreePages", plentyFreePages);
    nonNegative("trimGoalPages", trimGoalPages);
    nonNegative("enormousFreePages", enormousFreePages);
    range("agingShift", agingShift, 0, 7);
    if (agingShift > 0 && agingShift < 3) {
      throw new IllegalArgumentException(
          "agingShift: "
              + agingShift
              + " is neither 0 (the WRK's choice by machine size) nor in 3..7 (MiAgingShift's"
              + " limits: 1/8 to 1/128 of a working set a run)");
    }
    range("agingMaxEntries", agingMaxEntries, 1, BIG);
    range("maxAge", maxAge, 3, 7);
    range("replacementSearch", replacementSearch, 0, 1 << 20);
    range("immediateReplacementAge", immediateReplacementAge, 0, 7);
    nonNegative("growthCheckAvailablePages", growthCheckAvailablePages);
    nonNegative("lastPassAvailablePages", lastPassAvailablePages);
    nonNegative("faultWaitAvailablePages", faultWaitAvailablePages);
    range("modifiedWriteThreshold", modifiedWriteThreshold, 1, BIG);
    range("modifiedLowThreshold", modifiedLowThreshold, 1, BIG);
    nonNegative("modifiedLowAvailable", modifiedLowAvailable);
    range("writeClusterPages", writeClusterPages, 1, 4096);
    range("pagefileWrites", pagefileWrites, 1, 4096);
    range("modifiedPageLifeSeconds", modifiedPageLifeSeconds, 1, 86_400);
    range("zeroThreadMinFree", zeroThreadMinFree, 1, BIG);
    nonNegative("commitReservePages", commitReservePages);
    nonNegative("commitChargeReservePages", commitChargeReservePages);
    range("pagefileGrowthPages", pagefileGrowthPages, 1, BIG);
    range("extendAtPercent", extendAtPercent, 1, 100);
    range("extendToPercent", extendToPercent, 1, 100);
    range("balanceSetPeriodMs", balanceSetPeriodMs, 1, 3_600_000);
    range("clockTickUs", clockTickUs, 1, 1_000_000);
    nonNegative("systemCacheWsMinimum", systemCacheWsMinimum);
    nonNegative("systemCacheWsMaximum", systemCacheWsMaximum);
    range("cacheReadAheadPages", cacheReadAheadPages, 1, 4096);
    range("lazyWriterPeriodMs", lazyWriterPeriodMs, 1, 3_600_000);
    range("lazyWriterShare", lazyWriterShare, 1, 1024);
    if (trimGoalPages < plentyFreePages) {
      throw new IllegalArgumentException(
          "trimGoalPages: "
              + trimGoalPages
              + " is below plentyFreePages ("
              + plentyFreePages
              + "); a trim must aim above the level that starts it");
    }
    if (extendToPercent > extendAtPercent) {
      throw new IllegalArgumentException(
          "extendToPercent: "
              + extendToPercent
              + " is above extendAtPercent ("
              + extendAtPercent
              + "); the extension must bring the charge below the level that starts it");
    }
  }

  /** The options with every default: what an experiment that gives none runs. */
  public static WindowsOptions defaults() {
    return from(SystemOptions.of("windows", SPECS, Map.of()));
  }

  public static WindowsOptions from(SystemOptions o) {
    return new WindowsOptions(
        o.integer("wakeAvailablePages"),
        o.integer("plentyFreePages"),
        o.integer("trimGoalPages"),
        o.integer("enormousFreePages"),
        (int) o.integer("agingShift"),
        o.bool("adjustAgingShift"),
        o.integer("agingMaxEntries"),
        (int) o.integer("maxAge"),
        o.integer("replacementSearch"),
        (int) o.integer("immediateReplacementAge"),
        o.integer("growthCheckAvailablePages"),
        o.integer("lastPassAvailablePages"),
        o.integer("faultWaitAvailablePages"),
        o.integer("modifiedWriteThreshold"),
        o.integer("modifiedLowThreshold"),
        o.integer("modifiedLowAvailable"),
        (int) o.integer("writeClusterPages"),
        (int) o.integer("pagefileWrites"),
        o.integer("modifiedPageLifeSeconds"),
        o.integer("zeroThreadMinFree"),
        o.integer("commitReservePages"),
        o.integer("commitChargeReservePages"),
        o.integer("pagefileGrowthPages"),
        (int) o.integer("extendAtPercent"),
        (int) o.integer("extendToPercent"),
        o.integer("balanceSetPeriodMs"),
        o.integer("clockTickUs"),
        o.bool("scaleToMachine"),
        o.integer("systemCacheWsMinimum"),
        o.integer("systemCacheWsMaximum"),
        o.bool("systemCacheWsMaxHard"),
        (int) o.integer("cacheReadAheadPages"),
        o.integer("lazyWriterPeriodMs"),
        (int) o.integer("lazyWriterShare"));
  }

  private static void nonNegative(String key, long value) {
    range(key, value, 0, BIG);
  }

  private static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + ": " + value + " is out of range " + min + ".." + max);
    }
  }
}
