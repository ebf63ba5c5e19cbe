package org.vmcompare.engine;

import org.vmcompare.hw.FaultKind;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * A test personality's common part: {@link DemandPaging} for allocate, faults and exit, so that a
 * test's subclass holds only the hook it tests. {@link #booted} and {@link #faulting} are its
 * hooks.
 */
abstract class PagingPersonality implements OsPersonality {
  private DemandPaging paging;

  @Override
  public final void boot(Kernel k) {
    paging = new DemandPaging(k);
    booted(k);
  }

  /** After boot set up the paging. */
  void booted(Kernel k) {}

  /** Before a fault inside a region maps a fresh frame. */
  void faulting(Proc p, long vaddr) {}

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    return paging.allocate(p, op);
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
    if (r == null) {
      return FaultResult.SEGV;
    }
    faulting(p, vaddr);
    paging.mapNew(p, r, vaddr);
    return FaultResult.RESOLVED;
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    return paging.exit(p);
  }
}
