package org.vmcompare.hw;

import org.vmcompare.hw.PageTable.LeafVisitor;

/**
 * A {@link PageTable}'s walks over VPN ranges, for fork, exit, unmapping a range and audits: they
 * go down level by level and visit each table once, where the MMU's walk reads one VPN's path (and
 * its leaf-table cache) on every TLB miss. Apart so that the table's per-VPN paths stay short.
 */
final class TableRanges {
  private final PageTable pt;
  private final PageTables pool;

  TableRanges(PageTable pt, PageTables pool) {
    this.pt = pt;
    this.pool = pool;
  }

  /** The non-zero leaves under a node that translate a VPN in [from, to), in VPN order. */
  void visitRange(int node, int level, long prefix, long from, long to, LeafVisitor visitor) {
    long[] table = pool.chunk(node);
    int at = pool.offset(node);
    int shift = pt.shift(level);
    int end = pt.end(node, level);
    int lo = from > prefix ? (int) Math.min(end, (from - prefix) >>> shift) : 0;
    int hi = (int) Math.min(end - 1L, (to - 1 - prefix) >>> shift);
    for (int i = lo; i <= hi; i++) {
      long e = table[at + i];
      if (e == 0) {
        continue;
      }
      long vpn = prefix | ((long) i << shift);
      if (PageTable.isTablePointer(e, level)) {
        visitRange((int) Pte.frame(e), level - 1, vpn, from, to, visitor);
      } else {
        visitor.visit(vpn, level, e);
      }
    }
  }

  /**
   * Clears then sets bits in the leaves under a node in [from, to) that have all of {@code
   * require}.
   */
  long updateRange(
      int node, int level, long prefix, long from, long to, long require, long set, long clear) {
    long[] table = pool.chunk(node);
    int at = pool.offset(node);
    int shift = pt.shift(level);
    int end = pt.end(node, level);
    int lo = from > prefix ? (int) Math.min(end, (from - prefix) >>> shift) : 0;
    int hi = (int) Math.min(end - 1L, (to - 1 - prefix) >>> shift);
    long changed = 0;
    for (int i = lo; i <= hi; i++) {
      long e = table[at + i];
      if (e == 0) {
        continue;
      }
      if (PageTable.isTablePointer(e, level)) {
        long vpn = prefix | ((long) i << shift);
        changed += updateRange((int) Pte.frame(e), level - 1, vpn, from, to, require, set, clear);
      } else if ((e & require) == require) {
        long value = (e & ~clear) | set;
        if (value != e) {
          table[at + i] = value;
          changed++;
        }
      }
    }
    return changed;
  }

  /**
   * Clears the leaves under a node in [from, to) (the present ones only unless {@code all}), after
   * the visitor has seen each, and frees the tables left empty.
   */
  long clearRange(
      int node, int level, long prefix, long from, long to, boolean all, LeafVisitor v) {
    long[] table = pool.chunk(node);
    int at = pool.offset(node);
    int shift = pt.shift(level);
    int end = pt.end(node, level);
    int lo = from > prefix ? (int) Math.min(end, (from - prefix) >>> shift) : 0;
    int hi = (int) Math.min(end - 1L, (to - 1 - prefix) >>> shift);
    long cleared = 0;
    for (int i = lo; i <= hi; i++) {
      long e = table[at + i];
      if (e == 0 || (e & Pte.PRESENT) == 0 && !all) {
        continue;
      }
      long vpn = prefix | ((long) i << shift);
      if (PageTable.isTablePointer(e, level)) {
        int child = (int) Pte.frame(e);
        cleared += clearRange(child, level - 1, vpn, from, to, all, v);
        if (pool.live(child) == 0) {
          table[at + i] = 0;
          pool.adjustLive(node, -1);
          pt.tableFreed(vpn, level, child);
        }
      } else {
        if (vpn < from || vpn + (1L << shift) > to) {
          throw new IllegalStateException(
              "the large leaf at VPN " + vpn + " (level " + level + ") crosses the range's end");
        }
        v.visit(vpn, level, e);
        table[at + i] = 0;
        pool.adjustLive(node, -1);
        cleared++;
      }
    }
    return cleared;
  }

  /** Every non-zero leaf under a node, in VPN order. */
  void visit(int node, int level, long prefix, LeafVisitor visitor) {
    long[] table = pool.chunk(node);
    int at = pool.offset(node);
    int end = pt.end(node, level);
    for (int i = 0; i < end; i++) {
      long e = table[at + i];
      if (e == 0) {
        continue;
      }
      long vpn = prefix | ((long) i << pt.shift(level));
      if (PageTable.isTablePointer(e, level)) {
        visit((int) Pte.frame(e), level - 1, vpn, visitor);
      } else {
        visitor.visit(vpn, level, e);
      }
    }
  }

  /** Frees every table under a node (not the node itself); the pool takes them back. */
  void freeBelow(int node, int level) {
    long[] table = pool.chunk(node);
    int at = pool.offset(node);
    int end = pt.end(node, level);
    for (int i = 0; i < end; i++) {
      long e = table[at + i];
      if (PageTable.isTablePointer(e, level)) {
        int child = (int) Pte.frame(e);
        freeBelow(child, level - 1);
        pool.freeNode(child);
      }
    }
  }
}
