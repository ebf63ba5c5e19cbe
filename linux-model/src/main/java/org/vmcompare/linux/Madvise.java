package org.vmcompare.linux;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.NativeArgs;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * The native call {@code madvise} ({@code native: {os: linux, call: madvise, args: {region, advice,
 * offset, size}}}), for the advice the portable steps do not cover. MADV_PAGEOUT (5.4+) reclaims
 * the range's pages now, whether referenced or not, skipping pages other processes map too
 * (madvise_cold_or_pageout_pte_range, then reclaim_pages); MADV_DONTNEED is the {@code release}
 * step.
 */
final class Madvise {
  /** The advice the model has (checked at load by the provider, and again here). */
  static final List<String> ADVICE =
      List.of("MADV_PAGEOUT", "MADV_DONTNEED", "MADV_FREE", "MADV_HUGEPAGE", "MADV_NOHUGEPAGE");

  private final Mm mm;
  private final Lru lru;
  private final Evict evict;
  private final Teardown teardown;
  private final LazyFree lazyFree;
  private final Folios thp;

  Madvise(Mm mm, Lru lru, Evict evict, Teardown teardown, LazyFree lazyFree, Folios thp) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.evict = Objects.requireNonNull(evict, "evict is null");
    this.teardown = Objects.requireNonNull(teardown, "teardown is null");
    this.lazyFree = Objects.requireNonNull(lazyFree, "lazyFree is null");
    this.thp = Objects.requireNonNull(thp, "thp is null");
  }

  Outcome call(Proc p, Op.Native op) {
    NativeArgs a = new NativeArgs("native linux.madvise", op.args(), mm.pageSize);
    Region r = p.space().byLabel(a.required("region"));
    if (r == null) {
      return Outcome.failed("EINVAL", "no mapping named '" + a.optional("region") + "'");
    }
    long[] range = a.range(r);
    long first = range[0];
    long count = range[1];
    String advice = a.required("advice").toUpperCase(Locale.ROOT);
    return switch (advice) {
      case "MADV_PAGEOUT" -> Outcome.ok(pageout(p, r, first, count));
      case "MADV_DONTNEED" -> Outcome.ok(teardown.dontNeed(p, r, first, count));
      case "MADV_FREE" -> lazyFree.madvFree(p, r, first, count);
      case "MADV_HUGEPAGE", "MADV_NOHUGEPAGE" -> hugeAdvice(a, r, advice);
      default -> throw a.bad("advice " + advice + " is not implemented yet on linux");
    };
  }

  /** MADV_PAGEOUT: every page of the range only this process maps is reclaimed now if it can be. */
  private long pageout(Proc p, Region r, long first, long count) {
    PageTable pt = p.space().pageTable();
    thp.splitRange(pt, r.startVpn() + first, count, false);
    LongArrayList frames = new LongArrayList();
    pt.forEachLeaf(
        r.startVpn() + first,
        count,
        (vpn, level, pte) -> {
          if (Pte.present(pte)) {
            frames.add(Pte.frame(pte));
          }
        });
    long freed = 0;
    for (int i = 0; i < frames.size(); i++) {
      int frame = (int) frames.get(i);
      if (frame == mm.zeroFrame || !evict.exclusiveTo(p, frame) || lru.listOf(frame) < 1) {
        continue;
      }
      lru.isolate(frame);
      Evict.Result result = evict.free(frame);
      if (result == Evict.Result.ACTIVATE) {
        lru.add(frame, true);
      } else {
        freed++; // freed now, or when its write completes
      }
    }
    evict.flushWrites(-1);
    return freed;
  }

  /**
   * MADV_HUGEPAGE / MADV_NOHUGEPAGE: the VMA's huge-page advice (the whole region; a partial range
   * would split the VMA). Huge pages already mapped stay. The model's huge pages are anonymous
   * only, so a file or shared mapping is refused.
   */
  private Outcome hugeAdvice(NativeArgs a, Region r, String advice) {
    if (r.object().kind() != MemoryObject.Kind.ANONYMOUS || r.sharing() != Region.Sharing.PRIVATE) {
      throw a.bad(
          "args.advice: "
              + advice
              + " on '"
              + r.label()
              + "', which is not private anonymous memory (transparent huge pages here are"
              + " anonymous only)");
    }
    VmaState.of(r).huge =
        advice.equals("MADV_HUGEPAGE")
            ? VmaState.HugeAdvice.HUGEPAGE
            : VmaState.HugeAdvice.NOHUGEPAGE;
    return Outcome.ok();
  }
}
