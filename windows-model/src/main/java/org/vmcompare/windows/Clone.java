package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.VpnRange;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * A copy-on-write clone of an address space (MmForkProcess, behind RtlCloneUserProcess and the
 * POSIX subsystems' fork): the child is charged commit for every private view in full, then each
 * private region's pages move into a clone prototype that both processes map copy-on-write — valid
 * pages stay valid (read-only) in the parent, pages on a list or in the pagefile are found through
 * the prototype, and the child soft-faults everything it touches. A region forked again gets a
 * younger prototype whose older one still supplies the pages neither copied. Shared views (sections
 * of shared memory, shared file views, images) map the same section in the child.
 */
final class Clone {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final Commit commit;
  private final Mappings mappings;

  Clone(Nt nt, PageLists pfn, WorkingSetManager wsm, Commit commit) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
    this.commit = commit;
    this.mappings = new Mappings(nt.kernel);
  }

  Outcome fork(Proc parent, Op.Fork op) {
    long charge = 0;
    for (Region r : parent.space().regions()) {
      charge += RegionState.of(r).charged;
    }
    if (!commit.charge(null, charge)) {
      return Outcome.failed(
          "ERROR_COMMITMENT_LIMIT",
          "the clone's copy-on-write views need "
              + charge
              + " pages of commit; the charge is "
              + commit.committed()
              + " of a limit of "
              + commit.limit());
    }
    Proc child = nt.kernel.newProcess(op.childName(), parent.options(), parent);
    child.modelState().put(WorkingSet.KEY, new WorkingSet(child, pfn));
    child.metrics().add(WindowsMetrics.COMMIT, charge);
    List<VpnRange> cow = new ArrayList<>();
    for (Region r : parent.space().regions()) {
      RegionState state = RegionState.of(r);
      if (r.sharing() == Region.Sharing.SHARED || "Image".equals(state.viewType)) {
        Region c = mappings.copy(r, child.space(), r.object(), r.objectOffset());
        state.copyTo(c);
        continue;
      }
      MemoryObject older = r.object();
      Section olderSection = Section.of(older);
      MemoryObject obj =
          nt.kernel.newObject(
              MemoryObject.Kind.ANONYMOUS, r.label() + " (clone)", older.pages(), null);
      Section clone = Section.create(obj, Section.Kind.CLONE, olderSection);
      moveIntoClone(parent, child, r, obj, clone);
      if (olderSection != null) {
        passOn(parent.space().pageTable(), r, olderSection, clone);
      }
      r.setObject(obj, r.objectOffset());
      obj.ref(); // the parent's region
      if (olderSection == null) {
        older.unref();
        nt.kernel.forget(older); // private memory: every page it had is the clone's now
      } // else the region's reference to the older section is now the clone's
      Region c = mappings.copy(r, child.space(), obj, r.objectOffset());
      state.copyTo(c);
      cow.add(new VpnRange(r.startVpn(), r.pages()));
    }
    nt.machine.writeProtectAddressSpace(parent.space().pageTable(), cow, false);
    return Outcome.ok(child.pid());
  }

  /**
   * The parent's private pages of one region become the clone's: valid ones stay in the parent's
   * working set as shared pages, those on a list stay there, pagefile copies move to the prototype,
   * and the parent's PTE points at the prototype. A discarded or offered page stays the process's
   * own, and the child's copy of it is the same.
   */
  private void moveIntoClone(Proc parent, Proc child, Region r, MemoryObject obj, Section clone) {
    PageTable pt = parent.space().pageTable();
    PageTable to = child.space().pageTable();
    LongArrayList vpns = new LongArrayList();
    pt.forEachLeaf(r.startVpn(), r.pages(), (vpn, level, pte) -> vpns.add(vpn));
    for (int i = 0; i < vpns.size(); i++) {
      long vpn = vpns.get(i);
      long pte = pt.get(vpn);
      long page = r.objectPage(vpn);
      if (Pte.present(pte)) {
        int f = (int) Pte.frame(pte);
        if (pfn.section(f)) {
          continue; // an older section's page: the clone finds it there too
        }
        adopt(f, obj, clone, page);
        clone.setUsers(page, 2);
        if (Pte.is(pte, Pte.DIRTY)) {
          pfn.dropSlot(f); // the pagefile copy is stale
          nt.memory.setFlag(f, PhysicalMemory.F_DIRTY);
        }
        wsm.becameShared(parent, f);
      } else if (Pte.is(pte, Pte.SW_TRANSITION) && !WindowsPtes.offered(pte)) {
        adopt((int) Pte.payload(pte), obj, clone, page); // on Standby, Modified or under write
        clone.setUsers(page, 2);
        nt.machine.replaceWithNotPresent(pt, vpn, 0);
      } else if (Pte.is(pte, Pte.SW_SWAP)) {
        clone.setSlot(page, (int) Pte.payload(pte));
        clone.setUsers(page, 2);
        nt.machine.replaceWithNotPresent(pt, vpn, 0);
      } else if (WindowsPtes.offered(pte)) {
        to.set(vpn, Pte.notPresent(0, WindowsPtes.OFFERED_LOST)); // the child's copy is lost
      } else if (Pte.is(pte, WindowsPtes.DEMAND_ZERO)) {
        to.set(vpn, pte);
      } else if (pte != 0 && !Pte.is(pte, Pte.SW_PROTOTYPE)) {
        throw new IllegalStateException(
            "windows fork: unexpected PTE " + Pte.describe(pte) + " at vpn 0x" + vpn);
      }
    }
  }

  /**
   * A region forked again: the pages the parent still had from the older section (through its
   * prototype, or valid) are the younger clone's to pass on, to both processes; the parent's hold
   * on the older page becomes the clone's.
   */
  private void passOn(PageTable pt, Region r, Section older, Section clone) {
    for (long vpn = r.startVpn(); vpn < r.endVpn(); vpn++) {
      long page = r.objectPage(vpn);
      if (clone.has(page)) {
        continue;
      }
      long pte = pt.get(vpn);
      boolean through = pte == 0 ? older.find(page).section().has(page) : Pte.present(pte);
      if (through && (pte == 0 || pfn.section((int) Pte.frame(pte)))) {
        clone.setUsers(page, 2);
      }
    }
  }

  private void adopt(int f, MemoryObject obj, Section clone, long page) {
    nt.memory.setOwner(f, obj.id(), (int) page);
    nt.memory.setFlag(f, PageLists.F_SECTION);
    clone.set(page, f);
  }
}
