package org.vmcompare.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.MemoryObject;

/**
 * The model's books, for {@code OsPersonality.audit} (the check engine asks before every step):
 * what must add up between the page lists, the page flags, the swap cache, the page cache, the swap
 * slots' references and the page tables. Slow and thorough (every frame, every PTE); never on a
 * normal run's path.
 */
final class Books {
  private static final String[] LISTS = {
    "free", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable"
  };

  /** The first problems are enough to say what broke. */
  private static final int MAX_PROBLEMS = 5;

  private final Parts k;

  Books(Parts k) {
    this.k = Objects.requireNonNull(k, "k is null");
  }

  List<String> audit() {
    List<String> problems = new ArrayList<>();
    frames(problems);
    if (problems.isEmpty()) {
      swap(problems);
    }
    return problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
  }

  /**
   * Every managed frame is free and on the free list, or in use and on exactly the LRU list of its
   * type, or in use off every list for a reason the kernel has (a huge page's tail, a page being
   * read or written); the list counters equal the pages on the lists; the swap cache, the page
   * cache and the writeback count equal the frames flagged for them.
   */
  private void frames(List<String> problems) {
    Mm mm = k.mm;
    Lru lru = k.lru;
    long[] onList = new long[LISTS.length];
    long swapCached = 0;
    long pageCached = 0;
    long shmemPages = 0;
    long writeback = 0;
    for (int f = mm.firstManagedFrame(); f < mm.memory.frames(); f++) {
      int list = lru.listOf(f);
      boolean inUse = mm.memory.inUse(f);
      if (list != FrameLists.NONE) {
        onList[list] += list == Lru.FREE ? 1 : lru.pagesOf(f);
      }
      if (!inUse) {
        if (list != Lru.FREE) {
          problems.add("linux: frame " + f + " is not in use but " + where(list));
        }
        continue;
      }
      if (mm.memory.hasFlag(f, PageFlags.PINNED)) {
        problems.add("linux: frame " + f + " is still held by a fault between steps");
      }
      if (mm.memory.hasFlag(f, PageFlags.WRITEBACK)) {
        writeback++;
      }
      boolean tail = mm.memory.hasFlag(f, PageFlags.TAIL);
      if (list == Lru.FREE) {
        problems.add("linux: frame " + f + " is in use but on the free list");
      } else if (list == FrameLists.NONE) {
        if (!tail && !mm.memory.hasFlag(f, PageFlags.LOCKED | PageFlags.WRITEBACK)) {
          problems.add("linux: frame " + f + " is in use but on no list (not read or written)");
        }
      } else if (tail) {
        problems.add("linux: frame " + f + ", a huge page's tail, is " + where(list));
      } else if (lru.fileLru(f) != (list == Lru.INACTIVE_FILE || list == Lru.ACTIVE_FILE)) {
        problems.add(
            "linux: frame " + f + (mm.isAnon(f) ? " (anon)" : " (file)") + " is " + where(list));
      }
      int slot = k.swapCache.slot(f);
      if (slot >= 0) {
        swapCached++;
        if (k.swapCache.frame(slot) != f) {
          problems.add("linux: frame " + f + " names slot " + slot + ", which names another");
        }
      }
      if (mm.memory.hasFlag(f, PageFlags.SHMEM)) {
        MemoryObject obj = mm.owner(f);
        long page = mm.memory.ownerIndex(f);
        if (obj == null || obj.kind() != MemoryObject.Kind.SHARED) {
          problems.add("linux: frame " + f + " is a shmem page of no shared object");
        } else if (Shmem.frame(obj, page) == f) {
          shmemPages++;
        } else if (slot < 0 || Shmem.swapSlot(obj, page) != slot) {
          problems.add("linux: frame " + f + " holds a shmem page its object does not name");
        }
      } else if (!mm.isAnon(f)) {
        MemoryObject obj = mm.owner(f);
        if (obj == null || obj.kind() != MemoryObject.Kind.FILE) {
          problems.add("linux: frame " + f + " is in use, neither anonymous nor a file's page");
        } else if (PageCache.find(obj, mm.memory.ownerIndex(f)) != f) {
          problems.add("linux: frame " + f + " holds a file page its page cache does not have");
        } else {
          pageCached++;
        }
      }
    }
    for (int list = 0; list < LISTS.length; list++) {
      if (onList[list] != lru.size(list)) {
        problems.add(
            "linux: "
                + LISTS[list]
                + " counts "
                + lru.size(list)
                + " pages, but "
                + onList[list]
                + " are on it");
      }
    }
    compare(problems, "the swap cache", k.swapCache.pages(), swapCached);
    compare(problems, "the page cache", k.pageCache.pages(), pageCached);
    compare(problems, "shmem", k.shmem.pages(), shmemPages);
    compare(problems, "under writeback", k.evict.underWriteback(), writeback);
  }

  /**
   * Each swap slot's references are the swap entries naming it plus one while a page is in the swap
   * cache for it; each process's swap-entry counter is its swap PTEs.
   */
  private void swap(List<String> problems) {
    BackingStore swap = k.swapCache.swap();
    Map<Integer, Integer> named = new HashMap<>();
    for (Proc p : k.mm.kernel.processes()) {
      if (p.space().pageTable().destroyed()) {
        continue; // ended: exit zapped every entry, and the counter with them
      }
      long[] entries = {0};
      p.space()
          .pageTable()
          .forEachLeaf(
              (vpn, level, pte) -> {
                if (!Pte.present(pte) && Pte.is(pte, Pte.SW_SWAP)) {
                  entries[0]++;
                  named.merge((int) Pte.payload(pte), 1, Integer::sum);
                }
              });
      long counted = MmState.of(p).swapEntries();
      if (counted != entries[0]) {
        problems.add(
            "linux: "
                + p
                + " counts "
                + counted
                + " swap entries, its page table has "
                + entries[0]);
      }
    }
    for (MemoryObject obj : k.shmem.objects()) {
      obj.slots()
          .forEachNonZero(
              (page, value) -> {
                if (value < 0) {
                  named.merge((int) (-value - 1), 1, Integer::sum);
                }
              });
    }
    for (int slot = 0; slot < swap.capacity() && problems.size() < MAX_PROBLEMS; slot++) {
      int expected = named.getOrDefault(slot, 0) + (k.swapCache.frame(slot) >= 0 ? 1 : 0);
      if (swap.refs(slot) != expected) {
        problems.add(
            "linux: swap slot "
                + slot
                + " has "
                + swap.refs(slot)
                + " references, but "
                + named.getOrDefault(slot, 0)
                + " swap entries (page tables and shared objects) name it"
                + (k.swapCache.frame(slot) >= 0 ? " and the swap cache holds it" : ""));
      }
    }
  }

  private static void compare(List<String> problems, String what, long counted, long found) {
    if (counted != found) {
      problems.add("linux: " + what + " counts " + counted + " pages, the frames say " + found);
    }
  }

  private static String where(int list) {
    return list == FrameLists.NONE ? "on no list" : "on " + LISTS[list];
  }
}
