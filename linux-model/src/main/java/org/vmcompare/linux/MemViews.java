package org.vmcompare.linux;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;

/**
 * /proc/meminfo (meminfo_proc_show, the fields the model has, in the kernel's order) and the output
 * of procps-ng 4's {@code free} (used = total − available). Sizes in kB.
 */
final class MemViews {
  private final Mm mm;
  private final Lru lru;
  private final PageCache pageCache;
  private final SwapCache swapCache;
  private final Overcommit overcommit;
  private final Watermarks marks;
  private final Folios thp;
  private final Shmem shmem;

  MemViews(
      Mm mm,
      Lru lru,
      PageCache pageCache,
      SwapCache swapCache,
      Overcommit overcommit,
      Watermarks marks,
      Folios thp,
      Shmem shmem) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.pageCache = Objects.requireNonNull(pageCache, "pageCache is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.overcommit = Objects.requireNonNull(overcommit, "overcommit is null");
    this.marks = Objects.requireNonNull(marks, "marks is null");
    this.thp = Objects.requireNonNull(thp, "thp is null");
    this.shmem = Objects.requireNonNull(shmem, "shmem is null");
  }

  void addTo(Map<String, String> views) {
    views.put("proc/meminfo", meminfo());
    views.put("free", free());
  }

  /** si_mem_available: free above the reserve, plus the page cache it could drop. */
  long available() {
    long cache = lru.size(Lru.ACTIVE_FILE) + lru.size(Lru.INACTIVE_FILE);
    long available = lru.free() - marks.high() + cache - Math.min(cache / 2, marks.low());
    return Math.max(0, available);
  }

  String meminfo() {
    BackingStore swap = swapCache.swap();
    long dirty = 0;
    long anonPages = 0;
    long mapped = 0;
    long anonHuge = 0;
    for (int f = mm.firstManagedFrame(); f < mm.memory.frames(); f++) {
      if (!mm.memory.inUse(f)) {
        continue;
      }
      if (mm.memory.hasFlag(f, PageFlags.HUGE) && thp.pmdMappings(f) > 0) {
        anonPages += thp.pages();
        anonHuge += thp.pages();
        f += thp.pages() - 1;
        continue;
      }
      if (mm.memory.hasFlag(f, PageFlags.DIRTY)) {
        dirty++;
      }
      if (mm.isAnon(f) && mm.rmap.mapCount(f) > 0) {
        anonPages++;
      } else if (!mm.isAnon(f) && mm.rmap.mapCount(f) > 0) {
        mapped++;
      }
    }
    long pageTables = 0;
    for (Proc p : mm.kernel.processes()) {
      if (p.alive()) {
        pageTables += p.space().pageTable().tablePages();
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, "MemTotal", mm.managedPages());
    line(sb, "MemFree", lru.free());
    line(sb, "MemAvailable", available());
    line(sb, "Buffers", 0);
    line(sb, "Cached", pageCache.pages() + shmem.pages());
    line(sb, "SwapCached", swapCache.pages());
    line(sb, "Active", lru.size(Lru.ACTIVE_ANON) + lru.size(Lru.ACTIVE_FILE));
    line(sb, "Inactive", lru.size(Lru.INACTIVE_ANON) + lru.size(Lru.INACTIVE_FILE));
    line(sb, "Active(anon)", lru.size(Lru.ACTIVE_ANON));
    line(sb, "Inactive(anon)", lru.size(Lru.INACTIVE_ANON));
    line(sb, "Active(file)", lru.size(Lru.ACTIVE_FILE));
    line(sb, "Inactive(file)", lru.size(Lru.INACTIVE_FILE));
    line(sb, "Unevictable", lru.size(Lru.UNEVICTABLE));
    line(sb, "Mlocked", 0);
    line(sb, "SwapTotal", swap.capacity());
    line(sb, "SwapFree", swap.free());
    line(sb, "Dirty", dirty);
    line(sb, "Writeback", 0);
    line(sb, "AnonPages", anonPages);
    line(sb, "Mapped", mapped);
    line(sb, "Shmem", shmem.pages());
    line(sb, "PageTables", pageTables);
    line(sb, "CommitLimit", overcommit.commitLimit());
    line(sb, "Committed_AS", overcommit.committed());
    line(sb, "AnonHugePages", anonHuge);
    return sb.toString();
  }

  /** show_val_kb: the name and colon padded to 16 columns, the value in kB right-aligned in 8. */
  private void line(StringBuilder sb, String name, long pages) {
    sb.append(
        String.format(Locale.ROOT, "%-16s%8d kB\n", name + ":", pages * (mm.pageSize / 1024)));
  }

  /** procps-ng 4.0.2's free: KiB, used = total − available, buff/cache = Buffers + Cached. */
  String free() {
    long kb = mm.pageSize / 1024;
    long total = mm.managedPages() * kb;
    long available = available() * kb;
    long cache = pageCache.pages() * kb;
    BackingStore swap = swapCache.swap();
    StringBuilder sb = new StringBuilder();
    sb.append("               total        used        free      shared  buff/cache   available\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-9s%11d %11d %11d %11d %11d %11d\n",
            "Mem:",
            total,
            total - available,
            lru.free() * kb,
            0,
            cache,
            available));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-9s%11d %11d %11d\n",
            "Swap:",
            swap.capacity() * kb,
            swap.used() * kb,
            swap.free() * kb));
    return sb.toString();
  }
}
