package org.vmcompare.windows;

import org.vmcompare.state.StateKey;
import org.vmcompare.vm.PageSlots;
import org.vmcompare.vm.Region;

/** A VAD's commit state: which pages of a reservation are committed, and the charge it holds. */
final class RegionState {
  static final StateKey<RegionState> KEY = StateKey.of("windows.vad", RegionState.class);

  private static final RegionState ALL_COMMITTED = new RegionState(null);

  /** Committed pages of a MEM_RESERVE region (1 = committed); null when all are. */
  final PageSlots committedPages;

  /** Pages charged to the commit charge for this region. */
  long charged;

  /** VMMap's type of a view ("Image", "Mapped File", "Shareable"); null for private data. */
  String viewType;

  private RegionState(PageSlots committedPages) {
    this.committedPages = committedPages;
  }

  static RegionState committed(Region r, long charged) {
    RegionState s = new RegionState(null);
    s.charged = charged;
    r.modelState().put(KEY, s);
    return s;
  }

  static RegionState reserved(Region r) {
    RegionState s = new RegionState(new PageSlots());
    r.modelState().put(KEY, s);
    return s;
  }

  static RegionState of(Region r) {
    RegionState s = r.modelState().get(KEY);
    return s == null ? ALL_COMMITTED : s;
  }

  /** A fork child's region gets the same state: its commitment, charge and view type. */
  void copyTo(Region child) {
    RegionState s;
    if (committedPages == null) {
      s = new RegionState(null);
    } else {
      s = new RegionState(new PageSlots());
      committedPages.forEachNonZero(s.committedPages::set);
    }
    s.charged = charged;
    s.viewType = viewType;
    child.modelState().put(KEY, s);
  }

  boolean committed(long page) {
    return committedPages == null || committedPages.get(page) != 0;
  }
}
