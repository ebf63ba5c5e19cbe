package org.vmcompare.workload;

import org.vmcompare.common.Quantities;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.TlbConfig;

/**
 * {@code machine}: the one simulated machine every system variant of the experiment runs on. Unset
 * keys take the defaults documented in configs/reference.yaml.
 */
public record MachineConfig(
    ByteSize ram,
    ByteSize pageSize,
    String paging,
    ByteSize swap,
    ByteSize swapMax,
    ByteSize kernel,
    TlbSettings tlb,
    CostSettings costs) {

  public static final ByteSize DEFAULT_RAM = ByteSize.parse("1GiB");
  public static final ByteSize DEFAULT_PAGE_SIZE = ByteSize.parse("4KiB");
  public static final ByteSize DEFAULT_SWAP = ByteSize.parse("1GiB");
  public static final ByteSize DEFAULT_KERNEL = ByteSize.parse("16MiB");

  /**
   * The largest RAM a run can address (frame numbers are ints). Whether this JVM's heap can hold it
   * is checked separately, with a message saying how much heap it needs.
   */
  public static final long MAX_RAM = 1L << 40;

  public MachineConfig {
    ram = ram == null ? DEFAULT_RAM : ram;
    pageSize = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
    swap = swap == null ? DEFAULT_SWAP : swap;
    if (pageSize.pages() > 0) {
      throw new IllegalArgumentException("pageSize: must be in bytes (4KiB or 16KiB)");
    }
    long ps = pageSize.bytes();
    if (ps != 4096 && ps != 16384) {
      throw new IllegalArgumentException(
          "pageSize: " + pageSize + " is not supported; use 4KiB (x86) or 16KiB (Apple silicon)");
    }
    PagingMode mode;
    try {
      mode = paging == null ? PagingMode.defaultFor(ps) : PagingMode.parse(paging);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("paging: " + e.getMessage(), e);
    }
    if (mode.pageSize() != ps) {
      throw new IllegalArgumentException(
          "paging: "
              + mode.id()
              + " uses "
              + Quantities.formatBytes(mode.pageSize())
              + " pages but pageSize is "
              + pageSize);
    }
    long ramBytes = ram.toBytes(ps);
    if (kernel == null) {
      // 16MiB, or an eighth of a small machine's RAM, whole pages.
      kernel = ByteSize.ofBytes(Math.min(DEFAULT_KERNEL.bytes(), ramBytes / 8 / ps * ps));
    }
    if (ramBytes < 16 * ps) {
      throw new IllegalArgumentException("ram: " + ram + " is too small; at least 16 pages");
    }
    if (ramBytes > MAX_RAM) {
      throw new IllegalArgumentException(
          "ram: "
              + ram
              + " is larger than this build simulates ("
              + Quantities.formatBytes(MAX_RAM)
              + ")");
    }
    if (swapMax != null && swapMax.toBytes(ps) < swap.toBytes(ps)) {
      throw new IllegalArgumentException(
          "swapMax: " + swapMax + " is less than swap (" + swap + "); it is what swap may grow to");
    }
    if (kernel.toBytes(ps) >= ramBytes / 2) {
      throw new IllegalArgumentException("kernel: " + kernel + " must be less than half of ram");
    }
    if (mode == PagingMode.X86_32 && ramBytes > (4L << 30)) {
      throw new IllegalArgumentException("ram: x86-32 paging addresses at most 4GiB");
    }
  }

  public MachineConfig() {
    this(null, null, null, null, null, null, null, null);
  }

  public PagingMode pagingMode() {
    return paging == null ? PagingMode.defaultFor(pageSize.bytes()) : PagingMode.parse(paging);
  }

  public MachineSpec toSpec() {
    long ps = pageSize.bytes();
    TlbConfig tlbConfig;
    try {
      tlbConfig = tlb == null ? TlbConfig.DEFAULT : tlb.toConfig();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tlb: " + e.getMessage(), e);
    }
    CostModel costModel = (costs == null ? CostModel.DEFAULT : costs.toModel()).forPageSize(ps);
    return new MachineSpec(
        ram.toBytes(ps) / ps * ps,
        ps,
        pagingMode(),
        tlbConfig,
        costModel,
        swap.toBytes(ps) / ps * ps,
        kernel.toBytes(ps),
        swapMax == null ? swap.toBytes(ps) / ps * ps : swapMax.toBytes(ps) / ps * ps);
  }
}
