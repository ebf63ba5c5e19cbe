package org.vmcompare.linux;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Op;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;
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
  private static final OptionSpec OFFSET = OptionSpec.size("offset", "0", "");
  private static final OptionSpec SIZE = OptionSpec.size("size", "0", "");

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
    Map<String, Object> args = op.args();
    Region r = p.space().byLabel(arg(args, "region"));
    if (r == null) {
      return Outcome.failed("EINVAL", "no mapping named '" + args.get("region") + "'");
    }
    long first = pages(args, OFFSET);
    long count = args.containsKey("size") ? pages(args, SIZE) : r.pages() - first;
    if (first < 0 || count <= 0 || first + count > r.pages()) {
      throw bad("offset and size do not fit the " + r.pages() + " pages of '" + r.label() + "'");
    }
    String advice = arg(args, "advice").toUpperCase(Locale.ROOT);
    return switch (advice) {
      case "MADV_PAGEOUT" -> Outcome.ok(pageout(p, r, first, count));
      case "MADV_DONTNEED" -> Outcome.ok(teardown.dontNeed(p, r, first, count));
      case "MADV_FREE" -> lazyFree.madvFree(p, r, first, count);
      case "MADV_HUGEPAGE", "MADV_NOHUGEPAGE" -> hugeAdvice(r, advice);
      default -> throw bad("advice " + advice + " is not implemented yet on linux");
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
  private Outcome hugeAdvice(Region r, String advice) {
    if (r.object().kind() != MemoryObject.Kind.ANONYMOUS || r.sharing() != Region.Sharing.PRIVATE) {
      throw bad(
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

  private long pages(Map<String, Object> args, OptionSpec spec) {
    Object v = args.get(spec.key());
    if (v == null) {
      return 0;
    }
    try {
      return spec.bytesValue(String.valueOf(v), mm.pageSize) / mm.pageSize;
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private static String arg(Map<String, Object> args, String key) {
    Object v = args.get(key);
    if (v == null) {
      throw bad("args." + key + " is required");
    }
    return String.valueOf(v);
  }

  private static RunFailure bad(String why) {
    return new RunFailure("native linux.madvise: " + why, true);
  }
}
