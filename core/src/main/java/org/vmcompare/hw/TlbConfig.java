package org.vmcompare.hw;

/**
 * TLB geometry and tagging.
 *
 * <p>The default, 1536 entries 12-way for base pages and 32 entries 4-way for large pages, is the
 * second-level (STLB) of Skylake-class x86 cores: a first-level miss that hits there costs a few
 * cycles, about what this model charges for a hit, so one level sized like the STLB gives walk
 * counts close to real ones. {@code asidTagged} true models PCID/ASID (entries survive a switch);
 * false flushes every non-global entry on each context switch, as x86 did before PCID.
 */
public record TlbConfig(
    int entries, int ways, int largeEntries, int largeWays, boolean asidTagged) {
  public static final TlbConfig DEFAULT = new TlbConfig(1536, 12, 32, 4, true);

  public TlbConfig {
    check("machine.tlb.entries", entries, ways, "machine.tlb.ways");
    check("machine.tlb.largeEntries", largeEntries, largeWays, "machine.tlb.largeWays");
  }

  private static void check(String key, int entries, int ways, String waysKey) {
    if (entries <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + entries);
    }
    if (ways <= 0 || ways > entries || entries % ways != 0) {
      throw new IllegalArgumentException(
          waysKey + " must divide " + key + " (" + entries + "), got " + ways);
    }
    int sets = entries / ways;
    if (Integer.bitCount(sets) != 1) {
      throw new IllegalArgumentException(
          key + " / " + waysKey + " must be a power of two sets, got " + sets);
    }
  }
}
