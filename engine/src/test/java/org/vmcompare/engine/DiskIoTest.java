package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Region;

/**
 * The disk seen from the processes: a read blocks the process that waits for it and no other;
 * writeback is queued and the writer goes on; a large read-file streams page by page, one disk read
 * each, interleaved with another process.
 */
final class DiskIoTest {
  static final long READ_NS = CostModel.DEFAULT.diskReadNs();
  static final long WRITE_NS = CostModel.DEFAULT.diskWriteNs();

  /**
   * Pages of regions named "swapped" come back from the disk (a major fault, one read each); other
   * pages are zero-filled for free. A write fault on "dirty" queues one disk write (a victim's
   * writeback) and goes on. read-file reads each page not yet cached from the disk, blocking
   * between pages. Exit times are recorded as "test.exit.NAME".
   */
  static final class DiskBacked implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;
    private Metrics metrics;
    private final Set<Long> cached = new HashSet<>();
    private int fileIoCalls;
    private int lastWriteFaultAt;

    @Inject
    DiskBacked() {}

    @Override
    public String name() {
      return "disk-backed";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      metrics = k.metrics();
      paging = new DemandPaging(k);
      fileIoCalls = metrics.register("test.fileio.calls", "fileIo calls");
      lastWriteFaultAt =
          metrics.register("test.last.write.fault.at", "time of the last write fault");
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      if (r.label().equals("swapped")) {
        p.countMajorFault();
        kernel.waitForRead(
            p,
            1,
            () -> {
              if (p.alive()) {
                paging.mapNew(p, r, vaddr);
              }
            });
        return FaultResult.BLOCKED;
      }
      paging.mapNew(p, r, vaddr);
      if (r.label().equals("dirty")) {
        kernel.disk().write(1, null);
        metrics.set(lastWriteFaultAt, kernel.now());
      }
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome fileIo(Proc p, Op.FileIo op) {
      metrics.increment(fileIoCalls);
      for (long i = 0; i < op.pages(); i++) {
        long page = op.offsetPages() + i;
        if (!cached.contains(page)) {
          kernel.waitForRead(p, 1, () -> cached.add(page));
          return Outcome.blocked(i);
        }
      }
      return Outcome.ok(op.pages());
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      metrics.set(metrics.register("test.exit." + p.name(), "exit time"), kernel.now());
      return paging.exit(p);
    }
  }

  @Test
  void diskRead_blocksOnlyTheFaultingProcess_whileAnotherRuns() {
    RunResult r =
        TestRuns.run(
            DiskBacked.class,
            """
            name: major-faults
            machine: {ram: 8MiB}
            systems: [toy]
            processes:
              - name: reader
                steps:
                  - allocate: {name: swapped, size: 8pages}
                  - touch: {region: swapped, pattern: sequential, passes: 1}
              - name: worker
                steps:
                  - allocate: {name: m, size: 64pages}
                  - touch: {region: m, pattern: sequential, passes: 2000}
            """);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("disk.reads")).isEqualTo(8);
    assertThat(r.counter("disk.busy.ns")).isEqualTo(8 * READ_NS);
    assertThat(r.processes().get(0).majorFaults()).isEqualTo(8);
    // The worker's 128,000 references ran while the reader waited for its disk.
    assertThat(r.counter("test.exit.worker")).isLessThan(r.counter("test.exit.reader"));
    assertThat(r.counter("references")).isEqualTo(8 + 128_000);
    // The reader's 8 reads in a row, plus the few ns of its own references: no time added.
    assertThat(r.simulatedNs()).isBetween(8 * READ_NS, 8 * READ_NS + 2_000);
  }

  @Test
  void writeback_isQueued_theWriterNeverWaitsForTheDisk() {
    RunResult r =
        TestRuns.run(
            DiskBacked.class,
            """
            name: writeback
            machine: {ram: 8MiB}
            systems: [toy]
            processes:
              - name: writer
                steps:
                  - allocate: {name: dirty, size: 32pages}
                  - touch: {region: dirty, pattern: sequential, passes: 1, writes: 1}
                  - sleep: 5ms
            """);

    assertThat(r.ok()).as(r.error()).isTrue();
    // 32 writes are 960 us of disk time; the faults that queued them took a few ns each.
    assertThat(r.counter("test.last.write.fault.at")).isLessThan(WRITE_NS);
    assertThat(r.counter("disk.writes")).isEqualTo(32);
    assertThat(r.counter("disk.busy.ns")).isEqualTo(32 * WRITE_NS);
    assertThat(r.counter("disk.queue.max")).isEqualTo(32);
    assertThat(r.simulatedNs()).isLessThan(5_000_000 + WRITE_NS);
  }

  @Test
  void largeReadFile_streamsPageByPage_interleavedWithAnotherProcess() {
    RunResult r =
        TestRuns.run(
            DiskBacked.class,
            """
            name: streaming
            machine: {ram: 8MiB}
            systems: [toy]
            files:
              - {name: big.dat, size: 16pages}
            processes:
              - name: reader
                steps:
                  - read-file: {file: big.dat}
              - name: worker
                steps:
                  - allocate: {name: m, size: 64pages}
                  - touch: {region: m, pattern: sequential, passes: 20000}
            """);

    assertThat(r.ok()).as(r.error()).isTrue();
    // One call a missing page, each ending BLOCKED after one more page, and the last one OK.
    assertThat(r.counter("test.fileio.calls")).isEqualTo(17);
    assertThat(r.counter("disk.reads")).isEqualTo(16);
    // After each read the reader takes the CPU back from the worker for its next page.
    assertThat(r.counter("context.switches")).isGreaterThanOrEqualTo(32);
    // Its reads back to back, each wake-up at most one worker quantum (~1 us) late ...
    assertThat(r.counter("test.exit.reader")).isBetween(16 * READ_NS, 16 * READ_NS + 20_000);
    // ... while the worker's 1,280,000 references (~1.3 ms) ran in between: the two overlap.
    assertThat(r.counter("test.exit.worker")).isGreaterThan(r.counter("test.exit.reader"));
    assertThat(r.simulatedNs()).isLessThan(16 * READ_NS + 300_000);
  }
}
