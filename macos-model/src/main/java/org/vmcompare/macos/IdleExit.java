package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;
import org.vmcompare.sim.Event;
import org.vmcompare.sim.EventQueue;

/**
 * Desktop macOS under memory pressure (SEMANTICS.md, macOS: "Kills"): there are no jetsam
 * page-shortage kills, but while the level is above normal memorystatus asks processes that opted
 * in to idle (sudden) termination to exit: at most 100 a wakeup, wakeups at least 1 s apart. A
 * process opts in with the process option {@code idleExit: true}; it is idle while it sleeps (a
 * {@code sleep} step or a wait). It ends as at exit, with a line in the event log naming it and
 * why.
 */
final class IdleExit {
  static final long INTERVAL_NS = 1_000_000_000L;
  static final int PER_WAKEUP = 100;

  private final Mach m;
  private final VmMap map;
  private final Pressure pressure;

  /** macos.idle.exits: opted-in idle processes asked to exit under pressure. */
  private final int exits;

  private Event pending;
  private long last = Long.MIN_VALUE;

  IdleExit(Mach m, VmMap map, Pressure pressure) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.map = Objects.requireNonNull(map, "map is null");
    this.pressure = Objects.requireNonNull(pressure, "pressure is null");
    this.exits =
        m.metrics.register(
            "macos.idle.exits", "opted-in idle processes asked to exit under memory pressure");
  }

  /** The level is above normal: a wakeup is due now, or 1 s after the last one. */
  void request() {
    if (pending != null || pressure.level() == Pressure.NORMAL || !anyCandidate()) {
      return;
    }
    long now = m.kernel.now();
    long at = last == Long.MIN_VALUE ? now : Math.max(now, last + INTERVAL_NS);
    pending =
        m.kernel
            .events()
            .at(at, EventQueue.PRIORITY_DAEMON, "memorystatus idle exit", this::wakeup);
  }

  private void wakeup() {
    pending = null;
    last = m.kernel.now();
    if (pressure.level() == Pressure.NORMAL) {
      return;
    }
    String level = Pressure.name(pressure.level());
    int asked = 0;
    for (Proc p : m.kernel.processes()) {
      if (asked == PER_WAKEUP) {
        break;
      }
      if (candidate(p)) {
        m.kernel.log(
            "macos: memory pressure "
                + level
                + ": asking idle "
                + p
                + " to exit (it opted in to idle exit, idleExit: true)");
        map.exit(p);
        m.kernel.reap(p, ProcState.KILLED, "idle exit under memory pressure (" + level + ")");
        m.metrics.increment(Counter.KILLS);
        m.metrics.increment(exits);
        asked++;
      }
    }
    pressure.update();
  }

  private boolean anyCandidate() {
    for (Proc p : m.kernel.processes()) {
      if (candidate(p)) {
        return true;
      }
    }
    return false;
  }

  private static boolean candidate(Proc p) {
    return p.state() == ProcState.SLEEPING
        && p.options().string(MacosModuleProvider.IDLE_EXIT).equals("true");
  }
}
