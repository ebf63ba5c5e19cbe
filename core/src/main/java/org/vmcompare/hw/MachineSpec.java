package org.vmcompare.hw;

import java.util.Objects;
import org.vmcompare.common.Quantities;

/**
 * What machine one run simulates. Every system variant of an experiment runs on the same spec, so
 * differences in the results come from the OS models, not the hardware.
 *
 * @param ramBytes physical memory
 * @param pageSize base page size (4 KiB x86, 16 KiB Apple silicon)
 * @param paging page-table layout
 * @param tlb TLB geometry
 * @param costs event costs, already scaled to the page size
 * @param swapBytes swap area / pagefile / swapfile space on disk at boot (0 = none)
 * @param swapMaxBytes what that space may grow to (Windows grows its pagefile from its initial to
 *     its maximum size; macOS adds swapfiles); equal to {@code swapBytes} for a fixed area
 * @param kernelBytes memory the kernel image and its data take (never reclaimable)
 */
public record MachineSpec(
    long ramBytes,
    long pageSize,
    PagingMode paging,
    TlbConfig tlb,
    CostModel costs,
    long swapBytes,
    long kernelBytes,
    long swapMaxBytes) {

  public MachineSpec {
    Objects.requireNonNull(paging, "paging is null");
    Objects.requireNonNull(tlb, "tlb is null");
    Objects.requireNonNull(costs, "costs is null");
    if (pageSize != paging.pageSize()) {
      throw new IllegalArgumentException(
          "machine.pageSize "
              + pageSize
              + " does not match paging mode "
              + paging.id()
              + " ("
              + paging.pageSize()
              + ")");
    }
    if (ramBytes < 16 * pageSize) {
      throw new IllegalArgumentException(
          "machine.ram must be at least 16 pages, got " + ramBytes + " bytes");
    }
    if (swapBytes < 0) {
      throw new IllegalArgumentException("machine.swap must not be negative, got " + swapBytes);
    }
    if (swapMaxBytes < swapBytes) {
      throw new IllegalArgumentException(
          "machine.swapMax must be at least machine.swap, got " + swapMaxBytes);
    }
    if (kernelBytes < 0 || kernelBytes >= ramBytes / 2) {
      throw new IllegalArgumentException(
          "machine.kernel must be between 0 and half of machine.ram, got " + kernelBytes);
    }
  }

  /** A machine whose swap space cannot grow. */
  public MachineSpec(
      long ramBytes,
      long pageSize,
      PagingMode paging,
      TlbConfig tlb,
      CostModel costs,
      long swapBytes,
      long kernelBytes) {
    this(ramBytes, pageSize, paging, tlb, costs, swapBytes, kernelBytes, swapBytes);
  }

  /** A 4 KiB x86-64 machine with default TLB and costs. */
  public static MachineSpec of(long ramBytes, long swapBytes) {
    return new MachineSpec(
        ramBytes, 4096, PagingMode.X86_64, TlbConfig.DEFAULT, CostModel.DEFAULT, swapBytes, 0);
  }

  public long frames() {
    return ramBytes / pageSize;
  }

  public long swapPages() {
    return swapBytes / pageSize;
  }

  public long swapMaxPages() {
    return swapMaxBytes / pageSize;
  }

  public int kernelFrames() {
    return (int) ((kernelBytes + pageSize - 1) / pageSize);
  }

  /** One line for report headers: what every system in the comparison ran on. */
  public String describe() {
    return "machine: "
        + Quantities.formatBytes(ramBytes)
        + " RAM, "
        + Quantities.formatBytes(pageSize)
        + " pages ("
        + paging.id()
        + "), swap "
        + Quantities.formatBytes(swapBytes)
        + ", TLB "
        + tlb.entries()
        + " entries "
        + tlb.ways()
        + "-way"
        + (tlb.asidTagged() ? " ASID-tagged" : " flushed on switch");
  }
}
