package org.vmcompare.linux;

import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.vm.BackingStore;

/**
 * The swap cache (mm/swap_state.c): the link between an anonymous page and its swap slot while both
 * exist — after swap-out started, and after a swap-in while the page stays clean — so a second
 * fault on the slot finds the page without I/O, and an unmodified page is not written twice.
 *
 * <p>A slot's references ({@link BackingStore#refs}) are the swap_map count: one per swap PTE that
 * names it, plus one while a page is in the swap cache for it (SWAP_HAS_CACHE). The link costs two
 * {@code int}s: one per frame, and one per slot the device has handed out (grown as it hands them
 * out, as the device's own arrays are, so an unused swap device costs nothing).
 */
final class SwapCache {
  private final BackingStore swap;
  private final int[] slotOfFrame;
  private int[] frameOfSlot = new int[0];
  private int pages;

  SwapCache(BackingStore swap, int frames) {
    this.swap = Objects.requireNonNull(swap, "swap is null");
    this.slotOfFrame = new int[frames];
  }

  BackingStore swap() {
    return swap;
  }

  /** The page's slot, or -1 when it is not in the swap cache. */
  int slot(int frame) {
    return slotOfFrame[frame] - 1;
  }

  /** The page cached for a slot, or -1. */
  int frame(int slot) {
    return slot < frameOfSlot.length ? frameOfSlot[slot] - 1 : -1;
  }

  /** Pages in the swap cache (SwapCached). */
  int pages() {
    return pages;
  }

  /** add_to_swap: a new slot for the page, held by the cache; -1 when swap is full. */
  int addNew(int frame) {
    int slot = swap.allocate();
    if (slot >= 0) {
      link(frame, slot);
    }
    return slot;
  }

  /** A page read back for a slot some PTE still names: the cache takes its own reference. */
  void addExisting(int frame, int slot) {
    swap.retain(slot);
    link(frame, slot);
  }

  /** delete_from_swap_cache: unlinks the page and drops the cache's reference to its slot. */
  void delete(int frame) {
    int slot = slot(frame);
    if (slot < 0) {
      throw new IllegalStateException("frame " + frame + " is not in the swap cache");
    }
    slotOfFrame[frame] = 0;
    frameOfSlot[slot] = 0;
    pages--;
    swap.release(slot);
  }

  /** Whether only the cache holds the slot: no PTE names it (!folio_swapped). */
  boolean onlyCacheHolds(int slot) {
    return swap.refs(slot) == 1;
  }

  /** vm_swap_full: more than half of swap is in use. */
  boolean full() {
    return swap.free() * 2L < swap.capacity();
  }

  private void link(int frame, int slot) {
    if (slot >= frameOfSlot.length) {
      frameOfSlot = Arrays.copyOf(frameOfSlot, Math.max(slot + 1, frameOfSlot.length * 2));
    }
    slotOfFrame[frame] = slot + 1;
    frameOfSlot[slot] = frame + 1;
    pages++;
  }
}
