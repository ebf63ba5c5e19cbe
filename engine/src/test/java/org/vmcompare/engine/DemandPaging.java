package org.vmcompare.engine;

import org.vmcompare.hw.Pte;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * The paging a hand-written test personality needs and does not test: regions from {@link
 * Mappings}, frames from a bump allocator, zero-fill on first touch, teardown at exit.
 */
final class DemandPaging {
  private final Kernel kernel;
  private final Mappings mappings;
  private int nextFrame;

  DemandPaging(Kernel kernel) {
    this.kernel = kernel;
    this.mappings = new Mappings(kernel);
    this.nextFrame = kernel.machine().memory().kernelFrames();
  }

  Outcome allocate(Proc p, Op.Allocate op) {
    Region r = mappings.allocate(p.space(), op.label(), op.pages(), op.protection());
    return r == null ? Outcome.failed("ENOMEM", "no room") : Outcome.ok(r.startVpn() << 12);
  }

  /** Maps a fresh frame at the page of {@code vaddr}. */
  void mapNew(Proc p, Region r, long vaddr) {
    int frame = nextFrame++;
    kernel.machine().memory().claim(frame, r.object().id(), (int) r.objectPage(vaddr >>> 12));
    kernel.machine().map(p.space().pageTable(), vaddr >>> 12, frame, Pte.USER | Pte.WRITABLE);
    p.countMinorFault();
  }

  Outcome exit(Proc p) {
    for (Region r : p.space().regions()) {
      for (long vpn = r.startVpn(); vpn < r.endVpn(); vpn++) {
        if (Pte.present(p.space().pageTable().get(vpn))) {
          kernel.machine().unmap(p.space().pageTable(), vpn);
        }
      }
      mappings.unmap(p.space(), r);
    }
    return Outcome.ok();
  }
}
