package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.common.Quantities;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.sim.Event;
import org.vmcompare.sim.EventQueue;

/**
 * iOS jetsam (SEMANTICS.md, macOS: "Kills"; option {@code platform: ios}): memorystatus watches the
 * available pages (free + resident file pages, which can be dropped without writing) against
 * thresholds of 4% (critical), 8% (idle) and 12% (pressure) of RAM, XNU's figures for more than 6
 * GB, used on every machine here. Below idle, processes of the idle band (0) are killed; below
 * critical, processes from the lowest band up ({@code jetsamBand}), oldest first within a band,
 * until available is back above the threshold. The pressure threshold kills nobody. A kill tears
 * the process down as at exit, with a log line naming the process, its band and its footprint.
 */
final class Jetsam {
  private final Mach m;
  private final VmMap map;
  private final Pmap pmap;
  private final boolean enabled;
  final long critical;
  final long idle;
  final long pressure;

  /** macos.jetsam.kills: processes jetsam killed. */
  private final int kills;

  private Event pending;

  Jetsam(Mach m, VmMap map, Pmap pmap) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.map = Objects.requireNonNull(map, "map is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.enabled = m.options.platform() == MacosOptions.Platform.IOS;
    long frames = m.memory.frames();
    critical = frames * 4 / 100;
    idle = frames * 8 / 100;
    pressure = frames * 12 / 100;
    kills = m.metrics.register("macos.jetsam.kills", "processes killed by jetsam (platform: ios)");
  }

  boolean enabled() {
    return enabled;
  }

  /** Pages memorystatus counts as available: free, and resident file pages. */
  long available() {
    return m.freeCount() + m.filePages();
  }

  /** After the queues changed: below the idle threshold, the memorystatus thread runs now. */
  void check() {
    if (enabled && pending == null && available() < idle && victim(idleOnly()) != null) {
      pending =
          m.kernel
              .events()
              .at(m.kernel.now(), EventQueue.PRIORITY_DAEMON, "memorystatus jetsam", this::run);
    }
  }

  private boolean idleOnly() {
    return available() >= critical;
  }

  private void run() {
    pending = null;
    while (available() < idle) {
      boolean critical = !idleOnly();
      Proc victim = victim(!critical);
      if (victim == null) {
        return;
      }
      kill(victim, critical ? "critical" : "idle");
    }
  }

  /**
   * The process jetsam takes next: the lowest band, oldest first; only band 0 when {@code
   * idleBand}. Null when there is none.
   */
  Proc victim(boolean idleBand) {
    Proc best = null;
    for (Proc p : m.kernel.processes()) {
      if (!p.alive() || p.state() == ProcState.NOT_STARTED) {
        continue;
      }
      long band = band(p);
      if (idleBand && band != 0) {
        continue;
      }
      if (best == null
          || band < band(best)
          || (band == band(best) && p.startTime() < best.startTime())) {
        best = p;
      }
    }
    return best;
  }

  /** Kills {@code victim}: its memory goes now, as at exit. */
  void kill(Proc victim, String threshold) {
    long footprint = pmap.footprint(victim);
    m.kernel.log(
        "macos: jetsam: killing "
            + victim
            + " (band "
            + band(victim)
            + ", footprint "
            + Quantities.formatBytes(footprint * m.pageSize)
            + "): available memory "
            + available()
            + " pages, below the "
            + threshold
            + " threshold ("
            + (threshold.equals("idle") ? idle : critical)
            + " pages)");
    map.exit(victim);
    m.kernel.reap(victim, ProcState.KILLED, "jetsam (band " + band(victim) + ")");
    m.metrics.increment(Counter.KILLS);
    m.metrics.increment(kills);
  }

  private static long band(Proc p) {
    return p.options().integer(MacosModuleProvider.JETSAM_BAND);
  }
}
