package org.vmcompare.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;

/**
 * The page allocator's watermark logic (__alloc_pages): an allocation that leaves more than {@code
 * low} free takes a page at once; below {@code low} it wakes kswapd and still takes one while more
 * than {@code min} are free; at {@code min} it reclaims directly (counted as an allocation stall).
 * When reclaim frees nothing while pages are being written back, the process is throttled until a
 * write completes (reclaim_throttle) and its fault or operation is issued again; when nothing is in
 * flight either, after MAX_RECLAIM_RETRIES passes, the OOM killer runs. So free memory never drops
 * below {@code min}: only reclaim, inside the allocating call, works there.
 */
final class PageAllocator {
  /** SWAP_CLUSTER_MAX: what one direct reclaim tries to free. */
  static final int SWAP_CLUSTER_MAX = 32;

  /** {@link #alloc}'s answer when the OOM killer chose the requester: it is dead. */
  static final int KILLED = -1;

  /** {@link #alloc}'s answer when the requester waits for writeback: answer BLOCKED, retry. */
  static final int THROTTLED = -2;

  /** MAX_RECLAIM_RETRIES: direct reclaims without progress before the OOM killer runs. */
  private static final int MAX_RECLAIM_RETRIES = 16;

  /** Reclaims for an allocating process: pages freed. */
  interface DirectReclaim {
    long reclaim(int pages);
  }

  /** The OOM killer: frees memory by killing a process; false when nothing could be killed. */
  interface OutOfMemory {
    boolean kill(Proc requester);
  }

  private final Mm mm;
  private final Lru lru;
  private final Watermarks marks;
  private final List<Proc> throttled = new ArrayList<>();
  private Runnable kswapd = () -> {};
  private DirectReclaim direct = pages -> 0;
  private OutOfMemory oom = requester -> false;
  private LongSupplier inFlight = () -> 0;

  PageAllocator(Mm mm, Lru lru, Watermarks marks) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.marks = Objects.requireNonNull(marks, "marks is null");
  }

  /** Connects the reclaim side, built after the allocator. */
  void connect(
      Runnable wakeKswapd,
      DirectReclaim directReclaim,
      LongSupplier underWriteback,
      OutOfMemory outOfMemory) {
    this.kswapd = Objects.requireNonNull(wakeKswapd, "wakeKswapd is null");
    this.direct = Objects.requireNonNull(directReclaim, "directReclaim is null");
    this.inFlight = Objects.requireNonNull(underWriteback, "underWriteback is null");
    this.oom = Objects.requireNonNull(outOfMemory, "outOfMemory is null");
  }

  Watermarks marks() {
    return marks;
  }

  /**
   * A free frame for {@code requester}, reclaiming or killing as the kernel would; {@link #KILLED}
   * when the OOM killer chose the requester itself, {@link #THROTTLED} when it must wait for
   * writeback (it is blocked; its caller answers BLOCKED and is called again).
   */
  int alloc(Proc requester) {
    int noProgress = 0;
    while (true) {
      int f = tryTake();
      if (f >= 0) {
        return f;
      }
      mm.metrics.increment(mm.allocStalls);
      long got = direct.reclaim(SWAP_CLUSTER_MAX);
      mm.metrics.add(mm.reclaimDirect, got);
      if (got > 0) {
        noProgress = 0;
        continue;
      }
      if (inFlight.getAsLong() > 0) {
        throttled.add(requester);
        mm.kernel.block(requester);
        return THROTTLED;
      }
      // A pass that found only referenced pages cleared their bits: the next one may succeed.
      if (++noProgress <= MAX_RECLAIM_RETRIES) {
        continue;
      }
      noProgress = 0;
      if (!oom.kill(requester)) {
        throw new RunFailure(
            "linux: out of memory and no killable process (every one has oomScoreAdj -1000):"
                + " the kernel panics here",
            true);
      }
      if (!requester.alive()) {
        return KILLED;
      }
    }
  }

  /** Writes completed: the processes throttled for memory try again. */
  void wakeThrottled() {
    for (Proc p : throttled) {
      mm.kernel.wake(p);
    }
    throttled.clear();
  }

  /**
   * A frame without reclaiming (readahead's __GFP_NORETRY): taken while more than {@code min} are
   * free, kswapd woken below {@code low}; -1 otherwise.
   */
  int tryTake() {
    int free = lru.free();
    if (free <= marks.low()) {
      kswapd.run();
      if (free <= marks.min()) {
        return -1;
      }
    }
    return lru.takeFree();
  }
}
