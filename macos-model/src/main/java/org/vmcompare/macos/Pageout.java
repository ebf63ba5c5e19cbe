package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.sim.Event;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * vm_pageout_scan (osfmk/vm/vm_pageout.c): woken when fewer than free_min pages are free, it runs
 * until free_target are. It keeps the inactive queues at their target share by moving pages from
 * the head of active, clearing their reference bits, and takes victims in XNU's order: cleaned
 * pages, then speculative pages past their target, then inactive anonymous and file pages, two
 * anonymous for one file when both are there (ANONS_GRABBED_LIMIT), anonymous only while
 * inactive-file holds less than half the file pages. A referenced victim goes back to active (up to
 * the scan's reactivation limit); a clean file page is freed (its object slot says absent, a later
 * touch reads the file again); a dirty file page is written back and lands on cleaned; an internal
 * page is compressed (its mappings become compressed markers, its slot the handle), unless
 * MADV_FREE_REUSABLE cleaned it and nothing wrote it since: that one is freed ({@link Reusable}).
 */
final class Pageout {
  /** The end of the run's message where no dialog follows (iOS, killOnNoPagingSpace). */
  private static final String NO_DIALOG =
      ": macOS would show the \"out of application memory\" dialog and wait for the user, which"
          + " the model cannot answer";

  private final Mach m;
  private final Pmap pmap;
  private final VmObjects objects;
  private final Compressor compressor;
  private final SwapKill killer;
  private final Purgeable purgeable;
  private final Pressure pressure;
  private final Jetsam jetsam;
  private final Reusable reusable;
  private final OutOfMemoryDialog dialog;
  private Event wakeup;
  private int anonsGrabbed;
  private long reactivated;

  Pageout(
      Mach m,
      Pmap pmap,
      VmObjects objects,
      Compressor compressor,
      SwapKill killer,
      Purgeable purgeable,
      Pressure pressure,
      Jetsam jetsam,
      Reusable reusable) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.pmap = Objects.requireNonNull(pmap, "pmap is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
    this.compressor = Objects.requireNonNull(compressor, "compressor is null");
    this.killer = Objects.requireNonNull(killer, "killer is null");
    this.purgeable = Objects.requireNonNull(purgeable, "purgeable is null");
    this.pressure = Objects.requireNonNull(pressure, "pressure is null");
    this.jetsam = Objects.requireNonNull(jetsam, "jetsam is null");
    this.reusable = Objects.requireNonNull(reusable, "reusable is null");
    this.dialog = new OutOfMemoryDialog(m);
  }

  /**
   * Before a fault takes frames (at most {@code needed}): when free pages are down to the reserve,
   * the faulting thread waits while the scan runs (VM_PAGE_WAIT); when even that frees too little,
   * the task holding more than half the compressed pages is killed ({@link SwapKill}; on iOS, the
   * next jetsam victim, {@link Jetsam}), and when there is none macOS shows the "out of application
   * memory" dialog and {@code p} sleeps until pages come free ({@link OutOfMemoryDialog}). Returns
   * false when {@code p} cannot go on now: killed (not alive), or asleep at the dialog (the caller
   * answers BLOCKED, and the fault or operation is issued again when it wakes).
   */
  boolean ensureFree(Proc p, Region r, int needed) {
    if (m.freeCount() <= m.reserved + needed) {
      scan(Math.max(m.freeTarget, m.reserved + needed + 1));
      while (m.freeCount() <= needed) {
        Proc victim = jetsam.enabled() ? jetsam.victim(false) : killer.victim();
        if (victim == null && (jetsam.enabled() || m.options.killOnNoPagingSpace())) {
          throw m.outOfMemory(p, r, nothingReclaimable() + NO_DIALOG);
        }
        if (victim == null) {
          dialog.show(p, needed, "no free page for " + where(p, r) + ": " + nothingReclaimable());
          return false;
        }
        if (jetsam.enabled()) {
          jetsam.kill(victim, "critical");
        } else {
          killer.kill(victim);
        }
        if (victim == p) {
          return false;
        }
        scan(Math.max(m.freeTarget, m.reserved + needed + 1));
      }
    }
    if (dialog.open()) {
      dialog.gotPages(p);
    }
    return true;
  }

  /**
   * After a fault took its frames: the pressure level is re-read, the daemon woken below free_min.
   */
  void wakeIfLow() {
    pressure.update();
    if (m.freeCount() < m.freeMin && wakeup == null) {
      wakeup =
          m.kernel
              .events()
              .at(
                  m.kernel.now(),
                  EventQueue.PRIORITY_DAEMON,
                  "vm_pageout_scan",
                  () -> {
                    wakeup = null;
                    scan(m.freeTarget);
                  });
    }
  }

  /**
   * One scan: until {@code goal} pages (free_target, or what a fault needs) are free, or it has
   * looked at every pageable page once (compressed data that saves nothing frees no frame, so a
   * scan could go on for ever). Volatile purgeable objects are emptied first, oldest first, one at
   * a time while too few pages are free: nothing is compressed while one is left.
   */
  void scan(long goal) {
    m.metrics.increment(m.scans);
    scanUntil(goal);
    pressure.update();
  }

  private void scanUntil(long goal) {
    reactivated = 0;
    PageQueues q = m.queues;
    long budget = q.size(PageQueues.ACTIVE) + q.inactiveCount() + q.speculativeCount() + 16;
    while (m.freeCount() < goal && budget > 0) {
      if (purgeable.purgeOne()) {
        continue;
      }
      budget--;
      if ((steps++ & (PREFETCH - 1)) == 0) {
        prefetchAhead();
      }
      balance();
      int frame = victim();
      if (frame < 0 || !reclaim(frame)) {
        return;
      }
      compressor.swapOutIfNeeded();
    }
  }

  /**
   * Pages the scan reads ahead. Every {@code PREFETCH} victims it has the PTEs and frame records of
   * the next pages of the queues it takes from loaded ({@link
   * org.vmcompare.hw.Machine#prefetchMappingsAlong}), and for inactive their object slots too, so
   * that their waits for memory overlap instead of each waiting in turn. Each queue's read-ahead
   * goes on after the last page it loaded while that page is still on the queue, {@code PREFETCH}
   * more, about what the scan takes in the meantime; else, and every {@code RESTART} calls, it
   * starts again at the head, {@code LEAD} pages. What the scan does, and so every result, is
   * unchanged.
   */
  private static final int PREFETCH = 16;

  private static final int LEAD = 64;
  private static final int RESTART = 16;

  private long steps;
  private int inactiveAhead = -1;
  private int activeAhead = -1;

  private void prefetchAhead() {
    boolean restart = (steps / PREFETCH) % RESTART == 0;
    inactiveAhead = prefetchQueue(PageQueues.INACTIVE_ANON, restart ? -1 : inactiveAhead, true);
    activeAhead = prefetchQueue(PageQueues.ACTIVE, restart ? -1 : activeAhead, false);
  }

  /** One queue's read-ahead from after {@code last} (or its head); returns the last page loaded. */
  private int prefetchQueue(int queue, int last, boolean slots) {
    var lists = m.queues.lists;
    boolean goOn = last >= 0 && lists.listOf(last) == queue;
    int from = goOn ? lists.next(last) : lists.head(queue);
    int count = goOn ? PREFETCH : LEAD;
    if (from < 0) {
      return goOn ? last : -1;
    }
    int end = m.machine.prefetchMappingsAlong(lists, from, count);
    if (slots) {
      // the object slot a freed or compressed victim's page will be written to
      long sum = 0;
      for (int n = 0, f = from; n < count && f >= 0; n++, f = lists.next(f)) {
        MemoryObject obj = m.kernel.object(m.memory.owner(f));
        if (obj != null) {
          sum += obj.slots().get(m.memory.ownerIndex(f));
        }
      }
      prefetchSink += sum;
    }
    return end;
  }

  /** What {@link #prefetchAhead} loaded, kept so the loads cannot be optimised away. */
  private long prefetchSink;

  /** Active pages to inactive, from the head, until inactive is its target share. */
  private void balance() {
    PageQueues q = m.queues;
    long pageable = q.size(PageQueues.ACTIVE) + q.inactiveCount() + q.speculativeCount();
    long target = pageable * m.options.inactiveTargetPercent() / 100;
    while (q.inactiveCount() < Math.max(1, target) && q.size(PageQueues.ACTIVE) > 0) {
      int frame = q.lists.head(PageQueues.ACTIVE);
      m.machine.testAndClearAccessed(frame);
      q.deactivate(frame, file(frame));
    }
  }

  private int victim() {
    PageQueues q = m.queues;
    if (q.size(PageQueues.CLEANED) > 0) {
      return q.lists.head(PageQueues.CLEANED);
    }
    long spec = q.speculativeCount();
    long pageable = q.size(PageQueues.ACTIVE) + q.inactiveCount();
    if (spec > 0 && spec * 100 > pageable * m.options.speculativeTargetPercent()) {
      return q.lists.head(q.oldestSpeculative());
    }
    boolean anon = q.size(PageQueues.INACTIVE_ANON) > 0;
    boolean file = q.size(PageQueues.INACTIVE_FILE) > 0;
    if (anon && file) {
      boolean anonFirst = q.size(PageQueues.INACTIVE_FILE) * 2L < m.filePages();
      anon = anonFirst || anonsGrabbed < 2;
      anonsGrabbed = anon ? anonsGrabbed + 1 : 0;
    }
    if (anon) {
      return q.lists.head(PageQueues.INACTIVE_ANON);
    }
    if (file) {
      return q.lists.head(PageQueues.INACTIVE_FILE);
    }
    return spec > 0 ? q.lists.head(q.oldestSpeculative()) : -1;
  }

  /** Deals with one victim; false when the scan must stop (the compressor found no frame). */
  private boolean reclaim(int frame) {
    MemoryObject obj = m.kernel.object(m.memory.owner(frame));
    long page = m.memory.ownerIndex(frame);
    if (m.machine.testAndClearAccessed(frame) && reactivated < m.reactivateLimit) {
      m.queues.activate(frame);
      m.metrics.increment(m.reactivations);
      reactivated++;
      return true;
    }
    if (obj.kind() == MemoryObject.Kind.FILE) {
      pmap.disconnect(frame, -1); // keeps a dirty bit found in F_DIRTY
      if (m.memory.hasFlag(frame, PhysicalMemory.F_DIRTY)) {
        obj.file().write(page, m.memory.content(frame));
        m.memory.clearFlag(frame, PhysicalMemory.F_DIRTY);
        ObjState.writeBack(m, obj, 1, new int[] {frame}, 1, null); // paging in progress, and the
        // page cleaning (counted dirty by vmmap), until the write completes
        m.metrics.increment(Counter.FILE_WRITES);
        m.metrics.increment(m.pageouts);
        m.queues.cleaned(frame);
      } else {
        objects.pageOut(obj, page, 0);
        m.release(frame);
        m.metrics.increment(Counter.EVICTIONS);
      }
      return true;
    }
    if (reusable.discardable(frame)) {
      reusable.discard(frame, obj, page); // made reusable and clean: freed, reads zero next
      return true;
    }
    if (!m.memory.hasFlag(frame, PhysicalMemory.F_DIRTY) && !m.machine.dirtyAnywhere(frame)) {
      // zero-filled and never written since (a decompressed page is dirty): freed, as any clean
      // page is ("If it's clean and not precious, we can free the page"); it zero-fills again
      pmap.disconnect(frame, -1);
      objects.pageOut(obj, page, 0);
      m.release(frame);
      m.metrics.increment(Counter.EVICTIONS);
      return true;
    }
    int handle = compressor.put(m.memory.content(frame));
    if (handle < 0) {
      m.queues.activate(frame);
      return false;
    }
    pmap.disconnectCompressed(frame);
    objects.pageOut(obj, page, ObjState.COMPRESSED | handle);
    m.release(frame);
    return true;
  }

  private boolean file(int frame) {
    MemoryObject obj = m.kernel.object(m.memory.owner(frame));
    return obj != null && obj.kind() == MemoryObject.Kind.FILE;
  }

  /** "hog[100] (heap)": the faulting task and what it faulted on. */
  private static String where(Proc p, Region r) {
    return p + " (" + (r == null ? "a fault" : r.label()) + ")";
  }

  /** What the scan saw when it found nothing more to free, with its figures. */
  private String nothingReclaimable() {
    PageQueues q = m.queues;
    return "the pageout scan found nothing more to free ("
        + q.size(PageQueues.ACTIVE)
        + " pages active, "
        + q.inactiveCount()
        + " inactive, "
        + compressor.stored()
        + " pages stored in the compressor occupying "
        + compressor.occupied()
        + " frames, swapfiles holding "
        + compressor.swap.used()
        + " of "
        + compressor.swap.capacity()
        + " pages): "
        + (compressor.outOfSpace()
            ? "the compressor pool is at its limit (" + SwapKill.poolFigures(compressor) + ")"
            : "the compressor holds what it can (data that compresses badly frees few"
                + " frames), swap is "
                + (compressor.swap.enabled() ? "full" : "absent (machine.swap: 0, no swapMax)"))
        + ", and no task holds more than half the compressed pages";
  }
}
