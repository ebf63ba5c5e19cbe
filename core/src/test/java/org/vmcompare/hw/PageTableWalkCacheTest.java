package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The page table's host-side shortcuts (the leaf-table cache, tables reused from the pool) must
 * never change what a walk returns or what it is charged. A long random run of sets, clears, bit
 * updates and large leaves over VPNs chosen to collide in the cache and to free and reuse tables is
 * checked after every step against a plain map of leaves: every read, the levels each walk reads,
 * and the number of tables.
 */
final class PageTableWalkCacheTest {

  /** Leaf entries by first VPN: {level, pte}. */
  private final TreeMap<Long, long[]> leaves = new TreeMap<>();

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void randomOperations_matchAPlainMapOfLeaves(PagingMode mode) {
    PageTables pool = new PageTables(mode);
    PageTable pt = pool.create(1);
    PageTable other = pool.create(2); // shares the pool, so freed tables move between the two
    SplittableRandom random = new SplittableRandom(7);
    long leafSpan = mode.pagesPerEntry(1);
    long userPages = mode.kernelTopIndex() * mode.pagesPerEntry(mode.levels() - 1);
    long[] bases = {
      0,
      leafSpan * 16, // the same slot of a small leaf cache as 0
      Math.min(leafSpan * 4096, userPages / 2),
      // the end of a top-level entry (of the user half in a two-level mode)
      Math.max(mode.pagesPerEntry(mode.levels() - 1), leafSpan * 2) - leafSpan * 2,
      leafSpan * 3
    };
    boolean large = mode.largeLevelAllowed(1);
    for (int step = 0; step < 40_000; step++) {
      long vpn = pick(random, bases, leafSpan);
      int op = random.nextInt(10);
      long[] covering = covering(vpn, mode);
      if (op < 4) {
        if (covering == null || covering[0] == 0) {
          long pte =
              random.nextInt(4) == 0
                  ? Pte.withFrame(Pte.SW_SWAP, 1 + random.nextInt(1000)) // not present
                  : Pte.leaf(1 + random.nextInt(1000), random.nextBoolean(), false);
          pt.set(vpn, pte);
          leaves.put(vpn, new long[] {0, pte});
        }
      } else if (op < 7) {
        if (covering != null) {
          long first = covering[2];
          pt.clear(first);
          leaves.remove(first);
        } else {
          pt.clear(vpn);
        }
      } else if (op < 9) {
        long set = random.nextBoolean() ? Pte.ACCESSED : 0;
        long clear = random.nextBoolean() ? Pte.DIRTY | Pte.ACCESSED : 0;
        long old = pt.update(vpn, set, clear);
        assertThat(old).isEqualTo(covering == null ? 0 : covering[1]);
        if (covering != null) {
          long value = (covering[1] & ~clear) | set;
          if (value == 0) {
            leaves.remove(covering[2]);
          } else {
            leaves.put(covering[2], new long[] {covering[0], value});
          }
        }
      } else if (large) {
        long first = vpn & ~(leafSpan - 1);
        if (leaves.subMap(first, first + leafSpan).isEmpty() && covering(first, mode) == null) {
          long pte = Pte.leaf(leafSpan * (1 + random.nextInt(100)), true, false);
          pt.setLarge(first, 1, pte);
          leaves.put(first, new long[] {1, pte | Pte.LARGE});
        }
      }
      if (random.nextInt(50) == 0) {
        // The other address space takes tables from the pool and gives them back.
        long v = pick(random, bases, leafSpan);
        other.set(v, Pte.leaf(5, true, false));
        other.clear(v);
      }
      check(pt, mode, vpn);
      check(pt, mode, pick(random, bases, leafSpan));
      if (step % 1000 == 0) {
        checkAll(pt, mode);
      }
    }
    checkAll(pt, mode);
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void freedLeafTable_isWalkedFromTheRootAgain_evenWhenReused(PagingMode mode) {
    PageTables pool = new PageTables(mode);
    PageTable pt = pool.create(1);
    long span = mode.pagesPerEntry(1);
    pt.set(2 * span + 1, Pte.leaf(2, true, false)); // keeps the tables above the leaf tables
    pt.set(5, Pte.leaf(3, true, false));
    pt.walk(5); // the leaf table is cached now
    pt.clear(5); // and freed: the table is empty

    assertThat(pt.walk(5)).isZero();
    assertThat(pt.lastWalkLevels()).isEqualTo(mode.levels() - 1);
    assertThat(pt.tablePages()).isEqualTo(mode.levels());

    pt.set(span + 5, Pte.leaf(4, true, false)); // takes the freed table from the pool
    assertThat(pt.walk(5)).isZero();
    assertThat(pt.lastWalkLevels()).isEqualTo(mode.levels() - 1);
    assertThat(pt.get(5)).isZero();
    assertThat(pt.leafLevel(5)).isEqualTo(-1);
    assertThat(pt.update(5, Pte.ACCESSED, 0)).isZero();
    assertThat(pt.get(span + 5)).isEqualTo(Pte.leaf(4, true, false));

    if (mode.largeLevelAllowed(1)) {
      pt.clear(span + 5);
      long large = Pte.leaf(span, true, false);
      pt.setLarge(span, 1, large);
      assertThat(pt.walk(span + 5)).isEqualTo(large | Pte.LARGE);
      assertThat(pt.lastLeafLevel()).isEqualTo(1);
      assertThat(pt.lastWalkLevels()).isEqualTo(mode.levels() - 1);
    }
  }

  /**
   * A VPN near one of the bases: in one of two leaf tables, at one of three offsets (so tables
   * empty, are freed and come back often), or once in eight anywhere in those tables.
   */
  private static long pick(SplittableRandom random, long[] bases, long leafSpan) {
    long base = bases[random.nextInt(bases.length)] + leafSpan * random.nextInt(2);
    return base + (random.nextInt(8) == 0 ? random.nextLong(leafSpan) : random.nextInt(3) * 5);
  }

  /** The leaf covering vpn as {level, pte, first VPN}, or null. */
  private long[] covering(long vpn, PagingMode mode) {
    Map.Entry<Long, long[]> e = leaves.floorEntry(vpn);
    if (e == null) {
      return null;
    }
    long[] v = e.getValue();
    long span = mode.pagesPerEntry((int) v[0]);
    return vpn < e.getKey() + span ? new long[] {v[0], v[1], e.getKey()} : null;
  }

  private void check(PageTable pt, PagingMode mode, long vpn) {
    long[] c = covering(vpn, mode);
    long expected = c == null ? 0 : c[1];
    assertThat(pt.get(vpn)).as("get(%d)", vpn).isEqualTo(expected);
    assertThat(pt.leafLevel(vpn)).as("leafLevel(%d)", vpn).isEqualTo(c == null ? -1 : (int) c[0]);
    assertThat(pt.walk(vpn)).as("walk(%d)", vpn).isEqualTo(expected);
    assertThat(pt.lastWalkLevels()).as("levels walked to %d", vpn).isEqualTo(levels(vpn, mode));
    // The prefetch's address of a cached leaf table names the entry a walk reads (the walk above
    // cached it when the leaf is a base page).
    long address = pt.peekAddress(vpn);
    if (address >= 0) {
      assertThat(pt.pool().entryAt(address))
          .as("entryAt(peekAddress(%d))", vpn)
          .isEqualTo(expected);
    } else {
      assertThat(c != null && c[0] == 0)
          .as("base leaf at %d not cached after its walk", vpn)
          .isFalse();
    }
  }

  /** Levels a walk from the root reads: down to the leaf, or to the first empty entry. */
  private int levels(long vpn, PagingMode mode) {
    int top = mode.levels() - 1;
    int read = 0;
    for (int level = top; level >= 0; level--) {
      read++;
      if (level == 0) {
        return read;
      }
      long[] c = covering(vpn, mode);
      if (c != null && c[0] == level) {
        return read;
      }
      int shift = mode.shiftOf(level);
      boolean below = false;
      long prefix = vpn >>> shift;
      for (Map.Entry<Long, long[]> e :
          leaves.subMap(prefix << shift, (prefix + 1) << shift).entrySet()) {
        if (e.getValue()[0] < level) {
          below = true;
          break;
        }
      }
      if (!below) {
        return read;
      }
    }
    return read;
  }

  private void checkAll(PageTable pt, PagingMode mode) {
    List<Long> seen = new ArrayList<>();
    pt.forEachLeaf(
        (v, level, pte) -> {
          seen.add(v);
          assertThat(leaves.get(v)).as("leaf at %d", v).containsExactly(level, pte);
        });
    assertThat(seen).containsExactlyElementsOf(leaves.keySet());
    int tables = 1;
    for (int level = mode.levels() - 1; level >= 1; level--) {
      Set<Long> prefixes = new HashSet<>();
      for (Map.Entry<Long, long[]> e : leaves.entrySet()) {
        if (e.getValue()[0] < level) {
          prefixes.add(e.getKey() >>> mode.shiftOf(level));
        }
      }
      tables += prefixes.size();
    }
    assertThat(pt.tablePages()).isEqualTo(tables);
  }
}
