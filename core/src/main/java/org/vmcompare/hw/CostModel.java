package org.vmcompare.hw;

/**
 * Nanoseconds charged for each hardware and kernel event. Figures are per 4 KiB page (see
 * ../shared/SEMANTICS.md "Cost defaults" and configs/reference.yaml for their sources); {@link
 * #forPageSize} scales the per-page ones for 16 KiB pages.
 */
public record CostModel(
    long tlbHitNs,
    long walkLevelNs,
    long zeroPageMapNs,
    long zeroFillFaultNs,
    long minorFaultNs,
    long zeroPageNs,
    long copyPageNs,
    long diskReadNs,
    long diskWriteNs,
    long compressNs,
    long decompressNs) {

  /** Measured on x86-64 Linux 6.18 VMs (2 cores) unless SEMANTICS.md names another source. */
  public static final CostModel DEFAULT =
      new CostModel(1, 10, 500, 1_500, 500, 150, 300, 80_000, 30_000, 10_000, 3_000);

  public CostModel {
    long[] all = {
      tlbHitNs,
      walkLevelNs,
      zeroPageMapNs,
      zeroFillFaultNs,
      minorFaultNs,
      zeroPageNs,
      copyPageNs,
      diskReadNs,
      diskWriteNs,
      compressNs,
      decompressNs
    };
    String[] names = {
      "tlbHit",
      "walkLevel",
      "zeroPageMap",
      "zeroFillFault",
      "minorFault",
      "zeroPage",
      "copyPage",
      "diskRead",
      "diskWrite",
      "compress",
      "decompress"
    };
    for (int i = 0; i < all.length; i++) {
      if (all[i] < 0) {
        throw new IllegalArgumentException(
            "machine.costs." + names[i] + " must not be negative, got " + all[i]);
      }
    }
  }

  /** Scales the per-page costs (copy, zero, disk, compression) from 4 KiB to another page size. */
  public CostModel forPageSize(long pageSize) {
    long f = Math.max(1, pageSize / 4096);
    if (f == 1) {
      return this;
    }
    return new CostModel(
        tlbHitNs,
        walkLevelNs,
        zeroPageMapNs,
        zeroFillFaultNs - zeroPageNs + zeroPageNs * f,
        minorFaultNs,
        zeroPageNs * f,
        copyPageNs * f,
        diskReadNs + diskReadNs * (f - 1) / 4,
        diskWriteNs * f,
        compressNs * f,
        decompressNs * f);
  }
}
