package org.vmcompare.hw;

import java.util.Arrays;

/**
 * Intrusive doubly-linked lists over frame numbers: the mechanism behind every OS's page lists
 * (Linux's LRU lists and free lists, Windows' zeroed/free/standby/modified lists, XNU's page
 * queues). A frame is on at most one list of a given {@code FrameLists}; a model that needs two
 * independent memberships creates two instances. All operations are O(1) and allocate nothing.
 *
 * <p>One {@code long} a frame holds its two links and its list number ({@link #LINK_BITS} bits each
 * for the links, {@link #LIST_BITS} for the list): taking a frame off a list or putting it on one
 * reads and writes one word, so one wait for memory where three parallel arrays cost three (reclaim
 * and repurposing visit frames in no address order). A frame on no list has no use for its links,
 * so it lends the word's low 32 bits to its owner as a {@link #spare} word (Windows keeps a
 * working-set entry's index there: a frame in a working set is on no page list); putting the frame
 * on a list takes the word back.
 */
public final class FrameLists {
  /** List id of a frame on no list. */
  public static final int NONE = -1;

  /** Bits of a link (a frame number plus one, 0 for none): frames up to 2^29 - 2. */
  private static final int LINK_BITS = 29;

  /** Bits of a list number plus one (0 for none): at most 63 lists. */
  private static final int LIST_BITS = 6;

  private static final long LINK_MASK = (1L << LINK_BITS) - 1;
  private static final int PREV_SHIFT = LINK_BITS;
  private static final int LIST_SHIFT = 2 * LINK_BITS;
  private static final long PREV_MASK = LINK_MASK << PREV_SHIFT;

  /** Most lists one instance holds. */
  public static final int MAX_LISTS = (1 << LIST_BITS) - 1;

  /** Most frames one instance holds (more than {@link PhysicalMemory} accepts). */
  public static final int MAX_FRAMES = (int) LINK_MASK - 1;

  /** The word of a frame on no list whose spare word is -1. */
  private static final long OFF = 0xFFFF_FFFFL;

  /** Per frame: next + 1, prev + 1 and list + 1 packed, or a spare word while on no list. */
  private final long[] link;

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
    if (listNames.length > MAX_LISTS) {
      throw new IllegalArgumentException(
          "FrameLists holds at most " + MAX_LISTS + " lists, got " + listNames.length);
    }
    if (frames < 0 || frames > MAX_FRAMES) {
      throw new IllegalArgumentException(
          "FrameLists holds at most " + MAX_FRAMES + " frames, got " + frames);
    }
    this.names = listNames.clone();
    this.link = new long[frames];
    Arrays.fill(link, OFF);
    this.head = new int[listNames.length];
    this.tail = new int[listNames.length];
    this.size = new int[listNames.length];
    this.watched = new boolean[listNames.length];
    Arrays.fill(head, -1);
    Arrays.fill(tail, -1);
  }

  private static int nextOf(long word) {
    return (int) (word & LINK_MASK) - 1;
  }

  private static int prevOf(long word) {
    return (int) ((word & PREV_MASK) >>> PREV_SHIFT) - 1;
  }

  private static int listOfWord(long word) {
    return (int) (word >>> LIST_SHIFT) - 1;
  }

  private static long word(int list, int prev, int next) {
    return ((long) (list + 1) << LIST_SHIFT) | ((long) (prev + 1) << PREV_SHIFT) | (next + 1);
  }

  private void setNext(int frame, int next) {
    link[frame] = (link[frame] & ~LINK_MASK) | (next + 1);
  }

  private void setPrev(int frame, int prev) {
    link[frame] = (link[frame] & ~PREV_MASK) | ((long) (prev + 1) << PREV_SHIFT);
  }

  public int lists() {
    return names.length;
  }

  public String name(int list) {
    return names[list];
  }

  public int listOf(int frame) {
    return listOfWord(link[frame]);
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
    return nextOf(link[frame]);
  }

  /** The frame before this one toward the head, or -1; for a frame on a list. */
  public int prev(int frame) {
    return prevOf(link[frame]);
  }

  /**
   * The word a frame on no list lends its owner (its link word's low half): what {@link #setSpare}
   * stored since the frame left its last list, else -1. Meaningless for a frame on a list.
   */
  public int spare(int frame) {
    return (int) link[frame];
  }

  /**
   * Stores the owner's word in a frame on no list; adding the frame to a list overwrites it.
   *
   * @throws IllegalStateException when the frame is on a list (its link is in use)
   */
  public void setSpare(int frame, int word) {
    requireOff(frame);
    link[frame] = word & OFF;
  }

  public void addTail(int list, int frame) {
    requireOff(frame);
    int t = tail[list];
    link[frame] = word(list, t, -1);
    if (t >= 0) {
      setNext(t, frame);
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
    int h = head[list];
    link[frame] = word(list, -1, h);
    if (h >= 0) {
      setPrev(h, frame);
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
    long w = link[frame];
    int list = listOfWord(w);
    if (list == NONE) {
      return;
    }
    int p = prevOf(w);
    int n = nextOf(w);
    if (p >= 0) {
      setNext(p, n);
    } else {
      head[list] = n;
    }
    if (n >= 0) {
      setPrev(n, p);
    } else {
      tail[list] = p;
    }
    link[frame] = OFF; // on no list, its spare word -1
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
    int list = listOfWord(link[frame]);
    if (list != NONE) {
      throw new IllegalStateException("frame " + frame + " is already on list " + names[list]);
    }
  }
}
