package org.vmcompare.textbook;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.vmcompare.util.LongIntHashMap;

/**
 * Belady's MIN (OPT): evicts the resident page whose next reference is farthest in the future. It
 * needs the whole reference string in advance, so it is a yardstick, not an implementable policy.
 *
 * <p>The next use of every reference is precomputed in one backward pass; resident slots sit in an
 * indexed max-heap keyed by next use, so a reference costs O(log frames). Pages never referenced
 * again all tie at "infinity"; among them the most recently loaded is evicted, which is what
 * OSTEP's {@code paging-policy.py} does (it scans memory in load order and keeps the last page with
 * the largest next use), so {@code --steps} output matches it line for line.
 */
final class OptPolicy extends SlotPolicy {
  private final long[] future;
  private final int[] nextUse;
  private final long[] loadSeq;
  private final long[] key;
  private final int[] heap;
  private final int[] heapPos;
  private int position;
  private int heapSize;
  private long loads;
  private final boolean wrongVictim;

  OptPolicy(int frames, long[] future) {
    this(frames, future, false);
  }

  /**
   * {@code wrongVictim}: a test-only bug (the textbook's {@code opt-evicts-wrong-page}) that evicts
   * the heap's last leaf instead of its root, the page used farthest in the future.
   */
  OptPolicy(int frames, long[] future, boolean wrongVictim) {
    super(frames);
    this.wrongVictim = wrongVictim;
    this.future = future;
    int n = future.length;
    this.nextUse = new int[n];
    LongIntHashMap seen = new LongIntHashMap(Math.min(n, 1 << 16));
    for (int i = n - 1; i >= 0; i--) {
      checkPage(future[i]);
      int later = seen.put(future[i], i);
      nextUse[i] = later < 0 ? n : later;
    }
    this.loadSeq = new long[frames];
    this.key = new long[frames];
    this.heap = new int[frames];
    this.heapPos = new int[frames];
  }

  @Override
  public boolean access(long page) {
    int i = position;
    if (i >= future.length || future[i] != page) {
      throw new IllegalStateException(
          "OPT was given page "
              + page
              + " as reference #"
              + i
              + " but its future says "
              + (i < future.length ? Long.toString(future[i]) : "the trace has ended"));
    }
    position = i + 1;
    lastVictim = -1;
    int slot = slotOf.get(page);
    if (slot >= 0) {
      key[slot] = keyOf(i, slot);
      siftUp(heapPos[slot]);
      return true;
    }
    slot = takeFreeSlot();
    if (slot >= 0) {
      loadSeq[slot] = loads++;
      slotPage[slot] = page;
      key[slot] = keyOf(i, slot);
      int pos = heapSize++;
      heap[pos] = slot;
      heapPos[slot] = pos;
      siftUp(pos);
    } else {
      int pos = wrongVictim ? heapSize - 1 : 0;
      slot = heap[pos];
      lastVictim = slotPage[slot];
      slotOf.remove(lastVictim);
      loadSeq[slot] = loads++;
      slotPage[slot] = page;
      key[slot] = keyOf(i, slot);
      if (pos == 0) {
        siftDown(0);
      } else {
        siftUp(pos);
      }
    }
    slotOf.put(page, slot);
    return false;
  }

  /**
   * Forgets a resident page. OPT still expects every later reference of the future it was given, in
   * order; a removed page that is referenced again simply misses.
   */
  @Override
  public boolean remove(long page) {
    int slot = slotOf.get(page);
    if (slot < 0) {
      return false;
    }
    int pos = heapPos[slot];
    int last = heap[--heapSize];
    if (pos != heapSize) {
      heap[pos] = last;
      heapPos[last] = pos;
      siftDown(pos);
      siftUp(heapPos[last]);
    }
    releasePage(page);
    return true;
  }

  /** Next use of reference {@code i}; never-again pages rank above, most recently loaded first. */
  private long keyOf(int i, int slot) {
    int next = nextUse[i];
    return next < future.length ? next : (long) future.length + loadSeq[slot];
  }

  private void siftUp(int pos) {
    int slot = heap[pos];
    long k = key[slot];
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      int ps = heap[parent];
      if (key[ps] >= k) {
        break;
      }
      heap[pos] = ps;
      heapPos[ps] = pos;
      pos = parent;
    }
    heap[pos] = slot;
    heapPos[slot] = pos;
  }

  private void siftDown(int pos) {
    int slot = heap[pos];
    long k = key[slot];
    int n = heapSize;
    while (true) {
      int child = 2 * pos + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && key[heap[child + 1]] > key[heap[child]]) {
        child++;
      }
      int cs = heap[child];
      if (key[cs] <= k) {
        break;
      }
      heap[pos] = cs;
      heapPos[cs] = pos;
      pos = child;
    }
    heap[pos] = slot;
    heapPos[slot] = pos;
  }

  @Override
  public long accessAll(long[] pages, int from, int to) {
    long hits = 0;
    for (int i = from; i < to; i++) {
      if (access(pages[i])) {
        hits++;
      }
    }
    return hits;
  }

  @Override
  public String name() {
    return "OPT";
  }

  @Override
  public long[] residentInOrder() {
    Integer[] slots =
        IntStream.range(0, frames)
            .filter(s -> slotPage[s] != EMPTY)
            .boxed()
            .toArray(Integer[]::new);
    Arrays.sort(slots, Comparator.comparingLong(s -> loadSeq[s]));
    long[] out = new long[slots.length];
    for (int i = 0; i < slots.length; i++) {
      out[i] = slotPage[slots[i]];
    }
    return out;
  }
}
