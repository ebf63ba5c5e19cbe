package org.vmcompare.workload;

import org.vmcompare.hw.CostModel;

/** {@code machine.costs}: simulated durations per event; unset keys take the measured defaults. */
public record CostSettings(
    SimDuration tlbHit,
    SimDuration walkLevel,
    SimDuration zeroPageMap,
    SimDuration zeroFillFault,
    SimDuration minorFault,
    SimDuration zeroPage,
    SimDuration copyPage,
    SimDuration diskRead,
    SimDuration diskWrite,
    SimDuration compress,
    SimDuration decompress) {

  public CostModel toModel() {
    CostModel d = CostModel.DEFAULT;
    return new CostModel(
        or(tlbHit, d.tlbHitNs()),
        or(walkLevel, d.walkLevelNs()),
        or(zeroPageMap, d.zeroPageMapNs()),
        or(zeroFillFault, d.zeroFillFaultNs()),
        or(minorFault, d.minorFaultNs()),
        or(zeroPage, d.zeroPageNs()),
        or(copyPage, d.copyPageNs()),
        or(diskRead, d.diskReadNs()),
        or(diskWrite, d.diskWriteNs()),
        or(compress, d.compressNs()),
        or(decompress, d.decompressNs()));
  }

  private static long or(SimDuration d, long fallback) {
    return d == null ? fallback : d.nanos();
  }
}
