package org.vmcompare.linux;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.RunFailure;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.vm.Region;

/**
 * The Linux personality with two test-only native calls that check the data integrity model: {@code
 * record} notes the content token of every resident page of a region, {@code verify} fails the run
 * if a resident page of it now holds another. Between them the pages may go to swap and back; what
 * comes back must be what went out. Two more plant bugs for the check engine's file tests: {@code
 * drop-file-writes} (write-file answers done without writing) and {@code map-private-as-shared}.
 */
public final class CheckedLinux implements OsPersonality {
  private final LinuxPersonality inner;
  private final Map<Long, Long> recorded = new LinkedHashMap<>();
  private Kernel kernel;
  private int same;
  private int zero;
  private boolean dropFileWrites;
  private boolean privateAsShared;

  @Inject
  public CheckedLinux(LinuxOptions options) {
    this.inner = new LinuxPersonality(options, FaultInjection.NONE);
  }

  /** A provider for this personality with default options, for a SystemVariant. */
  static OsModuleProvider provider() {
    return new OsModuleProvider() {
      @Override
      public String name() {
        return "linux";
      }

      @Override
      public String description() {
        return "linux with content checks";
      }

      @Override
      public List<OptionSpec> options() {
        return LinuxOptions.SPECS;
      }

      @Override
      public List<OptionSpec> processOptions() {
        return new LinuxModuleProvider().processOptions();
      }

      @Override
      public Module module(SystemOptions options) {
        LinuxOptions o = LinuxOptions.from(options);
        return new AbstractModule() {
          @Override
          protected void configure() {
            bind(LinuxOptions.class).toInstance(o);
            bind(OsPersonality.class).to(CheckedLinux.class);
            bind(CheckedLinux.class).in(Singleton.class);
          }
        };
      }

      @Override
      public Optional<String> whyUnsupported(OpKind op) {
        return Optional.empty();
      }
    };
  }

  @Override
  public String name() {
    return "linux";
  }

  @Override
  public void boot(Kernel k) {
    kernel = k;
    inner.boot(k);
    same = k.metrics().register("check.same", "pages that kept their recorded contents");
    zero = k.metrics().register("check.zero", "recorded pages that read zero");
  }

  @Override
  public Outcome nativeCall(Proc p, Op.Native op) {
    // planted bugs for the check's file tests: from now on, write-file loses its data, or a private
    // file mapping is mapped shared (its writes reach the file)
    if (op.call().equals("drop-file-writes")) {
      dropFileWrites = true;
      return Outcome.ok();
    }
    if (op.call().equals("map-private-as-shared")) {
      privateAsShared = true;
      return Outcome.ok();
    }
    boolean orZero = op.call().equals("verify-or-zero");
    if (!op.call().equals("record") && !op.call().equals("verify") && !orZero) {
      return inner.nativeCall(p, op);
    }
    Region r = p.space().byLabel(String.valueOf(op.args().get("region")));
    PageTable pt = p.space().pageTable();
    long checked = 0;
    for (long vpn = r.startVpn(); vpn < r.endVpn(); vpn++) {
      long pte = pt.get(vpn);
      if (!Pte.present(pte)) {
        continue;
      }
      long token = kernel.machine().memory().content((int) Pte.frame(pte));
      long key = ((long) p.pid() << 40) | vpn;
      if (op.call().equals("record")) {
        recorded.put(key, token);
      } else if (recorded.containsKey(key)) {
        if (orZero && token == 0) {
          kernel.metrics().increment(zero);
        } else if (recorded.get(key) != token) {
          throw new RunFailure("page " + Long.toHexString(vpn) + " came back changed", false);
        } else {
          kernel.metrics().increment(same);
        }
        checked++;
      }
    }
    return Outcome.ok(checked);
  }

  @Override
  public void processCreated(Proc p) {
    inner.processCreated(p);
  }

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    return inner.allocate(p, op);
  }

  @Override
  public Outcome commit(Proc p, Op.Commit op) {
    return inner.commit(p, op);
  }

  @Override
  public Outcome share(Proc p, Op.Share op) {
    return inner.share(p, op);
  }

  @Override
  public Outcome mapFile(Proc p, Op.MapFile op) {
    if (privateAsShared && op.mapping() == Op.FileMapping.PRIVATE) {
      return inner.mapFile(
          p,
          new Op.MapFile(
              op.label(), op.file(), op.offsetPages(), op.pages(), Op.FileMapping.SHARED));
    }
    return inner.mapFile(p, op);
  }

  @Override
  public Outcome fileIo(Proc p, Op.FileIo op) {
    if (dropFileWrites && op.write()) {
      return Outcome.ok(op.pages()); // the bug: the data never reaches the page cache
    }
    return inner.fileIo(p, op);
  }

  @Override
  public Outcome release(Proc p, Op.Release op) {
    return inner.release(p, op);
  }

  @Override
  public Outcome offer(Proc p, Op.Offer op) {
    return inner.offer(p, op);
  }

  @Override
  public Outcome reclaim(Proc p, Op.Reclaim op) {
    return inner.reclaim(p, op);
  }

  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    return inner.fork(parent, op);
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    return inner.exit(p, op);
  }

  @Override
  public Outcome dropCaches(Proc p, Op.DropCaches op) {
    return inner.dropCaches(p, op);
  }

  @Override
  public Outcome protect(Proc p, Op.Protect op) {
    return inner.protect(p, op);
  }

  @Override
  public Outcome unmap(Proc p, Op.Unmap op) {
    return inner.unmap(p, op);
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    return inner.handleFault(p, vaddr, access, kind, region);
  }

  @Override
  public Map<String, String> views(ViewRequest request) {
    return inner.views(request);
  }

  @Override
  public List<MetricSpec> processMetrics() {
    return inner.processMetrics();
  }

  @Override
  public List<String> simplifications() {
    return inner.simplifications();
  }
}
