package org.vmcompare.textbook;

/**
 * A page-replacement policy over a fixed number of frames, with no hardware underneath: a page is
 * either resident or not.
 *
 * <p>It exists as the baseline every OS model is compared with, and as the thing students check
 * against OSTEP's {@code paging-policy.py}. Implementations keep everything in flat primitive
 * arrays so that {@link #access} allocates nothing. Not thread-safe.
 */
public interface ReplacementPolicy {
  /**
   * References {@code page} (a non-negative page number).
   *
   * @return true on a hit; on a miss the page becomes resident, evicting {@link #lastVictim()} if
   *     every frame was in use
   */
  boolean access(long page);

  /**
   * References {@code pages[from .. to)} in order, exactly as repeated {@link #access} calls would.
   * It exists so the simulation loop runs inside the concrete class, where the JIT can inline
   * everything.
   *
   * @return the number of hits
   */
  long accessAll(long[] pages, int from, int to);

  /**
   * Forgets {@code page} without counting a reference, because its owner freed it (process exit,
   * unmap, discard); its frame becomes free for the next miss. Does not change {@link
   * #lastVictim()}.
   *
   * @return false if the page was not resident
   */
  boolean remove(long page);

  /** The page evicted by the last {@link #access}, or -1 if it evicted nothing. */
  long lastVictim();

  /** The number of resident pages. */
  int resident();

  /** The number of frames. */
  int frames();

  /** The policy's name as users type it: FIFO, LRU, CLOCK, OPT, RANDOM. */
  String name();

  /**
   * The resident pages in the policy's own order, for step-by-step output: FIFO first-in to
   * last-in, LRU least to most recently used, CLOCK from the hand onwards, OPT in load order,
   * RANDOM by frame. Allocates; not for hot loops.
   */
  long[] residentInOrder();
}
