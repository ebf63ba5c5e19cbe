package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ProcState;

/**
 * What desktop macOS does when it has no paging space left (SEMANTICS.md, macOS: "When swap is
 * exhausted the process holding more than half the compressed pages is killed, or the user sees the
 * 'out of application memory' dialog"), in the order of XNU's no_paging_space_action
 * (bsd/kern/kern_proc.c) on a release kernel: the task whose compressed pages (its ledger's
 * internal_compressed) are more than half of all the compressor's is killed ("low swap: killing
 * largest compressed process"); otherwise, while a process sits in the idle band (0), memorystatus
 * kills the oldest one (memorystatus_kill_on_VM_compressor_space_shortage, up to max_kill_priority,
 * which is the idle band on macOS); otherwise macOS shows the dialog and waits for the user, which
 * nobody does in a run: the faulting task waits for free pages ({@link OutOfMemoryDialog}), and
 * ends the run hung if none come. The same order serves when the compressor pool nears or reaches
 * its limits ({@link PagingSpace}), and the log line and the end reason then say "compressor low on
 * space" or "compressor out of space".
 *
 * <p>With {@code killOnNoPagingSpace: true} (XNU's {@code -kill_on_no_paging_space} boot-arg,
 * honoured by DEVELOPMENT and DEBUG kernels) memorystatus_pick_action kills the top process instead
 * (MEMORYSTATUS_KILL_TOP_PROCESS): the lowest band first, oldest first within a band, as jetsam
 * does ({@link Jetsam#victim}), and there is no dialog.
 */
final class SwapKill {
  private final Mach m;
  private final VmMap map;
  private final Compressor compressor;
  private final Jetsam bands;

  SwapKill(Mach m, VmMap map, Compressor compressor, Jetsam bands) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.map = Objects.requireNonNull(map, "map is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    this.bands = Objects.requireNonNull(bands, "bands is null");
  }

  /** The task to kill for want of paging space, or null when macOS would show the dialog. */
  Proc victim() {
    if (m.options.killOnNoPagingSpace()) {
      return bands.victim(false);
    }
    long stored = compressor.stored();
    for (Proc p : m.kernel.processes()) {
      if (p.alive() && Task.of(p).compressed * 2 > stored) {
        return p;
      }
    }
    return bands.victim(true);
  }

  /**
   * Kills {@code victim}: its memory goes now, as at exit. The log line and the end reason say why:
   * the compressor pool near or at its limits ({@link PagingSpace}, or a fault that found no page
   * then), or else swap space exhausted.
   */
  void kill(Proc victim) {
    long compressed = Task.of(victim).compressed;
    String cause =
        compressor.lowOnSpace()
            ? (compressor.outOfSpace() ? "compressor out of space" : "compressor low on space")
            : "swap space exhausted";
    String who;
    if (m.options.killOnNoPagingSpace()) {
      who =
          "killOnNoPagingSpace: killing the top process " + victim + " (band " + band(victim) + ")";
    } else if (compressed * 2 > compressor.stored()) {
      who = "killing " + victim;
    } else {
      who = "killing " + victim + " of the idle band (0)";
    }
    m.kernel.log(
        "macos: "
            + (cause.equals("swap space exhausted") ? cause : poolState(compressor))
            + ": "
            + who
            + ", which holds "
            + compressed
            + " of the compressor's "
            + compressor.stored()
            + " pages");
    map.exit(victim);
    m.kernel.reap(victim, ProcState.KILLED, cause);
    m.metrics.increment(Counter.KILLS);
  }

  /** The pool against its limits, for the log: "compressor low on space (N of L pages, ...)". */
  static String poolState(Compressor compressor) {
    return (compressor.outOfSpace() ? "compressor out of space" : "compressor low on space")
        + " ("
        + poolFigures(compressor)
        + ")";
  }

  /** "N of L compressed pages, S of M segments". */
  static String poolFigures(Compressor compressor) {
    PoolLimits l = compressor.limits;
    return compressor.stored()
        + " of "
        + l.pages()
        + " compressed pages, "
        + compressor.segmentsInUse()
        + " of "
        + l.segments()
        + " segments";
  }

  private static long band(Proc p) {
    return p.options().integer(MacosModuleProvider.JETSAM_BAND);
  }
}
