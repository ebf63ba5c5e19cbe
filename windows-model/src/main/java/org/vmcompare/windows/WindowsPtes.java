package org.vmcompare.windows;

import org.vmcompare.hw.Pte;

/**
 * What the model's non-present PTEs mean, in core's encoding: zero is demand-zero; {@link
 * Pte#SW_TRANSITION} with a frame is a page on Standby, Modified or under write (a soft fault);
 * {@link Pte#SW_SWAP} with a slot is a page in the pagefile (a hard fault); the bits here mark
 * offered memory and discarded pages of forked regions.
 */
final class WindowsPtes {
  /** With SW_TRANSITION: an offered page, on Standby, inaccessible until reclaimed. */
  static final long OFFERED = Pte.SW_MODEL_1;

  /** An offered page that was repurposed: inaccessible until reclaimed, then demand-zero. */
  static final long OFFERED_LOST = Pte.SW_MODEL_2;

  /**
   * In a view of a section (a forked region): a private page that was discarded, demand-zero. A
   * zero PTE in such a view points at the prototype PTE instead.
   */
  static final long DEMAND_ZERO = Pte.SW_MODEL_3;

  private WindowsPtes() {}

  /** The PTE of a private page with no contents: zero, or {@link #DEMAND_ZERO} in a view. */
  static long demandZero(boolean sectionView) {
    return sectionView ? Pte.notPresent(0, DEMAND_ZERO) : 0;
  }

  static boolean offered(long pte) {
    return Pte.is(pte, OFFERED) || Pte.is(pte, OFFERED_LOST);
  }
}
