package org.vmcompare.hw;

import java.util.Arrays;

/**
 * Intrusive doubly-linked lists over frame numbers: the mechanism behind every OS's page lists
 * (Linux's LRU lists and free lists, Windows' zeroed/free/standby/modified lists, XNU's page
 * queues). A frame is on at most one list of a given {@code FrameLists}; a model that needs two
 * independent memberships creates two instances. All operations are O(1) and allocate nothing.
 *
 * <p>Nine bytes a frame: the two links and the list number as a byte (at most 127 lists). A frame
 * on no list has no use for its links, so it lends one of them to its owner as a {@link #spare}
 * word (Windows keeps a working-set entry's index there: a frame in a working set is on no page
 * list); putting the frame on a list takes the word back.
 */
public final class FrameLists {
  /** List id of a frame on no list. */
  public static final int NONE = -1;

  private final int[] next;
  private final int[] prev;
  private final byte[] listOf;
  private final int[] head;
  private final int[] tail;
  private final int[] size;
  private final String[] names;

  /** Lists whose sizes add up to {@link #watchedTotal}, and what to do when it rises to a mark. */
  private final boolean[] watched;

  private int watchedTotal;
  private int mark = -1;
  private Runnable onMark;

  /** Lists named in display order; the index of a name is its list id. */
  public FrameLists(int frames, String... listNames) {
    if (listNames.length > Byte.MAX_VALUE) {
      throw new IllegalArgumentException(
          "FrameLists holds at most " + Byte.MAX_VALUE + " lists, got " + listNames.length);
    }
    this.names = listNames.clone();
    this.next = new int[frames];
    this.prev = new int[frames];
    Arrays.fill(next, -1);
    Arrays.fill(prev, -1);
    this.listOf = new byte[frames];
    Arrays.fill(listOf, (byte) NONE);
    this.head = new int[listNames.length];
    this.tail = new int[listNames.length];
    this.size = new int[listNames.length];
    this.watched = new boolean[listNames.length];
    Arrays.fill(head, -1);
    Arrays.fill(tail, -1);
  }

  public int lists() {
    return names.length;
  }

  public String name(int list) {
    return names[list];
  }

  public int listOf(int frame) {
    return listOf[frame];
  }

  public int size(int list) {
    return size[list];
  }

  public boolean isEmpty(int list) {
    return size[list] == 0;
  }

  /**
   * Watches the total size of some lists, as kernels watch their free-page count (Windows'
   * available pages, made of the Free, Zeroed and Standby lists): {@code onMark} runs each time a
   * frame added to one of them brings the total to exactly {@code mark} (a rising edge: the WRK
   * sets MmAvailablePagesEventHigh as the count reaches MM_HIGH_LIMIT), after the list is
   * consistent. A mark of 0 or less never runs it. One watch per instance; a second call replaces
   * the first.
   */
  public void watch(int[] listIds, int mark, Runnable onMark) {
    Arrays.fill(watched, false);
    int total = 0;
    for (int list : listIds) {
      if (!watched[list]) {
        watched[list] = true;
        total += size[list];
      }
    }
    this.watchedTotal = total;
    this.mark = mark > 0 ? mark : -1;
    this.onMark = onMark;
  }

  /** The total size of the lists {@link #watch} names (0 when nothing is watched). */
  public int watchedTotal() {
    return watchedTotal;
  }

  /** First frame (the oldest for FIFO use), or -1. */
  public int head(int list) {
    return head[list];
  }

  public int tail(int list) {
    return tail[list];
  }

  /** The frame after this one toward the tail, or -1; for a frame on a list. */
  public int next(int frame) {
    return next[frame];
  }

  /** The frame before this one toward the head, or -1; for a frame on a list. */
  public int prev(int frame) {
    return prev[frame];
  }

  /**
   * The word a frame on no list lends its owner (its next link): what {@link #setSpare} stored
   * since the frame left its last list, else -1. Meaningless for a frame on a list.
   */
  public int spare(int frame) {
    return next[frame];
  }

  /**
   * Stores the owner's word in a frame on no list; adding the frame to a list overwrites it.
   *
   * @throws IllegalStateException when the frame is on a list (its link is in use)
   */
  public void setSpare(int frame, int word) {
    requireOff(frame);
    next[frame] = word;
  }

  public void addTail(int list, int frame) {
    requireOff(frame);
    listOf[frame] = (byte) list;
    next[frame] = -1;
    prev[frame] = tail[list];
    if (tail[list] >= 0) {
      next[tail[list]] = frame;
    } else {
      head[list] = frame;
    }
    tail[list] = frame;
    size[list]++;
    if (watched[list] && ++watchedTotal == mark) {
      onMark.run();
    }
  }

  public void addHead(int list, int frame) {
    requireOff(frame);
    listOf[frame] = (byte) list;
    prev[frame] = -1;
    next[frame] = head[list];
    if (head[list] >= 0) {
      prev[head[list]] = frame;
    } else {
      tail[list] = frame;
    }
    head[list] = frame;
    size[list]++;
    if (watched[list] && ++watchedTotal == mark) {
      onMark.run();
    }
  }

  /** Takes a frame off whatever list it is on; no-op if on none. */
  public void remove(int frame) {
    int list = listOf[frame];
    if (list == NONE) {
      return;
    }
    int p = prev[frame];
    int n = next[frame];
    if (p >= 0) {
      next[p] = n;
    } else {
      head[list] = n;
    }
    if (n >= 0) {
      prev[n] = p;
    } else {
      tail[list] = p;
    }
    listOf[frame] = (byte) NONE;
    next[frame] = -1; // the spare word of a frame on no list
    prev[frame] = -1;
    size[list]--;
    if (watched[list]) {
      watchedTotal--;
    }
  }

  /** Removes and returns the head, or -1 when empty. */
  public int pollHead(int list) {
    int f = head[list];
    if (f >= 0) {
      remove(f);
    }
    return f;
  }

  /** Moves a frame (from any list) to the tail of a list. */
  public void moveToTail(int list, int frame) {
    remove(frame);
    addTail(list, frame);
  }

  public void moveToHead(int list, int frame) {
    remove(frame);
    addHead(list, frame);
  }

  private void requireOff(int frame) {
    if (listOf[frame] != NONE) {
      throw new IllegalStateException(
          "frame " + frame + " is already on list " + names[listOf[frame]]);
    }
  }
}
