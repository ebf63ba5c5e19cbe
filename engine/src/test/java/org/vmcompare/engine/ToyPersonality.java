package org.vmcompare.engine;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
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
    Proc child = kernel.newProcess(op.childName(), parent.options(), parent);
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
    TreeSet<Long> bytes = new TreeSet<>();
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
    StringBuilder options = new StringBuilder();
    for (Proc p : request.processes()) {
      options.append(p.name()).append(' ').append(p.options().asMap()).append('\n');
    }
    out.put("options", options.toString());
    return out;
  }

  /**
   * The per-process options the toy declares: the three OS models' own (as they declare them), so
   * this module's tests can load configs/reference.yaml, which documents every key, without the
   * model jars (they depend on the engine, so cannot be on its test class path). cli's tests load
   * that file against the real models.
   */
  static final List<OptionSpec> PROCESS_OPTIONS =
      List.of(
          OptionSpec.integer("nice", 0, -20, 19, "Linux niceness"),
          OptionSpec.integer("oomScoreAdj", 0, -1000, 1000, "Linux oom_score_adj"),
          OptionSpec.integer("memoryPriority", 5, 1, 5, "Windows memory priority"),
          OptionSpec.size("workingSetMin", "50pages", "Windows working-set minimum"),
          OptionSpec.size("workingSetMax", "345pages", "Windows working-set maximum"),
          OptionSpec.oneOf(
              "hardWorkingSetMax", "false", List.of("false", "true"), "Windows hard maximum"),
          OptionSpec.oneOf(
              "hardWorkingSetMin", "false", List.of("false", "true"), "Windows hard minimum"),
          OptionSpec.oneOf(
              "foreground", "false", List.of("false", "true"), "Windows foreground process"),
          OptionSpec.integer("jetsamBand", 100, 0, 210, "macOS jetsam band")
              .withNames(
                  Map.of(
                      "idle", 0L,
                      "aging", 10L,
                      "background", 30L,
                      "mail", 40L,
                      "freezer", 75L,
                      "foreground", 100L,
                      "home", 160L,
                      "important", 180L,
                      "critical", 190L)),
          OptionSpec.oneOf("idleExit", "false", List.of("false", "true"), "macOS idle exit"));

  /** The toy's provider: allocate, fork and exit, and the per-process options above. */
  static TestProvider provider() {
    return new TestProvider(
        "toy",
        ToyPersonality.class,
        Set.of(OpKind.ALLOCATE, OpKind.FORK, OpKind.EXIT),
        PROCESS_OPTIONS);
  }
}
