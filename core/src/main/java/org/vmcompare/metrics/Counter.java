package org.vmcompare.metrics;

/**
 * The counters every model shares, declared once in display order. Models add their own under their
 * prefix ({@code linux.reclaim.direct}, {@code windows.faults.soft}) through {@link
 * Metrics#register}.
 */
public enum Counter {
  REFERENCES("references", "memory references executed"),
  READS("reads", "references that read"),
  WRITES("writes", "references that wrote"),
  FAULTS_MINOR("faults.minor", "faults resolved without I/O (zero fill, COW, cache hit)"),
  FAULTS_MAJOR("faults.major", "faults that read from disk (swap, pagefile, file)"),
  ZERO_FILLS("zero.fills", "pages zero-filled on demand"),
  COW_COPIES("cow.copies", "pages copied by copy-on-write"),
  EVICTIONS("evictions", "pages taken from memory to reuse their frame"),
  SWAP_OUT("swap.out", "pages written to swap / pagefile / swapfile"),
  SWAP_IN("swap.in", "pages read back from swap / pagefile / swapfile"),
  COMPRESSIONS("compressions", "pages compressed into the compressor (macOS)"),
  DECOMPRESSIONS("decompressions", "pages decompressed from the compressor (macOS)"),
  FILE_READS("file.reads", "file pages read from disk"),
  FILE_WRITES("file.writes", "file pages written back to disk"),
  DISK_READS("disk.reads", "disk read requests completed"),
  DISK_WRITES("disk.writes", "disk write requests completed"),
  DISK_QUEUE_MAX("disk.queue.max", "most disk requests queued or in service at once"),
  DISK_BUSY_NS("disk.busy.ns", "simulated ns the disk spent serving requests"),
  DISCARDS("discards", "pages whose contents were discarded (DONTNEED, purge, offer lost)"),
  KILLS("kills", "processes killed by the OS (OOM killer, jetsam)"),
  COMMIT_FAILURES("commit.failures", "allocations refused by commit accounting"),
  SEGFAULTS("segfaults", "accesses outside every region or against protection"),
  TLB_HITS("tlb.hits", "TLB hits"),
  TLB_MISSES("tlb.misses", "TLB misses (page walks)"),
  TLB_SHOOTDOWNS("tlb.shootdowns", "invalidations of pages mapped in several address spaces"),
  TLB_FLUSHES("tlb.flushes", "whole-TLB or whole-ASID flushes"),
  CONTEXT_SWITCHES("context.switches", "scheduler switches between processes");

  private final String key;
  private final String description;

  Counter(String key, String description) {
    this.key = key;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String description() {
    return description;
  }
}
