package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;

/**
 * The kill when swap is exhausted (SEMANTICS.md, macOS: "When swap is exhausted the process holding
 * more than half the compressed pages is killed"; memorystatus' kill-on-swap-space-shortage): when
 * the compressor holds all it can and the swapfiles are full (or there are none), the task whose
 * compressed pages (its ledger's internal_compressed) are more than half of all the compressor's is
 * killed and torn down as at exit. When no task holds more than half, macOS shows the "out of
 * application memory" dialog and waits for the user: the model cannot answer it, so the run ends
 * saying so.
 */
final class SwapKill {
  private final Mach m;
  private final VmMap map;
  private final Compressor compressor;

  SwapKill(Mach m, VmMap map, Compressor compressor) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.map = Objects.requireNonNull(map, "map is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
  }

  /** The task holding more than half the compressed pages, or null. */
  Proc victim() {
    long stored = compressor.stored();
    for (Proc p : m.kernel.processes()) {
      if (p.alive() && Task.of(p).compressed * 2 > stored) {
        return p;
      }
    }
    return null;
  }

  /** Kills {@code victim}: its memory goes now, as at exit. */
  void kill(Proc victim) {
    long compressed = Task.of(victim).compressed;
    m.kernel.log(
        "macos: swap space exhausted: killing "
            + victim
            + ", which holds "
            + compressed
            + " of the compressor's "
            + compressor.stored()
            + " pages");
    map.exit(victim);
    m.kernel.reap(victim, ProcState.KILLED, "killed: swap space exhausted");
    m.metrics.increment(Counter.KILLS);
  }
}
