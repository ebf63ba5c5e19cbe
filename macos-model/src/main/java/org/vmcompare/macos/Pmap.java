package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;

/**
 * XNU's pmap layer over core's {@code Machine}: every page-table entry the model enters or removes
 * goes through here, so each task's footprint (internal pages mapped + page-table pages) stays
 * right, and its peak is kept as it happens. Unlike Linux, PTEs carry no page state: a page is
 * present or absent, and where an absent page is lives in its VM object.
 */
final class Pmap {
  private final Mach m;

  Pmap(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
  }

  /** pmap_enter: maps {@code frame} at {@code vpn} with {@code bits} (present is added). */
  void enter(Proc p, long vpn, int frame, long bits) {
    PageTable pt = p.space().pageTable();
    long old = pt.get(vpn);
    Task t = Task.of(p);
    if (Pte.present(old) && internal((int) Pte.frame(old))) {
      t.internal--;
    }
    m.machine.map(pt, vpn, frame, bits);
    if (internal(frame)) {
      t.internal++;
    }
    update(p);
  }

  /** pmap_remove over a range of the task. */
  void remove(Proc p, long firstVpn, long pages) {
    Task t = Task.of(p);
    m.machine.unmapRange(
        p.space().pageTable(),
        firstVpn,
        pages,
        (vpn, level, pte) -> {
          if (internal((int) Pte.frame(pte))) {
            t.internal--;
          }
        });
    update(p);
  }

  /**
   * pmap_disconnect, or with {@code keepAsid} >= 0 every mapping but those of that address space:
   * returns how many mappings went.
   */
  int disconnect(int frame, int keepAsid) {
    LongArrayList keys = new LongArrayList();
    var rmap = m.machine.rmap();
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      if (rmap.asid(n) != keepAsid) {
        keys.add(((long) rmap.asid(n) << 40) | rmap.vpn(n));
      }
    }
    boolean internal = internal(frame);
    for (int i = 0; i < keys.size(); i++) {
      Proc q = m.kernel.process((int) (keys.get(i) >>> 40));
      m.machine.unmap(q.space().pageTable(), keys.get(i) & ((1L << 40) - 1));
      if (internal) {
        Task.of(q).internal--;
        update(q);
      }
    }
    if (keys.size() > 1 || (keys.size() == 1 && keepAsid >= 0)) {
      m.machine.tlb().countShootdown();
    }
    return keys.size();
  }

  /** Clears WRITABLE in every present entry of a range (a protection lowered). */
  void writeProtect(Proc p, long firstVpn, long pages) {
    PageTable pt = p.space().pageTable();
    pt.forEachLeaf(
        firstVpn,
        pages,
        (vpn, level, pte) -> {
          if (Pte.present(pte) && Pte.is(pte, Pte.WRITABLE)) {
            m.machine.updateBits(pt, vpn, 0, Pte.WRITABLE);
          }
        });
  }

  /** The task's physical footprint in pages: internal pages mapped plus page-table pages. */
  long footprint(Proc p) {
    return Task.of(p).internal + p.space().pageTable().tablePages();
  }

  private void update(Proc p) {
    p.metrics().set(MacosMetrics.FOOTPRINT, footprint(p));
  }

  private boolean internal(int frame) {
    MemoryObject obj = m.kernel.object(m.memory.owner(frame));
    return obj != null && ObjState.internal(obj);
  }
}
