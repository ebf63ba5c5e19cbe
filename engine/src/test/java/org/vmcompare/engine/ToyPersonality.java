package org.vmcompare.engine;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Region;

/**
 * A hand-written test personality: demand-zero paging from a bump allocator, fork by eager copy (as
 * Unix did before copy-on-write), and a "procs" view. Enough to drive every engine feature.
 */
final class ToyPersonality implements OsPersonality {
  private Kernel kernel;
  private Mappings mappings;
  private int nextFrame;

  @Inject
  ToyPersonality() {}

  @Override
  public String name() {
    return "toy";
  }

  @Override
  public void boot(Kernel k) {
    kernel = k;
    mappings = new Mappings(k);
    nextFrame = k.machine().memory().kernelFrames();
  }

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    Region r = mappings.allocate(p.space(), op.label(), op.pages(), op.protection());
    if (r == null) {
      return Outcome.failed("ENOMEM", "no room for " + op.pages() + " pages");
    }
    return Outcome.ok(r.startVpn() << 12);
  }

  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    Proc child = kernel.newProcess(op.childName(), parent.attributes(), parent);
    PageTable ppt = parent.space().pageTable();
    for (Region r : parent.space().regions()) {
      MemoryObject copy = kernel.newObject(MemoryObject.Kind.ANONYMOUS, r.label(), r.pages(), null);
      mappings.copy(r, child.space(), copy, 0);
    }
    ppt.forEachLeaf(
        (vpn, level, pte) -> {
          if (Pte.present(pte)) {
            int frame = frame(child, vpn);
            kernel
                .machine()
                .memory()
                .setContent(frame, kernel.machine().memory().content((int) Pte.frame(pte)));
          }
        });
    return Outcome.ok(child.pid());
  }

  private int frame(Proc p, long vpn) {
    int frame = nextFrame++;
    kernel.machine().memory().claim(frame, 0, 0);
    kernel.machine().map(p.space().pageTable(), vpn, frame, Pte.USER | Pte.WRITABLE);
    p.countMinorFault();
    return frame;
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
    if (r == null) {
      return FaultResult.SEGV;
    }
    frame(p, vaddr >>> 12);
    return FaultResult.RESOLVED;
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    for (Region r : p.space().regions()) {
      for (long vpn = r.startVpn(); vpn < r.endVpn(); vpn++) {
        kernel.machine().unmap(p.space().pageTable(), vpn);
      }
      mappings.unmap(p.space(), r);
    }
    return Outcome.ok();
  }

  @Override
  public Map<String, String> views(ViewRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    StringBuilder sb = new StringBuilder();
    for (Proc p : request.processes()) {
      sb.append(p.pid()).append(' ').append(p.name()).append('\n');
    }
    out.put("procs", sb.toString());
    java.util.TreeSet<Long> bytes = new java.util.TreeSet<>();
    for (Proc p : request.processes()) {
      p.space()
          .pageTable()
          .forEachLeaf(
              (vpn, level, pte) -> {
                long token = kernel.machine().memory().content((int) Pte.frame(pte));
                if (token != 0) {
                  bytes.add(token & 0xFF);
                }
              });
    }
    out.put("compress", bytes.toString());
    return out;
  }

  /** The toy's provider: allocate, fork and exit. */
  static TestProvider provider() {
    return new TestProvider(
        "toy", ToyPersonality.class, Set.of(OpKind.ALLOCATE, OpKind.FORK, OpKind.EXIT));
  }
}
