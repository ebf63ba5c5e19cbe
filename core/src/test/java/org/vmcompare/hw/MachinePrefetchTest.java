package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Machine#prefetchMappings} and {@link Mmu#prefetch} are host-side hints: nothing simulated
 * may change.
 */
final class MachinePrefetchTest {
  private static final long RW = Pte.USER | Pte.WRITABLE;

  @Test
  void prefetchMappings_anyFrames_changesNothingSimulated() {
    Machine m =
        new Machine(
            new MachineSpec(
                64L << 20, 4096, PagingMode.X86_64, TlbConfig.DEFAULT, CostModel.DEFAULT, 0, 0));
    PageTable pt = m.pageTables().create(1);
    PageTable gone = m.pageTables().create(2);
    for (int i = 0; i < 40; i++) {
      m.map(pt, 100 + i, 10 + i, RW);
    }
    m.map(pt, 7, 60, RW);
    m.map(gone, 7, 60, RW); // frame 60 is shared
    m.map(gone, 8, 61, RW);
    m.destroy(gone); // its records go; frame 61 is unmapped again
    m.rmap().untrack(62);
    m.map(pt, 9, 62, RW);
    m.mmu().translate(pt, 100 * 4096L, Access.WRITE);
    long now = m.clock().now();
    long hits = m.tlb().hits();
    long misses = m.tlb().misses();
    long walks = m.mmu().walks();
    int tables = m.pageTables().liveNodes();

    m.prefetchMappings(0, m.memory().frames());
    m.prefetchMappings(-5, 20);
    m.prefetchMappings(m.memory().frames() - 3, 100);
    m.prefetchMappings(5, -1);
    long[] refs = {100 * 4096L, (105 * 4096L) | (1L << 63), 7 * 4096L, -1L, 0, 1L << 62};
    m.mmu().prefetch(pt, refs, 0, refs.length);
    m.mmu().prefetch(gone, refs, 0, refs.length);

    assertThat(m.clock().now()).isEqualTo(now);
    assertThat(m.tlb().hits()).isEqualTo(hits);
    assertThat(m.tlb().misses()).isEqualTo(misses);
    assertThat(m.mmu().walks()).isEqualTo(walks);
    assertThat(m.pageTables().liveNodes()).isEqualTo(tables);
    assertThat(pt.get(100))
        .isEqualTo(Pte.withFrame(RW | Pte.PRESENT | Pte.ACCESSED, 10) | Pte.DIRTY);
    assertThat(m.rmap().mapCount(60)).isEqualTo(1);
    assertThat(m.testAndClearAccessed(10)).isTrue();
    assertThat(m.testAndClearAccessed(11)).isFalse();
  }
}
