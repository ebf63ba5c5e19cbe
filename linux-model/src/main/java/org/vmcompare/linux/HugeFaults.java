package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * Transparent-huge-page faults (do_huge_pmd_anonymous_page): a fault in a PMD-aligned range that
 * lies wholly inside an eligible VMA ({@code thp: always}, or {@code madvise} with MADV_HUGEPAGE;
 * never with MADV_NOHUGEPAGE) and has no page mapped yet gets one huge page — a write allocates and
 * zeroes an aligned block of free frames, a read maps the huge zero page. Without a free aligned
 * block the fault falls back to a base page.
 */
final class HugeFaults {
  private final Mm mm;
  private final Lru lru;
  private final Watermarks marks;
  private final Folios folios;
  private final int pages;
  private final int level;
  private final int faultAlloc;
  private final int fallback;
  private final int cowHuge;
  private int cursor;

  HugeFaults(Mm mm, Lru lru, Watermarks marks, Folios folios) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.marks = Objects.requireNonNull(marks, "marks is null");
    this.folios = Objects.requireNonNull(folios, "folios is null");
    this.pages = folios.pages();
    this.level = folios.level();
    faultAlloc = mm.metrics.register("linux.thp.fault.alloc", "huge pages a fault allocated");
    fallback =
        mm.metrics.register("linux.thp.fault.fallback", "eligible faults that got a base page");
    cowHuge =
        mm.metrics.register(
            "linux.thp.cow.huge", "writes to a shared huge page that copied all of it (pre-5.8)");
  }

  /** Whether a fault at vpn of r may map a huge page there (hugepage_vma_check). */
  boolean eligible(Region r, long vpn) {
    if (!mm.machine.paging().largeLevelAllowed(level)) {
      return false;
    }
    VmaState vma = VmaState.of(r);
    if (vma.reservedFor != null) {
      return false; // a reservation's PROT_NONE parts must not be mapped
    }
    VmaState.HugeAdvice advice = vma.huge;
    boolean enabled =
        switch (mm.options.thp()) {
          case ALWAYS -> advice != VmaState.HugeAdvice.NOHUGEPAGE;
          case MADVISE -> advice == VmaState.HugeAdvice.HUGEPAGE;
          case NEVER -> false;
        };
    long first = vpn & -(long) pages;
    return enabled && first >= r.startVpn() && first + pages <= r.endVpn();
  }

  /** Whether no page of vpn's PMD range is mapped yet (pmd_none). */
  boolean pmdNone(PageTable pt, long vpn) {
    long[] any = {0};
    pt.forEachLeaf(vpn & -(long) pages, pages, (v, l, pte) -> any[0]++);
    return any[0] == 0;
  }

  /** do_huge_pmd_anonymous_page for a read: the huge zero page, if there is one. */
  boolean mapZero(PageTable pt, long vpn, Region r) {
    if (folios.hugeZero() < 0) {
      return false;
    }
    mm.machine.mapLarge(pt, vpn & -(long) pages, level, folios.hugeZero(), Pte.USER | noExec(r));
    return true;
  }

  /**
   * do_huge_pmd_anonymous_page for a write: a zeroed huge page mapped writable, or -1 when no
   * aligned block is free without reclaim (the fault falls back to a base page).
   */
  int mapNew(Proc p, PageTable pt, long vpn, Region r) {
    int head = takeBlock();
    if (head < 0) {
      mm.metrics.increment(fallback);
      return -1;
    }
    long first = vpn & -(long) pages;
    for (int i = 0; i < pages; i++) {
      mm.memory.claim(head + i, r.object().id(), (int) r.objectPage(first + i));
      mm.memory.setFlag(head + i, PageFlags.ANON | (i == 0 ? PageFlags.HUGE : PageFlags.TAIL));
    }
    lru.add(head, mm.options.anonStartsActive());
    mm.machine.mapLarge(pt, first, level, head, Pte.USER | Pte.WRITABLE | Pte.DIRTY | noExec(r));
    MmState.of(p).addAnon(pages);
    VmaState.of(r).anonVma = true;
    mm.metrics.increment(faultAlloc);
    mm.metrics.add(Counter.ZERO_FILLS, pages);
    mm.charge(pages * mm.costs.zeroPageNs() + mm.costs.minorFaultNs());
    return head;
  }

  /**
   * do_huge_pmd_wp_page before 5.8 ({@code thpCowCopy: huge}): a write to a huge page others map
   * copies all of it into a new huge page mapped writable by the writer's PMD. Returns false, with
   * nothing done, when no aligned block is free above the high watermark (the caller falls back to
   * splitting, as those kernels did).
   */
  boolean copy(Proc p, PageTable pt, long vpn, Region r, int old) {
    int head = takeBlock();
    if (head < 0) {
      mm.metrics.increment(fallback);
      return false;
    }
    long first = vpn & -(long) pages;
    for (int i = 0; i < pages; i++) {
      mm.memory.claim(head + i, r.object().id(), (int) r.objectPage(first + i));
      mm.memory.setFlag(head + i, PageFlags.ANON | (i == 0 ? PageFlags.HUGE : PageFlags.TAIL));
      mm.memory.setContent(head + i, mm.memory.content(old + i));
    }
    lru.add(head, mm.options.anonStartsActive());
    mm.machine.unmap(pt, first);
    mm.machine.mapLarge(pt, first, level, head, Pte.USER | Pte.WRITABLE | Pte.DIRTY | noExec(r));
    mm.metrics.increment(cowHuge);
    mm.metrics.add(Counter.COW_COPIES, pages);
    mm.charge(pages * mm.costs.copyPageNs() + mm.costs.minorFaultNs());
    return true;
  }

  /** An aligned block of free frames, taken while free memory stays above the high watermark. */
  private int takeBlock() {
    int first = (mm.firstManagedFrame() + pages - 1) / pages * pages;
    int blocks = (mm.memory.frames() - first) / pages;
    if (blocks <= 0 || lru.free() - pages <= marks.high()) {
      return -1;
    }
    for (int n = 0; n < blocks; n++) {
      int head = first + ((cursor + n) % blocks) * pages;
      if (allFree(head)) {
        cursor = (cursor + n + 1) % blocks;
        lru.takeFreeRange(head, pages);
        return head;
      }
    }
    return -1;
  }

  private boolean allFree(int head) {
    for (int f = head; f < head + pages; f++) {
      if (lru.listOf(f) != Lru.FREE) {
        return false;
      }
    }
    return true;
  }

  private static long noExec(Region r) {
    return r.protection().execute() ? 0 : Pte.NO_EXECUTE;
  }
}
