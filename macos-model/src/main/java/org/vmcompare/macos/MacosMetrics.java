package org.vmcompare.macos;

import java.util.List;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;

/**
 * What macOS reports per process: the physical footprint (vmmap's header, Activity Monitor's Memory
 * column, what jetsam limits) and its peak, in pages. Pages made reusable (MADV_FREE_REUSABLE, the
 * portable release) leave it at once and come back with MADV_FREE_REUSE ({@link Reusable}).
 */
final class MacosMetrics {
  static final MetricSpec FOOTPRINT =
      MetricSpec.withPeak(
          "footprint",
          Unit.PAGES,
          "physical footprint: internal (anonymous, shared memory) pages mapped (but reusable"
              + " ones, MADV_FREE_REUSABLE) or compressed + non-volatile purgeable pages owned +"
              + " page tables");

  static final List<MetricSpec> ALL = List.of(FOOTPRINT);

  private MacosMetrics() {}
}
