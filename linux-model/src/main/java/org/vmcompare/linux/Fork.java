package org.vmcompare.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.VpnRange;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.Region;

/**
 * fork (kernel/fork.c dup_mmap, mm/memory.c copy_page_range). The child gets a copy of every VMA
 * over the same objects, after its accounted VMAs are charged again (the charge that fails a big
 * process's fork). Page table entries are copied only for VMAs with an anon_vma — those that had an
 * anonymous page; the others fault in again in the child. Private pages are shared write-protected
 * and copy-on-write in both; swap entries are shared, one more reference on the slot; the parent's
 * private ranges are write-protected with one TLB flush.
 */
final class Fork {
  private final Mm mm;
  private final Overcommit overcommit;
  private final Folios thp;
  private final Mappings mappings;

  Fork(Mm mm, Overcommit overcommit, Folios thp) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.overcommit = Objects.requireNonNull(overcommit, "overcommit is null");
    this.thp = Objects.requireNonNull(thp, "thp is null");
    this.mappings = new Mappings(mm.kernel);
  }

  Outcome fork(Proc parent, Op.Fork op) {
    long charge = 0;
    for (Region r : parent.space().regions()) {
      charge += VmaState.of(r).accounted;
    }
    if (charge > 0 && !overcommit.charge(parent, charge)) {
      return Outcome.failed(
          "ENOMEM", "fork: cannot commit " + charge + " pages for the child's private mappings");
    }
    Proc child = mm.kernel.newProcess(op.childName(), parent.options(), parent);
    MmState cst = MmState.attach(child);
    List<VpnRange> cow = new ArrayList<>();
    for (Region r : parent.space().regions()) {
      Region c = mappings.copy(r, child.space(), r.object(), r.objectOffset());
      VmaState vma = VmaState.of(r);
      c.modelState().put(VmaState.KEY, vma.copy());
      if (vma.anonVma) {
        copyEntries(parent, child, cst, r);
        if (r.sharing() == Region.Sharing.PRIVATE) {
          cow.add(new VpnRange(r.startVpn(), r.pages()));
        }
      }
    }
    mm.machine.writeProtectAddressSpace(parent.space().pageTable(), cow, true);
    return Outcome.ok(child.pid());
  }

  /**
   * copy_pte_range for one VMA, a page table's worth of entries at a time: present pages shared
   * (read-only if private), swap entries too.
   */
  private void copyEntries(Proc parent, Proc child, MmState cst, Region r) {
    PageTable from = parent.space().pageTable();
    PageTable to = child.space().pageTable();
    long step = mm.machine.paging().pagesPerEntry(1);
    LongArrayList leaves = new LongArrayList((int) (3 * step));
    boolean priv = r.sharing() == Region.Sharing.PRIVATE;
    for (long vpn = r.startVpn(); vpn < r.endVpn(); vpn += step) {
      leaves.clear();
      from.forEachLeaf(
          vpn,
          Math.min(step, r.endVpn() - vpn),
          (v, level, pte) -> {
            leaves.add(v);
            leaves.add(level);
            leaves.add(pte);
          });
      for (int i = 0; i < leaves.size(); i += 3) {
        copyEntry(to, cst, leaves.get(i), (int) leaves.get(i + 1), leaves.get(i + 2), priv);
      }
    }
  }

  private void copyEntry(PageTable to, MmState cst, long vpn, int level, long pte, boolean priv) {
    if (Pte.is(pte, Pte.SW_SWAP)) {
      mm.kernel.swap().retain((int) Pte.payload(pte));
      to.set(vpn, pte);
      cst.addSwapEntries(1);
      return;
    }
    if (!Pte.present(pte)) {
      return;
    }
    int frame = (int) Pte.frame(pte);
    long bits = pte & (Pte.USER | Pte.WRITABLE | Pte.NO_EXECUTE | Pte.SW_COW);
    if (priv) {
      // copy_present_pte keeps a private PTE's dirty bit (only a shared one is made clean): a page
      // the parent wrote since it came back from swap must still be written out if the parent
      // exits and the child's entry is the one reclaim finds.
      bits |= pte & Pte.DIRTY;
    }
    if (priv && (bits & Pte.WRITABLE) != 0) {
      bits = (bits & ~Pte.WRITABLE) | Pte.SW_COW;
    }
    if (level > 0) {
      mm.machine.mapLarge(to, vpn, level, frame, bits); // copy_huge_pmd: the same huge page
      if (!thp.isHugeZero(frame)) {
        cst.addAnon(thp.pages());
      }
      return;
    }
    mm.machine.map(to, vpn, frame, bits);
    if (frame == mm.zeroFrame) {
      return;
    }
    if (mm.isAnon(frame)) {
      cst.addAnon(1);
    } else {
      cst.addFile(1);
    }
  }
}
