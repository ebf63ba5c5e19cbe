package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.ReverseMap;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;

/**
 * XNU's pmap layer over core's {@code Machine}: every page-table entry the model enters or removes
 * goes through here, so each task's footprint (internal pages mapped + compressed markers +
 * page-table pages) stays right, and its peak is kept as it happens. Unlike Linux, PTEs carry no
 * page state beyond XNU's compressed marker (PTE_COMPRESSED, here {@link #COMPRESSED_MARKER}), left
 * where a compressed internal page was mapped so the task's ledger keeps charging it; where an
 * absent page is lives in its VM object. A dirty bit found in a mapping that goes is kept in the
 * frame's {@code F_DIRTY}, so the pageout scan knows a file page must be written back and an
 * anonymous page compressed rather than freed.
 */
final class Pmap {
  /** A non-present entry where a compressed internal page was mapped. */
  static final long COMPRESSED_MARKER = Pte.notPresent(0, Pte.SW_MODEL_1);

  private final Mach m;

  /** The mappings {@link #disconnect} takes down, gathered first (reused: it never nests). */
  private final LongArrayList keys = new LongArrayList();

  Pmap(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
  }

  /** pmap_enter: maps {@code frame} at {@code vpn} with {@code bits} (present is added). */
  void enter(Proc p, long vpn, int frame, long bits) {
    PageTable pt = p.space().pageTable();
    long old = pt.get(vpn);
    Task t = Task.of(p);
    if (Pte.present(old)) {
      keepDirty((int) Pte.frame(old), old); // a copy-on-write fault replaces a written page
    }
    if (Pte.present(old) && internal((int) Pte.frame(old))) {
      account(t, (int) Pte.frame(old), -1);
    } else if (marker(old)) {
      t.compressed--;
    }
    m.machine.map(pt, vpn, frame, bits);
    if (internal(frame)) {
      account(t, frame, 1);
    }
    update(p);
  }

  /** pmap_remove over a range of the task. */
  void remove(Proc p, long firstVpn, long pages) {
    Task t = Task.of(p);
    m.machine.clearRange(
        p.space().pageTable(),
        firstVpn,
        pages,
        (vpn, level, pte) -> {
          if (!Pte.present(pte)) {
            t.compressed -= marker(pte) ? 1 : 0;
            return;
          }
          int frame = (int) Pte.frame(pte);
          keepDirty(frame, pte);
          if (internal(frame)) {
            account(t, frame, -1);
          }
        });
    update(p);
  }

  /**
   * pmap_disconnect, or with {@code keepAsid} >= 0 every mapping but those of that address space:
   * returns how many mappings went.
   */
  int disconnect(int frame, int keepAsid) {
    return disconnect(frame, keepAsid, false);
  }

  /**
   * pmap_disconnect_options(PMAP_OPTIONS_COMPRESSOR) of an internal page being compressed: every
   * mapping becomes the compressed marker, and each task's ledger moves the page from internal to
   * internal_compressed.
   */
  int disconnectCompressed(int frame) {
    return disconnect(frame, -1, true);
  }

  private int disconnect(int frame, int keepAsid, boolean compressed) {
    var rmap = m.machine.rmap();
    long sole = rmap.soleMapping(frame);
    if (sole >= 0 && m.machine.largeLeaves() == 0) {
      // mapped once (nearly every page the scan takes): straight to its PTE through the record
      int asid = ReverseMap.keyAsid(sole);
      if (asid == keepAsid) {
        return 0;
      }
      boolean internal = internal(frame);
      long bits =
          m.machine.replaceEverywhere(frame, compressed && internal ? COMPRESSED_MARKER : 0);
      keepDirty(frame, bits);
      if (internal) {
        Proc q = m.kernel.process(asid);
        account(Task.of(q), frame, -1);
        Task.of(q).compressed += compressed ? 1 : 0;
        update(q);
      }
      if (keepAsid >= 0) {
        m.machine.tlb().countShootdown();
      }
      return 1;
    }
    LongArrayList keys = this.keys;
    keys.clear();
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      if (rmap.asid(n) != keepAsid) {
        keys.add(((long) rmap.asid(n) << 40) | rmap.vpn(n));
      }
    }
    boolean internal = internal(frame);
    for (int i = 0; i < keys.size(); i++) {
      Proc q = m.kernel.process((int) (keys.get(i) >>> 40));
      PageTable pt = q.space().pageTable();
      long vpn = keys.get(i) & ((1L << 40) - 1);
      long old =
          compressed && internal
              ? m.machine.replaceWithNotPresent(pt, vpn, COMPRESSED_MARKER)
              : m.machine.unmap(pt, vpn);
      keepDirty(frame, old);
      if (internal) {
        account(Task.of(q), frame, -1);
        Task.of(q).compressed += compressed ? 1 : 0;
        update(q);
      }
    }
    if (keys.size() > 1 || (keys.size() == 1 && keepAsid >= 0)) {
      m.machine.tlb().countShootdown();
    }
    return keys.size();
  }

  /**
   * pmap_clear_refmod_options with PMAP_OPTIONS_SET_REUSABLE ({@code reusable}) or
   * PMAP_OPTIONS_CLEAR_REUSABLE: every mapping of an internal page moves from the task's internal
   * ledger to its reusable one, which the footprint leaves out, or back. Setting it also clears the
   * modified and referenced bits of every mapping (and the dirty bit kept for mappings gone), so
   * the page is clean: {@link Reusable#CLEANED} until a mapping writes it again.
   */
  void reusable(int frame, boolean reusable) {
    if (m.memory.hasFlag(frame, Reusable.REUSABLE) == reusable) {
      return;
    }
    var rmap = m.machine.rmap();
    LongArrayList keys = new LongArrayList();
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      keys.add(((long) rmap.asid(n) << 40) | rmap.vpn(n));
    }
    boolean internal = internal(frame);
    for (int i = 0; i < keys.size(); i++) {
      Proc q = m.kernel.process((int) (keys.get(i) >>> 40));
      long vpn = keys.get(i) & ((1L << 40) - 1);
      if (reusable) {
        m.machine.updateBits(q.space().pageTable(), vpn, 0, Pte.DIRTY | Pte.ACCESSED);
      }
      if (internal) {
        Task t = Task.of(q);
        t.internal += reusable ? -1 : 1;
        t.reusable += reusable ? 1 : -1;
        update(q);
      }
    }
    if (reusable) {
      m.memory.clearFlag(frame, PhysicalMemory.F_DIRTY);
      m.memory.setFlag(frame, Reusable.REUSABLE | Reusable.CLEANED);
    } else {
      m.memory.clearFlag(frame, Reusable.REUSABLE);
    }
  }

  /**
   * pmap_clear_modify: the modified bit of every mapping of the frame is cleared (each TLB entry
   * goes, so the next write sets it again); the mappings stay. The caller clears {@code F_DIRTY}.
   */
  void clearModified(int frame) {
    var rmap = m.machine.rmap();
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      PageTable pt = m.kernel.process(rmap.asid(n)).space().pageTable();
      if (Pte.is(pt.get(rmap.vpn(n)), Pte.DIRTY)) {
        m.machine.updateBits(pt, rmap.vpn(n), 0, Pte.DIRTY);
      }
    }
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

  /**
   * The task's physical footprint in pages: internal pages mapped or compressed, the non-volatile
   * purgeable pages it owns, page tables.
   */
  long footprint(Proc p) {
    Task t = Task.of(p);
    return t.internal + t.compressed + t.purgeable + p.space().pageTable().tablePages();
  }

  /** Sets the task's footprint metric again, after a change not made through its pmap. */
  void refresh(Proc p) {
    if (p.alive()) {
      update(p);
    }
  }

  static boolean marker(long pte) {
    return !Pte.present(pte) && Pte.is(pte, Pte.SW_MODEL_1);
  }

  private void keepDirty(int frame, long pte) {
    if (Pte.is(pte, Pte.DIRTY)) {
      m.memory.setFlag(frame, PhysicalMemory.F_DIRTY);
    }
  }

  private void update(Proc p) {
    p.metrics().set(MacosMetrics.FOOTPRINT, footprint(p));
  }

  /**
   * A mapping of an internal page is charged as internal, or as reusable (not in the footprint).
   */
  private void account(Task t, int frame, int delta) {
    if (m.memory.hasFlag(frame, Reusable.REUSABLE)) {
      t.reusable += delta;
    } else {
      t.internal += delta;
    }
  }

  /** Internal pages charged by mapping: anonymous and shared memory, purgeable objects aside. */
  private boolean internal(int frame) {
    MemoryObject obj = m.kernel.object(m.memory.owner(frame));
    return obj != null && ObjState.internal(obj) && !ObjState.of(obj).purgeable();
  }
}
