package org.vmcompare.check;

import java.util.List;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;
import org.vmcompare.workload.SweepPoint;
import org.vmcompare.workload.SystemVariant;

/**
 * Whether an experiment leaves the machine room to spare, so that invariant 6 applies: every
 * private page it could ever allocate, at once, fits in half of the usable RAM, the system does not
 * limit its own pool ({@code frames} unset or 0, as textbook writes it), and every step is one
 * whose faults are the same on every OS (allocate, touch writing every reference, release, unmap,
 * sleep, exit): first writes to fresh private memory fault exactly once a page everywhere.
 */
final class Pressure {
  /** Steps whose fault counts every OS agrees on when nothing is evicted. */
  private static final List<Class<? extends Step>> PORTABLE =
      List.of(
          Step.Allocate.class,
          Step.Touch.class,
          Step.Release.class,
          Step.Unmap.class,
          Step.Sleep.class,
          Step.Exit.class);

  private Pressure() {}

  /**
   * As {@link #roomy(SweepPoint, SystemVariant)}, and also the pages left free, every private page
   * allocated, stay at or above {@code reclaimBelow} (the system's {@code reclaimsBelowFreePages}):
   * a system whose own reserve is larger than what the experiment leaves reclaims with nobody short
   * of memory, as Linux does with a large watermark_scale_factor on a small machine (check seed
   * 7003).
   */
  static boolean roomy(SweepPoint point, SystemVariant variant, long reclaimBelow) {
    long pages = footprint(point);
    long usable = point.spec().frames() - point.spec().kernelFrames();
    return roomy(point, variant) && usable - pages - 16 >= reclaimBelow;
  }

  static boolean roomy(SweepPoint point, SystemVariant variant) {
    String frames = variant.options().asMap().get("frames");
    if (frames != null && !frames.equals("0")) {
      return false;
    }
    long pages = footprint(point);
    long usable = point.spec().frames() - point.spec().kernelFrames();
    return pages >= 0 && pages + 16 <= usable / 2;
  }

  /** Pages every process allocates, or -1 when a step is not one of {@link #PORTABLE}. */
  private static long footprint(SweepPoint point) {
    MachineSpec spec = point.spec();
    long pages = 0;
    for (ProcessConfig pc : point.experiment().processes()) {
      long own = footprint(pc.steps(), spec.pageSize());
      if (own < 0) {
        return -1;
      }
      pages += own;
    }
    return pages;
  }

  /** Pages a list of steps allocates, or -1 when a step is not one of {@link #PORTABLE}. */
  private static long footprint(List<Step> steps, long pageSize) {
    long pages = 0;
    for (Step s : steps) {
      if (!PORTABLE.contains(s.getClass())) {
        return -1;
      }
      if (s instanceof Step.Touch t && t.writes() < 1.0) {
        return -1;
      }
      if (s instanceof Step.Allocate a) {
        pages += a.size().toPages(pageSize);
      }
    }
    return pages;
  }
}
