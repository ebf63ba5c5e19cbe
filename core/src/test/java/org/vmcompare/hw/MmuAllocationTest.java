package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hot-path contract of DESIGN.md: translating a reference allocates nothing. Each test warms
 * the path up (so the JIT has compiled it), then counts the bytes the current thread allocates
 * across about a million translations, minus what the two measuring calls themselves allocate.
 */
final class MmuAllocationTest {
  private static final int REFERENCES = 1 << 20;
  private static final long PAGE = 4096;

  private ThreadMXBean threads;
  private long measuringOverhead;

  @BeforeEach
  void setUp() {
    threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes");
    threads.setThreadAllocatedMemoryEnabled(true);
    long overhead = Long.MAX_VALUE;
    for (int i = 0; i < 1000; i++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      long after = threads.getCurrentThreadAllocatedBytes();
      overhead = Math.min(overhead, after - before);
    }
    measuringOverhead = overhead;
  }

  private static Machine machine(TlbConfig tlb) {
    return new Machine(
        new MachineSpec(256L << 20, 4096, PagingMode.X86_64, tlb, CostModel.DEFAULT, 0, 1L << 20));
  }

  /** References cycling over {@code pages} base pages from vpn 16; returns the sum of frames. */
  private static long run(Mmu mmu, PageTable pt, int pages, int references, int access) {
    long sum = 0;
    int p = 0;
    for (int i = 0; i < references; i++) {
      sum += mmu.translate(pt, (16 + p) * PAGE + (i & 0xfff), access);
      if (++p == pages) {
        p = 0;
      }
    }
    return sum;
  }

  private long allocated(Mmu mmu, PageTable pt, int pages, int access, long expectedSum) {
    for (int round = 0; round < 20; round++) {
      assertThat(run(mmu, pt, pages, REFERENCES / 8, access)).isNotZero();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    long sum = run(mmu, pt, pages, REFERENCES, access);
    long after = threads.getCurrentThreadAllocatedBytes();
    assertThat(sum).isEqualTo(expectedSum);
    return after - before - measuringOverhead;
  }

  /** Maps vpn 16 + i to frame 1000 + i and returns the frame sum of a REFERENCES-long cycle. */
  private static long mapPages(Machine m, PageTable pt, int pages) {
    for (int i = 0; i < pages; i++) {
      m.map(pt, 16 + i, 1000 + i, Pte.USER | Pte.WRITABLE);
    }
    long sum = 0;
    for (int i = 0; i < REFERENCES; i++) {
      sum += 1000 + (i % pages);
    }
    return sum;
  }

  @Test
  void translate_tlbHits_allocateNothing() {
    Machine m = machine(TlbConfig.DEFAULT);
    PageTable pt = m.pageTables().create(1);
    long expected = mapPages(m, pt, 64);

    long bytes = allocated(m.mmu(), pt, 64, Access.READ, expected);

    assertThat(m.tlb().misses()).isEqualTo(64);
    assertThat(bytes).isZero();
  }

  @Test
  void translate_writeHits_allocateNothing() {
    Machine m = machine(TlbConfig.DEFAULT);
    PageTable pt = m.pageTables().create(1);
    long expected = mapPages(m, pt, 64);

    long bytes = allocated(m.mmu(), pt, 64, Access.WRITE, expected);

    assertThat(m.tlb().misses()).isEqualTo(64);
    assertThat(bytes).isZero();
  }

  @Test
  void translate_largePageHits_allocateNothing() {
    Machine m = machine(TlbConfig.DEFAULT);
    PageTable pt = m.pageTables().create(1);
    pt.setLarge(0, 1, Pte.leaf(1024, true, false));
    long expected = 0;
    for (int i = 0; i < REFERENCES; i++) {
      expected += 1024 + 16 + (i % 100);
    }

    long bytes = allocated(m.mmu(), pt, 100, Access.READ, expected);

    assertThat(m.tlb().misses()).isEqualTo(1);
    assertThat(bytes).isZero();
  }

  @Test
  void translate_tlbMissWalkAndFill_allocatesNothing() {
    // 8 entries 2-way: 4 sets of 2; cycling over 64 pages misses on every reference.
    Machine m = machine(new TlbConfig(8, 2, 4, 2, true));
    PageTable pt = m.pageTables().create(1);
    long expected = mapPages(m, pt, 64);
    long missesBefore = m.tlb().misses();

    long bytes = allocated(m.mmu(), pt, 64, Access.WRITE, expected);

    assertThat(m.tlb().hits()).isZero();
    assertThat(m.tlb().misses() - missesBefore).isEqualTo(20L * (REFERENCES / 8) + REFERENCES);
    assertThat(bytes).isZero();
  }

  @Test
  void translate_faults_allocateNothing() {
    Machine m = machine(TlbConfig.DEFAULT);
    PageTable pt = m.pageTables().create(1);
    for (int i = 0; i < 64; i += 2) {
      m.map(pt, 16 + i, 1000 + i, Pte.USER); // read-only; odd pages unmapped
    }
    long expected = 0;
    for (int i = 0; i < REFERENCES; i++) {
      expected +=
          (i % 64) % 2 == 0 ? -FaultKind.WRITE_PROTECT.code() : -FaultKind.NOT_PRESENT.code();
    }

    long bytes = allocated(m.mmu(), pt, 64, Access.WRITE, expected);

    assertThat(bytes).isZero();
  }
}
