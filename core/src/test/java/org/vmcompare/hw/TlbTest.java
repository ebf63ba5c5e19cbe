package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class TlbTest {
  /** 4 entries, 2-way: 2 sets; even VPNs go to set 0, odd ones to set 1. */
  private static Tlb small() {
    return new Tlb(new TlbConfig(4, 2, 2, 2, true));
  }

  private static long leaf(long frame) {
    return Pte.leaf(frame, true, false);
  }

  @Test
  void lookup_afterInsert_hitsWithCachedPte() {
    Tlb tlb = small();

    tlb.insert(1, 6, leaf(60));

    int i = tlb.lookup(1, 6);
    assertThat(i).isGreaterThanOrEqualTo(0);
    assertThat(tlb.pte(i)).isEqualTo(leaf(60));
    assertThat(tlb.lookup(1, 7)).isEqualTo(-1);
  }

  @Test
  void insert_fullSet_evictsLeastRecentlyInserted() {
    Tlb tlb = small();
    tlb.insert(1, 0, leaf(0));
    tlb.insert(1, 2, leaf(2));

    tlb.insert(1, 4, leaf(4));

    assertThat(tlb.lookup(1, 0)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 2)).isNotNegative();
    assertThat(tlb.lookup(1, 4)).isNotNegative();
  }

  @Test
  void insert_fullSet_evictsLeastRecentlyUsedNotOldest() {
    Tlb tlb = small();
    tlb.insert(1, 0, leaf(0));
    tlb.insert(1, 2, leaf(2));
    tlb.lookup(1, 0); // 0 is now the most recently used

    tlb.insert(1, 4, leaf(4));

    assertThat(tlb.lookup(1, 2)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 0)).isNotNegative();
    assertThat(tlb.lookup(1, 4)).isNotNegative();
  }

  @Test
  void insert_evictionSequence_followsPerSetLruOrder() {
    Tlb tlb = small();
    tlb.insert(1, 0, leaf(0));
    tlb.insert(1, 2, leaf(2));
    tlb.insert(1, 4, leaf(4)); // evicts 0
    tlb.lookup(1, 2); // order now: 4 (older), 2 (newer)
    tlb.insert(1, 6, leaf(6)); // evicts 4
    tlb.insert(1, 8, leaf(8)); // evicts 2

    assertThat(tlb.lookup(1, 0)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 4)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 2)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 6)).isNotNegative();
    assertThat(tlb.lookup(1, 8)).isNotNegative();
  }

  @Test
  void insert_otherSetFull_doesNotEvictThisSet() {
    Tlb tlb = small();
    tlb.insert(1, 1, leaf(1));
    tlb.insert(1, 0, leaf(0));
    tlb.insert(1, 2, leaf(2));
    tlb.insert(1, 4, leaf(4));
    tlb.insert(1, 6, leaf(6));

    assertThat(tlb.lookup(1, 1)).isNotNegative();
  }

  @Test
  void insert_sameKeyAgain_replacesInsteadOfDuplicating() {
    Tlb tlb = small();
    tlb.insert(1, 2, leaf(2));
    tlb.insert(1, 0, leaf(100));

    tlb.insert(1, 0, leaf(101));

    assertThat(tlb.lookup(1, 2)).isNotNegative();
    assertThat(tlb.pte(tlb.lookup(1, 0))).isEqualTo(leaf(101));
  }

  @Test
  void insert_sameVpnInTwoAsids_coexist() {
    Tlb tlb = small();

    tlb.insert(1, 5, leaf(10));
    tlb.insert(2, 5, leaf(20));

    assertThat(tlb.pte(tlb.lookup(1, 5))).isEqualTo(leaf(10));
    assertThat(tlb.pte(tlb.lookup(2, 5))).isEqualTo(leaf(20));
    assertThat(tlb.lookup(3, 5)).isEqualTo(-1);
  }

  @Test
  void insert_globalEntry_matchesEveryAsid() {
    Tlb tlb = small();

    tlb.insert(1, 7, leaf(70) | Pte.GLOBAL);

    assertThat(tlb.lookup(1, 7)).isNotNegative();
    assertThat(tlb.lookup(9, 7)).isNotNegative();
  }

  @Test
  void invalidatePage_dropsOnlyThatAsidsEntry() {
    Tlb tlb = small();
    tlb.insert(1, 5, leaf(10));
    tlb.insert(2, 5, leaf(20));

    tlb.invalidatePage(1, 5, PagingMode.X86_64);

    assertThat(tlb.lookup(1, 5)).isEqualTo(-1);
    assertThat(tlb.lookup(2, 5)).isNotNegative();
  }

  @Test
  void invalidatePage_dropsLargeEntryCoveringVpn() {
    Tlb tlb = small();
    tlb.insertLarge(1, 512, 9, 1, leaf(1024) | Pte.LARGE);
    assertThat(tlb.lookupLarge(1, 1000, 9, 1)).isNotNegative();

    tlb.invalidatePage(1, 700, PagingMode.X86_64);

    assertThat(tlb.lookupLarge(1, 1000, 9, 1)).isEqualTo(-1);
  }

  @Test
  void lookupLarge_levelsNeverAlias() {
    Tlb tlb = small();

    tlb.insertLarge(1, 0, 9, 1, leaf(0) | Pte.LARGE);

    assertThat(tlb.lookupLarge(1, 100, 9, 1)).isNotNegative();
    assertThat(tlb.lookupLarge(1, 100, 18, 2)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 100)).isEqualTo(-1);
  }

  @Test
  void updatePte_changesCachedEntry() {
    Tlb tlb = small();
    tlb.insert(1, 3, leaf(3));
    tlb.insertLarge(1, 512, 9, 1, leaf(512) | Pte.LARGE);

    tlb.updatePte(tlb.lookup(1, 3), leaf(3) | Pte.DIRTY);
    tlb.updateLargePte(tlb.lookupLarge(1, 512, 9, 1), leaf(512) | Pte.LARGE | Pte.DIRTY);

    assertThat(tlb.pte(tlb.lookup(1, 3))).isEqualTo(leaf(3) | Pte.DIRTY);
    assertThat(tlb.largePte(tlb.lookupLarge(1, 513, 9, 1)))
        .isEqualTo(leaf(512) | Pte.LARGE | Pte.DIRTY);
  }

  @Test
  void invalidateAsid_dropsThatAsidOnlyAndKeepsGlobal() {
    Tlb tlb = small();
    tlb.insert(1, 5, leaf(10));
    tlb.insert(2, 5, leaf(20));
    tlb.insert(1, 6, leaf(60) | Pte.GLOBAL);
    tlb.insertLarge(1, 0, 9, 1, leaf(0) | Pte.LARGE);

    tlb.invalidateAsid(1);

    assertThat(tlb.lookup(1, 5)).isEqualTo(-1);
    assertThat(tlb.lookupLarge(1, 0, 9, 1)).isEqualTo(-1);
    assertThat(tlb.lookup(2, 5)).isNotNegative();
    assertThat(tlb.lookup(1, 6)).isNotNegative();
    assertThat(tlb.flushes()).isEqualTo(1);
  }

  @Test
  void flushNonGlobal_keepsOnlyGlobalEntries() {
    Tlb tlb = small();
    tlb.insert(1, 5, leaf(10));
    tlb.insert(2, 6, leaf(20));
    tlb.insert(1, 7, leaf(70) | Pte.GLOBAL);
    tlb.insertLarge(3, 0, 9, 1, leaf(0) | Pte.LARGE | Pte.GLOBAL);

    tlb.flushNonGlobal();

    assertThat(tlb.lookup(1, 5)).isEqualTo(-1);
    assertThat(tlb.lookup(2, 6)).isEqualTo(-1);
    assertThat(tlb.lookup(4, 7)).isNotNegative();
    assertThat(tlb.lookupLarge(4, 0, 9, 1)).isNotNegative();
  }

  @Test
  void invalidateAll_dropsEverythingIncludingGlobal() {
    Tlb tlb = small();
    tlb.insert(1, 5, leaf(10));
    tlb.insert(1, 7, leaf(70) | Pte.GLOBAL);
    tlb.insertLarge(1, 0, 9, 1, leaf(0) | Pte.LARGE);

    tlb.invalidateAll();

    assertThat(tlb.lookup(1, 5)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 7)).isEqualTo(-1);
    assertThat(tlb.lookupLarge(1, 0, 9, 1)).isEqualTo(-1);
    assertThat(tlb.flushes()).isEqualTo(1);
  }

  @Test
  void invalidatePage_slotIsReusedBeforeEvicting() {
    Tlb tlb = small();
    tlb.insert(1, 0, leaf(0));
    tlb.insert(1, 2, leaf(2));
    tlb.invalidatePage(1, 2, PagingMode.X86_64);

    tlb.insert(1, 4, leaf(4));

    assertThat(tlb.lookup(1, 0)).isNotNegative();
    assertThat(tlb.lookup(1, 4)).isNotNegative();
  }

  @Test
  void tlbConfig_default_isSkylakeStlb() {
    assertThat(TlbConfig.DEFAULT.entries()).isEqualTo(1536);
    assertThat(TlbConfig.DEFAULT.ways()).isEqualTo(12);
    assertThat(TlbConfig.DEFAULT.asidTagged()).isTrue();
  }

  @Test
  void tlbConfig_nonPositiveEntries_namesTheKey() {
    assertThatThrownBy(() -> new TlbConfig(0, 1, 4, 4, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("machine.tlb.entries must be positive");
    assertThatThrownBy(() -> new TlbConfig(8, 2, -4, 4, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("machine.tlb.largeEntries must be positive");
  }

  @Test
  void tlbConfig_waysNotDividingEntries_namesTheWaysKey() {
    assertThatThrownBy(() -> new TlbConfig(8, 3, 4, 4, true))
        .hasMessageContaining("machine.tlb.ways must divide machine.tlb.entries (8), got 3");
    assertThatThrownBy(() -> new TlbConfig(8, 16, 4, 4, true))
        .hasMessageContaining("machine.tlb.ways");
    assertThatThrownBy(() -> new TlbConfig(8, 2, 4, 0, true))
        .hasMessageContaining("machine.tlb.largeWays");
  }

  @Test
  void tlbConfig_setsNotPowerOfTwo_namesBothKeys() {
    assertThatThrownBy(() -> new TlbConfig(12, 4, 4, 4, true))
        .hasMessageContaining("machine.tlb.entries / machine.tlb.ways")
        .hasMessageContaining("got 3");
  }

  @Test
  void lookup_keysSharingAWayHint_areEachFoundInTheirOwnWay() {
    Tlb tlb = new Tlb(TlbConfig.DEFAULT);
    // 128 sets: VPNs 4096 apart share a set and a way hint, so the hint is wrong for one of them.
    for (int i = 0; i < 12; i++) {
      tlb.insert(1, 5 + 4096L * i, leaf(100 + i));
    }

    for (int round = 0; round < 3; round++) {
      for (int i = 11; i >= 0; i--) {
        assertThat(tlb.pte(tlb.lookup(1, 5 + 4096L * i))).isEqualTo(leaf(100 + i));
      }
    }
    assertThat(tlb.lookup(2, 5)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 5 + 4096L * 12)).isEqualTo(-1);
  }

  @Test
  void lookup_globalAndOwnEntryForOneVpn_findsTheFirstWayLikeTheHardware() {
    Tlb tlb = small();
    tlb.insert(2, 4, leaf(41)); // fills the set's last free way first
    tlb.insert(1, 4, leaf(40) | Pte.GLOBAL);

    assertThat(tlb.pte(tlb.lookup(2, 4))).isEqualTo(leaf(40) | Pte.GLOBAL);
    tlb.invalidatePage(3, 4, PagingMode.X86_64); // drops the global entry only
    assertThat(tlb.pte(tlb.lookup(2, 4))).isEqualTo(leaf(41));
  }

  @Test
  void hasLargeEntries_followsFillsAndInvalidations() {
    Tlb tlb = small();
    tlb.insert(1, 3, leaf(3));
    assertThat(tlb.hasLargeEntries()).isFalse();

    tlb.insertLarge(1, 512, 9, 1, leaf(512) | Pte.LARGE);
    tlb.insertLarge(1, 512, 9, 1, leaf(512) | Pte.LARGE | Pte.DIRTY);
    tlb.insertLarge(2, 512, 9, 1, leaf(1024) | Pte.LARGE);
    assertThat(tlb.hasLargeEntries()).isTrue();
    tlb.invalidatePage(1, 600, PagingMode.X86_64);
    assertThat(tlb.hasLargeEntries()).isTrue();
    tlb.invalidateAsid(2);

    assertThat(tlb.hasLargeEntries()).isFalse();
    tlb.insertLarge(1, 0, 9, 1, leaf(0) | Pte.LARGE);
    tlb.invalidateAll();
    assertThat(tlb.hasLargeEntries()).isFalse();
  }

  @Test
  void invalidateRange_dropsThatAsidsBaseAndOverlappingLargeEntries() {
    Tlb tlb = new Tlb(TlbConfig.DEFAULT);
    for (int vpn = 0; vpn < 200; vpn++) {
      tlb.insert(1, vpn, leaf(vpn));
      tlb.insert(2, vpn, leaf(vpn));
    }
    tlb.insertLarge(1, 512, 9, 1, leaf(512) | Pte.LARGE);
    tlb.insertLarge(1, 1024, 9, 1, leaf(1024) | Pte.LARGE);

    tlb.invalidateRange(1, 100, 500, PagingMode.X86_64); // 100 .. 599: a bank scan
    tlb.invalidateRange(1, 10, 5, PagingMode.X86_64); // 10 .. 14: page by page

    assertThat(tlb.lookup(1, 99)).isNotNegative();
    assertThat(tlb.lookup(1, 100)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 199)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 12)).isEqualTo(-1);
    assertThat(tlb.lookup(1, 15)).isNotNegative();
    assertThat(tlb.lookup(2, 150)).isNotNegative();
    assertThat(tlb.lookupLarge(1, 513, 9, 1)).isEqualTo(-1);
    assertThat(tlb.lookupLarge(1, 1025, 9, 1)).isNotNegative();
    assertThat(tlb.flushes()).isZero();
  }

  @Test
  void insert_keyOrAsidTooWideForAnEntry_isRejected() {
    Tlb tlb = small();

    assertThatThrownBy(() -> tlb.insert(1, 1L << 36, leaf(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tlb.insert(1 << 25, 1, leaf(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tlb.lookup(1, 1L << 36)).isEqualTo(-1);
  }

  /**
   * A miss prepares the fill (the way to replace is ranked while the set is scanned); whatever
   * happens between the miss and the fill, the entries kept must be those of plain per-set LRU. A
   * random mix of the MMU's miss-then-fill, fills after other hits, misses and invalidations, over
   * few sets so they are always full, against a list per set in recency order.
   */
  @Test
  void missThenFill_inAnyInterleaving_keepsExactlyPerSetLru() {
    int sets = 4;
    int ways = 3;
    Tlb tlb = new Tlb(new TlbConfig(sets * ways, ways, 2, 2, true));
    List<List<long[]>> lru = new ArrayList<>(); // per set: {asid, key, pte}, least recent first
    for (int i = 0; i < sets; i++) {
      lru.add(new ArrayList<>());
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int step = 0; step < 200_000; step++) {
      int asid = 1 + random.nextInt(2);
      long key = random.nextInt(40);
      int op = random.nextInt(6);
      boolean found = lookupBoth(tlb, lru, sets, asid, key);
      if (op == 1) {
        // another translation between the miss and the fill: a hit or a miss of its own
        lookupBoth(tlb, lru, sets, 1 + random.nextInt(2), random.nextInt(40));
      } else if (op == 2) {
        int a = 1 + random.nextInt(2);
        long k = random.nextInt(40);
        tlb.invalidatePage(a, k, PagingMode.X86_64);
        lru.get((int) (k % sets)).removeIf(e -> e[0] == a && e[1] == k);
      } else if (op == 3) {
        continue; // a miss that faults: nothing is filled
      } else if (op == 5 && random.nextInt(500) == 0) {
        int a = 1 + random.nextInt(2);
        tlb.invalidateAsid(a); // every way of that ASID empty again, in every set
        for (List<long[]> set : lru) {
          set.removeIf(e -> e[0] == a);
        }
      }
      if (!found || op == 4) {
        long pte = leaf(step);
        tlb.insert(asid, key, pte);
        List<long[]> set = lru.get((int) (key % sets));
        set.removeIf(e -> e[0] == asid && e[1] == key);
        if (set.size() == ways) {
          set.remove(0);
        }
        set.add(new long[] {asid, key, pte});
      }
    }
  }

  /**
   * Which way a fill takes, against the rule written with LRU stamps: the way that holds the tag,
   * else the last empty way of the set, else the way used longest ago. The way matters when a
   * global and a private entry translate the same page (the first way found wins), so the recency
   * lists must place entries exactly there, through hits, fills, drops and ASID flushes.
   */
  @Test
  void insert_takesTheWayTheStampRuleNames() {
    int sets = 2;
    int ways = 5;
    Tlb tlb = new Tlb(new TlbConfig(sets * ways, ways, 2, 2, true));
    long[] tags = new long[sets * ways]; // asid << 32 | key, or -1
    long[] stamps = new long[sets * ways];
    Arrays.fill(tags, -1);
    long tick = 0;
    SplittableRandom random = new SplittableRandom(5);
    for (int step = 0; step < 100_000; step++) {
      int asid = 1 + random.nextInt(2);
      long key = random.nextInt(24);
      long mine = (long) asid << 32 | key;
      int first = (int) (key % sets) * ways;
      int op = random.nextInt(10);
      if (op < 4) {
        int i = tlb.lookup(asid, key);
        int want = -1;
        for (int w = first; w < first + ways; w++) {
          if (tags[w] == mine) {
            want = w;
          }
        }
        assertThat(i).isEqualTo(want);
        if (want >= 0) {
          stamps[want] = ++tick;
        }
      } else if (op < 8) {
        int want = -1;
        for (int w = first; w < first + ways && want < 0; w++) {
          if (tags[w] == mine) {
            want = w;
          }
        }
        for (int w = first + ways - 1; w >= first && want < 0; w--) {
          if (tags[w] == -1) {
            want = w;
          }
        }
        if (want < 0) {
          want = first;
          for (int w = first; w < first + ways; w++) {
            if (stamps[w] < stamps[want]) {
              want = w;
            }
          }
        }
        tlb.insert(asid, key, leaf(step));
        tags[want] = mine;
        stamps[want] = ++tick;
        assertThat(tlb.lookup(asid, key)).as("step %d", step).isEqualTo(want);
        stamps[want] = ++tick;
      } else if (op == 8) {
        tlb.invalidatePage(asid, key, PagingMode.X86_64);
        for (int w = first; w < first + ways; w++) {
          if (tags[w] == mine) {
            tags[w] = -1;
          }
        }
      } else if (random.nextInt(20) == 0) {
        tlb.invalidateAsid(asid);
        for (int w = 0; w < tags.length; w++) {
          if (tags[w] >>> 32 == asid) {
            tags[w] = -1;
          }
        }
      }
    }
  }

  /** Looks (asid, key) up in the TLB and in the model, which must agree; true when found. */
  private static boolean lookupBoth(Tlb tlb, List<List<long[]>> lru, int sets, int asid, long key) {
    List<long[]> set = lru.get((int) (key % sets));
    long[] hit = null;
    for (long[] e : set) {
      if (e[0] == asid && e[1] == key) {
        hit = e;
      }
    }
    int i = tlb.lookup(asid, key);
    if (hit == null) {
      assertThat(i).as("asid %d key %d", asid, key).isEqualTo(-1);
      return false;
    }
    assertThat(i).as("asid %d key %d", asid, key).isNotNegative();
    assertThat(tlb.pte(i)).isEqualTo(hit[2]);
    set.remove(hit);
    set.add(hit);
    return true;
  }
}
