package org.vmcompare.hw;

import java.util.Objects;

/**
 * {@link Machine}'s prefetch hints: loads of PTEs into the host's caches, with no simulated effect.
 * A reclaim scan or an aging pass meets PTEs scattered over megabytes of page tables; loading a
 * block of them in a loop with nothing else in it puts their waits for memory side by side instead
 * of one after the other.
 */
final class PtePrefetch {
  private static final int BLOCK = 64;

  private final PhysicalMemory memory;
  private final PageTables pageTables;
  private final ReverseMap rmap;
  private final long[] addresses = new long[BLOCK];

  /** What the hints loaded, kept so the loads cannot be optimised away. */
  private long sink;

  PtePrefetch(PhysicalMemory memory, PageTables pageTables, ReverseMap rmap) {
    this.memory = Objects.requireNonNull(memory, "memory is null");
    this.pageTables = Objects.requireNonNull(pageTables, "pageTables is null");
    this.rmap = Objects.requireNonNull(rmap, "rmap is null");
  }

  /** {@link Machine#prefetchMappings}. */
  void mappings(int firstFrame, int count) {
    int end = (int) Math.min((long) firstFrame + Math.max(0, count), memory.frames());
    long sum = 0;
    for (int from = Math.max(0, firstFrame); from < end; from += BLOCK) {
      // First where each PTE is (the reverse-map words are in frame order, the rest cached), then
      // the loads, in a loop so short that all of them are in flight together.
      int to = Math.min(end, from + BLOCK);
      int k = 0;
      for (int f = from; f < to; f++) {
        k = addPteAddress(f, k);
      }
      sum += loadAddresses(k);
    }
    sink += sum;
  }

  /** {@link Machine#prefetchMappingsAlong}. */
  int mappingsAlong(FrameLists lists, int frame, int count) {
    long sum = 0;
    int last = -1;
    int f = frame;
    for (int done = 0; done < count && f >= 0; ) {
      int k = 0;
      for (; k < BLOCK && done < count && f >= 0; done++) {
        sum += memory.owner(f);
        k = addPteAddress(f, k);
        last = f;
        f = lists.next(f);
      }
      sum += loadAddresses(k);
    }
    sink += sum;
    return last;
  }

  /** {@link Machine#prefetchPtes}. */
  void ptes(PageTable pt, long[] vpns, int count) {
    long sum = 0;
    for (int j = 0; j < count; j++) {
      long a = pt.peekAddress(vpns[j]);
      if (a >= 0) {
        sum += pageTables.entryAt(a);
      }
    }
    sink += sum;
  }

  /**
   * Puts where the PTE of frame f's first mapping lies at {@code addresses[k]}, if it has one in a
   * cached leaf table; returns the addresses collected so far.
   */
  private int addPteAddress(int f, int k) {
    int n = rmap.first(f);
    if (n >= 0) {
      PageTable pt = pageTables.byAsid(rmap.asid(n));
      if (pt != null) {
        long a = pt.peekAddress(rmap.vpn(n));
        if (a >= 0) {
          addresses[k++] = a;
        }
      }
    }
    return k;
  }

  /** Loads the PTEs at {@code addresses[0, k)}, in a loop with nothing else in it. */
  private long loadAddresses(int k) {
    long sum = 0;
    for (int j = 0; j < k; j++) {
      sum += pageTables.entryAt(addresses[j]);
    }
    return sum;
  }
}
