package org.vmcompare.macos;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vmcompare.os.Proc;

/**
 * The third step of no_paging_space_action ({@link SwapKill}) when a fault finds no page: desktop
 * macOS shows the "out of application memory" dialog (memorystatus_send_low_swap_note) and the
 * faulting thread waits for a free page (VM_PAGE_WAIT) while the others run. Nobody answers the
 * dialog in a run: the task sleeps until enough pages come free (another task exits or frees
 * memory, {@link Mach#release}) and then its reference is issued again; if nothing ever frees them,
 * it ends the run hung ({@code Kernel.hang}), its memory held.
 *
 * <p>The dialog is logged once an episode, with the figures of the scan that found nothing; a
 * second task that hangs in the same episode gets a short line naming it. An episode ends when
 * every task that hung in it got its pages or ended.
 */
final class OutOfMemoryDialog {
  /** The hung task's reason: its end reason, after "hung: ", if the run ends with it waiting. */
  static final String REASON =
      "waiting for memory (\"out of application memory\" dialog); not enough came free before the"
          + " run ended";

  private final Mach m;

  /** Tasks shown the dialog in this episode that have not got their pages yet, in order. */
  private final List<Proc> hung = new ArrayList<>();

  OutOfMemoryDialog(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
  }

  /**
   * {@code p}'s fault needs more than {@code needed} free pages, the scan found nothing more to
   * free ({@code condition} says what it saw) and nobody is to be killed: the dialog, and {@code p}
   * sleeps until pages come free.
   */
  void show(Proc p, long needed, String condition) {
    hung.removeIf(q -> !q.alive());
    if (hung.isEmpty()) {
      m.kernel.log(
          "macos: "
              + condition
              + ": macOS shows the \"out of application memory\" dialog; nobody answers it in a"
              + " run, so "
              + p
              + " waits for a free page");
    } else if (!hung.contains(p)) {
      m.kernel.log(
          "macos: "
              + p
              + " also waits for a free page at the \"out of application memory\" dialog");
    }
    if (!hung.contains(p)) {
      hung.add(p);
    }
    m.waitForPages(p, needed, REASON);
  }

  /** Whether some task of the current episode still waits for its pages. */
  boolean open() {
    return !hung.isEmpty();
  }

  /** {@code p} found the pages it needed: once every task of the episode has, the episode ends. */
  void gotPages(Proc p) {
    hung.remove(p);
  }
}
