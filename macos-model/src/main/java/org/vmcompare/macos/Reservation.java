package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.state.StateKey;
import org.vmcompare.vm.PageSlots;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * An allocation made with {@code reserve: true}: mapped PROT_NONE (macOS has no commit charge, so
 * reserving is only address space), with the parts a later {@code commit} (mprotect to the
 * protection asked at allocation) made usable. XNU clips the entry at each mprotect; the model
 * keeps one entry with the committed pages marked, so the workload can keep naming the whole
 * mapping, and shows the parts as separate regions in vmmap, as the clipped entries would be. A
 * part never committed was never faulted, so it has no object of its own: vmmap shows it NUL.
 */
final class Reservation {
  static final StateKey<Reservation> KEY = StateKey.of("macos.reservation", Reservation.class);

  /** The protection committed pages get. */
  final Protection usable;

  /** 1 for a committed page. */
  final PageSlots committed = new PageSlots();

  Reservation(Protection usable) {
    this.usable = Objects.requireNonNull(usable, "usable is null");
  }

  /** The region's reservation, or null when it is not one (or was mprotected as a whole). */
  static Reservation of(Region r) {
    return r.modelState().get(KEY);
  }

  /** The protection page {@code page} of the region has now. */
  static Protection at(Region r, long page) {
    Reservation res = of(r);
    if (res == null) {
      return r.protection();
    }
    return res.committed.get(page) != 0 ? res.usable : Protection.NONE;
  }

  /** The first page after {@code page} whose protection differs (or the region's end). */
  static long runEnd(Region r, long page) {
    if (of(r) == null) {
      return r.pages();
    }
    Protection prot = at(r, page);
    long end = page + 1;
    while (end < r.pages() && at(r, end).equals(prot)) {
      end++;
    }
    return end;
  }

  /** Pages {@code first .. first + pages} of this reservation, for a part of a clipped entry. */
  Reservation slice(long first, long pages) {
    Reservation part = new Reservation(usable);
    committed.forEachNonZero(
        (page, v) -> {
          if (page >= first && page < first + pages) {
            part.committed.set(page - first, v);
          }
        });
    return part;
  }
}
