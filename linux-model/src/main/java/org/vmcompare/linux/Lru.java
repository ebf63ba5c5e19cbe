package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PhysicalMemory;

/**
 * The node's page lists (struct lruvec plus the free list): free, inactive_anon, active_anon,
 * inactive_file, active_file, unevictable, in one {@link FrameLists} (12 bytes a frame). Every
 * list's tail is its young end, where new and rotated pages go; reclaim takes from the head, the
 * oldest end, as the kernel takes from an LRU list's tail.
 *
 * <p>Anonymous pages that MADV_FREE made lazyfree sit on the file lists (4.12+), as the kernel puts
 * !swapbacked pages there.
 */
final class Lru {
  static final int FREE = 0;
  static final int INACTIVE_ANON = 1;
  static final int ACTIVE_ANON = 2;
  static final int INACTIVE_FILE = 3;
  static final int ACTIVE_FILE = 4;
  static final int UNEVICTABLE = 5;

  private final FrameLists lists;
  private final PhysicalMemory memory;

  /** Pages a huge page stands for on its list (HPAGE_PMD_NR). */
  private final int hugePages;

  /**
   * Pages on each list, a huge head counting all its pages: the kernel's NR_LRU_* counters
   * (lru_zone_size), kept beside the lists as the kernel keeps them, and audited against them.
   */
  private final long[] nr = new long[6];

  /** The planted fault {@code miscount-lru-list}: an activation is not counted (check's tests). */
  private final boolean miscount;

  Lru(PhysicalMemory memory, int hugePages) {
    this(memory, hugePages, false);
  }

  Lru(PhysicalMemory memory, int hugePages, boolean miscount) {
    this.memory = Objects.requireNonNull(memory, "memory is null");
    this.hugePages = hugePages;
    this.miscount = miscount;
    this.lists =
        new FrameLists(
            memory.frames(),
            "free",
            "inactive_anon",
            "active_anon",
            "inactive_file",
            "active_file",
            "unevictable");
  }

  /** Pages on a list (a huge page counts all its pages), as counted. */
  int size(int list) {
    return list == FREE ? lists.size(FREE) : (int) nr[list];
  }

  /** Pages a frame stands for on its list: a huge head all of its folio's. */
  int pagesOf(int frame) {
    return memory.hasFlag(frame, PageFlags.HUGE) ? hugePages : 1;
  }

  int free() {
    return lists.size(FREE);
  }

  int listOf(int frame) {
    return lists.listOf(frame);
  }

  int oldest(int list) {
    return lists.head(list);
  }

  int younger(int frame) {
    return lists.next(frame);
  }

  /** Gives a frame to the free list at boot or when its page is freed. */
  void addFree(int frame) {
    lists.addTail(FREE, frame);
  }

  /** A free frame for a new page, or -1; the caller checks the watermarks first. */
  int takeFree() {
    return lists.pollHead(FREE);
  }

  /** Frees a page's frame: off its list, its content and owner forgotten, back on the free list. */
  void freePage(int frame) {
    isolate(frame);
    memory.release(frame);
    lists.addTail(FREE, frame);
  }

  /** Takes frames for a huge page off the free list (the caller checked they are all free). */
  void takeFreeRange(int first, int count) {
    for (int f = first; f < first + count; f++) {
      lists.remove(f);
    }
  }

  /** Returns a frame that was taken but never claimed (its allocation turned out unneeded). */
  void freeFrame(int frame) {
    lists.addTail(FREE, frame);
  }

  /** Takes a page off every list (isolated for I/O or for a decision). */
  void isolate(int frame) {
    count(frame, -1);
    lists.remove(frame);
  }

  /** Puts a new or isolated page at the young end of its type's inactive or active list. */
  void add(int frame, boolean active) {
    lists.addTail(list(frame, active), frame);
    if (!(miscount && active)) {
      count(frame, 1);
    }
  }

  void activate(int frame) {
    isolate(frame);
    add(frame, true);
  }

  private void count(int frame, int delta) {
    int list = lists.listOf(frame);
    if (list != FrameLists.NONE && list != FREE) {
      nr[list] += (long) delta * pagesOf(frame);
    }
  }

  static boolean isActive(int list) {
    return list == ACTIVE_ANON || list == ACTIVE_FILE;
  }

  /**
   * Whether the page belongs on the file lists: page cache, or anonymous but lazyfree (shmem is
   * swap-backed: the anon lists).
   */
  boolean fileLru(int frame) {
    return !memory.hasFlag(frame, PageFlags.ANON | PageFlags.SHMEM)
        || memory.hasFlag(frame, PageFlags.LAZYFREE);
  }

  private int list(int frame, boolean active) {
    if (fileLru(frame)) {
      return active ? ACTIVE_FILE : INACTIVE_FILE;
    }
    return active ? ACTIVE_ANON : INACTIVE_ANON;
  }

  /** Bytes of list links this class keeps per frame, for the memory budget. */
  static int bytesPerFrame() {
    return 12;
  }
}
