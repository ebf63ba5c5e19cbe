package org.vmcompare.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.TlbConfig;

/**
 * Measures core's state per resident page from the heap: the heap used after a full GC with a
 * machine whose every usable frame is mapped once, minus the heap used after a full GC before it
 * was built. What core holds per page must leave a model room for its own state. It also prints
 * {@code Machine.footprintBytes()}, the same figure counted from the arrays' lengths.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.vmcompare.bench.CoreFootprint [pages]}
 * (default 1,048,576 pages: a 4 GiB machine plus its 16 MiB kernel, every user frame mapped in one
 * address space and referenced once).
 */
public final class CoreFootprint {
  private CoreFootprint() {}

  public static void main(String[] args) {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
    long kernelBytes = 16L << 20;
    long before = usedAfterGc();
    Machine machine =
        new Machine(
            new MachineSpec(
                (long) pages * 4096 + kernelBytes,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                kernelBytes));
    PageTable pt = machine.pageTables().create(1);
    int firstFrame = machine.memory().kernelFrames();
    long base = 0x100_0000L;
    for (int i = 0; i < pages; i++) {
      machine.map(pt, base + i, firstFrame + i, Pte.USER | Pte.WRITABLE);
      machine.mmu().translate(pt, (base + i) << 12, i % 2);
    }
    long after = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "pages=%d frames=%d heap=%d bytes -> %.2f bytes per resident page%n",
        pages,
        machine.memory().frames(),
        after - before,
        (after - before) / (double) pages);
    System.out.printf(
        Locale.ROOT,
        "arrays: memory %.2f + page tables %.2f + rmap %.2f + tlb %.2f = %.2f bytes per page%n",
        machine.memory().footprintBytes() / (double) pages,
        machine.pageTables().footprintBytes() / (double) pages,
        machine.rmap().footprintBytes() / (double) pages,
        machine.tlb().footprintBytes() / (double) pages,
        machine.footprintBytes() / (double) pages);
    Reference.reachabilityFence(machine);
    Reference.reachabilityFence(pt);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
