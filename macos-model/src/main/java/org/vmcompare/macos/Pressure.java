package org.vmcompare.macos;

import java.util.Locale;
import java.util.Objects;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;

/**
 * The memory pressure level (SEMANTICS.md, macOS: "Memory pressure"; memorystatus'
 * kern.memorystatus_vm_pressure_level): available non-compressed memory (free, active, inactive and
 * speculative pages) as a fraction of available memory (that + the compressor's frames). From
 * normal it goes to warn below 0.5 and to critical below 0.343 or when the compressor is near full
 * (vm_compressor_low_on_space: VM_PRESSURE_WARNING_TO_CRITICAL in vm_pressure_response,
 * osfmk/vm/vm_pageout.c); it leaves warn for normal above 0.6, and critical for warn above 0.4 (for
 * normal when also above 0.6), but not while the compressor stays near full. The model re-reads the
 * queues after each pageout scan, after each fault that took frames, and when memory is given back
 * (unmap, exit, kill); each change is a line in the run's event log, and the level is the gauge
 * {@code macos.pressure} (1, 2 or 4, the sysctl's values) and the view {@code memory_pressure}.
 */
final class Pressure {
  static final int NORMAL = 1;
  static final int WARN = 2;
  static final int CRITICAL = 4;

  private final Mach m;
  private final Compressor compressor;
  private int level = NORMAL;
  private Runnable onUpdate = () -> {};

  Pressure(Mach m, Compressor compressor) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    m.metrics.registerGauge(
        MetricSpec.of(
            "macos.pressure",
            Unit.LEVEL,
            "memory pressure level (kern.memorystatus_vm_pressure_level): 1 normal, 2 warn, 4"
                + " critical"),
        () -> level);
  }

  /** What runs after each update: the idle-exit request on desktop, the jetsam check on iOS. */
  void onUpdate(Runnable action) {
    this.onUpdate = Objects.requireNonNull(action, "action is null");
  }

  int level() {
    return level;
  }

  /** Available non-compressed memory as a share of available memory, in [0, 1]. */
  double uncompressedShare() {
    PageQueues q = m.queues;
    long uncompressed =
        q.size(PageQueues.FREE)
            + q.size(PageQueues.ACTIVE)
            + q.inactiveCount()
            + q.speculativeCount();
    long available = uncompressed + compressor.occupied();
    return available == 0 ? 1.0 : (double) uncompressed / available;
  }

  /** Re-reads the queues; a new level is logged. */
  void update() {
    double share = uncompressedShare();
    boolean nearFull = compressor.lowOnSpace();
    int next = next(level, share, nearFull);
    if (next != level) {
      m.kernel.log(
          String.format(
              Locale.ROOT,
              "macos: memory pressure %s -> %s (%d%% of available memory uncompressed%s)",
              name(level),
              name(next),
              Math.round(share * 100),
              nearFull && next == CRITICAL ? "; " + SwapKill.poolState(compressor) : ""));
      level = next;
    }
    onUpdate.run();
  }

  /**
   * The level after {@code level} when the share is {@code share}, the compressor not near full.
   */
  static int next(int level, double share) {
    return next(level, share, false);
  }

  /**
   * The level after {@code level} when the share is {@code share} and the compressor is near full
   * or not (the hysteresis above). XNU steps down from critical on the share alone and goes back up
   * at its next evaluation while the compressor stays near full; the model stays critical instead
   * of flapping.
   */
  static int next(int level, double share, boolean compressorNearFull) {
    if (compressorNearFull) {
      return CRITICAL;
    }
    if (level == CRITICAL) {
      return share > 0.6 ? NORMAL : share > 0.4 ? WARN : CRITICAL;
    }
    if (share < 0.343) {
      return CRITICAL;
    }
    if (level == WARN) {
      return share > 0.6 ? NORMAL : WARN;
    }
    return share < 0.5 ? WARN : NORMAL;
  }

  static String name(int level) {
    return switch (level) {
      case NORMAL -> "normal";
      case WARN -> "warn";
      default -> "critical";
    };
  }

  /** The {@code memory_pressure} view: the tool's header and percentage, and the sysctl. */
  String render() {
    long pages = m.memory.frames();
    return "The system has "
        + pages * m.pageSize
        + " ("
        + pages
        + " pages with a page size of "
        + m.pageSize
        + ").\n"
        + "System-wide memory free percentage: "
        + Math.round(uncompressedShare() * 100)
        + "%\n"
        + "kern.memorystatus_vm_pressure_level: "
        + level
        + " ("
        + name(level)
        + ")\n";
  }
}
