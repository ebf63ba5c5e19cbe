package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.os.Proc;
import org.vmcompare.sim.Event;
import org.vmcompare.sim.EventQueue;

/**
 * The paging space action of desktop macOS when the compressor pool nears its limits
 * (vm_compressor_low_on_space, osfmk/vm/vm_compressor.c): c_seg_allocate calls
 * vm_compressor_take_paging_space_action for every page compressed meanwhile, which runs
 * no_paging_space_action at most once every 5 s (no_paging_space_action_throttle_delay_ns). It acts
 * as {@link SwapKill} says: the task holding more than half the compressed pages is killed, else
 * the oldest process of the idle band (memorystatus_kill_on_VM_compressor_space_shortage), else the
 * user is shown the "out of application memory" dialog (memorystatus_send_low_swap_note), which
 * nobody answers in a run: the line is logged and the run goes on, the pool fills to its limit,
 * pages it cannot take stay active, and a fault that then finds no page waits at the dialog for
 * free pages ({@link OutOfMemoryDialog}). The model runs the action as a memorystatus event at the
 * time it is asked for. iOS (CONFIG_JETSAM) has no such action here: its jetsam works on page
 * shortage.
 */
final class PagingSpace {
  static final long THROTTLE_NS = 5_000_000_000L;

  private final Mach m;
  private final Compressor compressor;
  private final SwapKill killer;
  private final Pressure pressure;
  private Event pending;
  private long last = Long.MIN_VALUE;

  PagingSpace(Mach m, Compressor compressor, SwapKill killer, Pressure pressure) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    this.killer = Objects.requireNonNull(killer, "killer is null");
    this.pressure = Objects.requireNonNull(pressure, "pressure is null");
  }

  /** The compressor is near its limits: the action runs now, unless it ran less than 5 s ago. */
  void request() {
    if (pending != null || m.options.platform() == MacosOptions.Platform.IOS) {
      return;
    }
    long now = m.kernel.now();
    if (last != Long.MIN_VALUE && now - last < THROTTLE_NS) {
      return;
    }
    pending =
        m.kernel.events().at(now, EventQueue.PRIORITY_DAEMON, "no_paging_space_action", this::act);
  }

  private void act() {
    pending = null;
    if (!compressor.lowOnSpace()) {
      return;
    }
    last = m.kernel.now();
    Proc victim = killer.victim();
    if (victim != null) {
      killer.kill(victim);
    } else {
      m.kernel.log(
          "macos: "
              + SwapKill.poolState(compressor)
              + ": no task holds more than half the compressed pages and none is in the idle"
              + " band: macOS shows the \"out of application memory\" dialog; nobody answers it"
              + " in a run");
    }
    pressure.update();
  }
}
