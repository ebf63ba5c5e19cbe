package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PhysicalMemory;

/**
 * XNU's page queues (osfmk/vm/vm_page.h): every frame the model manages sits on exactly one of
 * free, active, inactive (anonymous and file-backed kept apart), speculative (ten age bins),
 * cleaned, throttled (empty while the compressor is on, as on every Mac) or compressor (the frames
 * holding compressor segments); the kernel's frames are the wired ones and sit on none. Built on
 * core's {@link FrameLists}, one list a queue, so a frame's queue is one array read.
 *
 * <p>New pages enter at the tail; the pageout scan takes from the head (the oldest). Speculative
 * pages enter the newest bin; each aging step (every {@code speculativeBinMs}) moves the oldest
 * bin's pages to the tail of inactive-file and makes that bin the newest.
 */
final class PageQueues {
  static final int FREE = 0;
  static final int ACTIVE = 1;
  static final int INACTIVE_ANON = 2;
  static final int INACTIVE_FILE = 3;
  static final int CLEANED = 4;
  static final int THROTTLED = 5;
  static final int COMPRESSOR = 6;
  static final int SPECULATIVE0 = 7;
  static final int BINS = 10;

  final FrameLists lists;
  private final PhysicalMemory memory;

  /** The bin new speculative pages enter, 0..9; the one after it (mod 10) is the oldest. */
  private int newestBin;

  PageQueues(PhysicalMemory memory) {
    this.memory = Objects.requireNonNull(memory, "memory is null");
    String[] names = new String[SPECULATIVE0 + BINS];
    names[FREE] = "free";
    names[ACTIVE] = "active";
    names[INACTIVE_ANON] = "inactive-anon";
    names[INACTIVE_FILE] = "inactive-file";
    names[CLEANED] = "cleaned";
    names[THROTTLED] = "throttled";
    names[COMPRESSOR] = "compressor";
    for (int i = 0; i < BINS; i++) {
      names[SPECULATIVE0 + i] = "speculative" + i;
    }
    lists = new FrameLists(memory.frames(), names);
    for (int f = memory.kernelFrames(); f < memory.frames(); f++) {
      lists.addTail(FREE, f); // the lowest frame first, as the model's first part handed them out
    }
  }

  int size(int queue) {
    return lists.size(queue);
  }

  int queueOf(int frame) {
    return lists.listOf(frame);
  }

  /** Takes a free frame (the one freed last, else the lowest never used), or -1. */
  int takeFree() {
    return lists.pollHead(FREE);
  }

  /** Puts a released frame back on the free queue, off whatever queue it was on. */
  void free(int frame) {
    lists.remove(frame);
    lists.addHead(FREE, frame);
  }

  /** vm_page_activate: to the tail of active. */
  void activate(int frame) {
    lists.moveToTail(ACTIVE, frame);
  }

  /** vm_page_deactivate: to the tail of the inactive queue of its kind. */
  void deactivate(int frame, boolean file) {
    lists.moveToTail(file ? INACTIVE_FILE : INACTIVE_ANON, frame);
  }

  /** A page read ahead of need: to the newest speculative bin. */
  void speculate(int frame) {
    lists.moveToTail(SPECULATIVE0 + newestBin, frame);
  }

  /** A frame that now holds a compressor segment. */
  void compressor(int frame) {
    lists.moveToTail(COMPRESSOR, frame);
  }

  /** A dirty file page written back: clean now, first in line for the next scan. */
  void cleaned(int frame) {
    lists.moveToTail(CLEANED, frame);
  }

  boolean speculative(int frame) {
    int q = lists.listOf(frame);
    return q >= SPECULATIVE0 && q < SPECULATIVE0 + BINS;
  }

  boolean inactive(int frame) {
    int q = lists.listOf(frame);
    return q == INACTIVE_ANON || q == INACTIVE_FILE || q == CLEANED;
  }

  long speculativeCount() {
    long n = 0;
    for (int i = 0; i < BINS; i++) {
      n += lists.size(SPECULATIVE0 + i);
    }
    return n;
  }

  long inactiveCount() {
    return lists.size(INACTIVE_ANON) + lists.size(INACTIVE_FILE) + lists.size(CLEANED);
  }

  /** The oldest speculative bin that holds a page (its queue id), or -1. */
  int oldestSpeculative() {
    for (int i = 1; i <= BINS; i++) {
      int q = SPECULATIVE0 + (newestBin + i) % BINS;
      if (!lists.isEmpty(q)) {
        return q;
      }
    }
    return -1;
  }

  /**
   * One aging step (vm_page_speculative_age_q): the oldest bin's pages age into inactive-file and
   * that bin becomes the newest. Returns how many pages aged.
   */
  int age() {
    int oldest = (newestBin + 1) % BINS;
    int q = SPECULATIVE0 + oldest;
    int moved = 0;
    for (int f = lists.pollHead(q); f >= 0; f = lists.pollHead(q)) {
      lists.addTail(INACTIVE_FILE, f);
      moved++;
    }
    newestBin = oldest;
    return moved;
  }

  /** Problems with the books: a claimed frame on free, a free frame off it. */
  String audit() {
    for (int f = memory.kernelFrames(); f < memory.frames(); f++) {
      boolean onFree = lists.listOf(f) == FREE;
      if (memory.inUse(f) == onFree) {
        return "macos: frame "
            + f
            + (onFree ? " holds data but is on the free queue" : " is free but not on free");
      }
      if (lists.listOf(f) == FrameLists.NONE) {
        return "macos: frame " + f + " is on no page queue";
      }
    }
    return null;
  }
}
