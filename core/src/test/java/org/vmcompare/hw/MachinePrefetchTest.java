package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Machine#prefetchMappings}, {@link Machine#prefetchMappingsAlong} and {@link Mmu#prefetch}
 * are host-side hints: nothing simulated may change.
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
    long[] absent = new long[refs.length];
    long[] absentPtes = new long[refs.length];
    int n = m.mmu().prefetch(pt, refs, 0, refs.length, absent, absentPtes);
    FrameLists lists = new FrameLists(m.memory().frames(), "a");
    for (int f : new int[] {10, 60, 61, 62, 12}) {
      lists.addTail(0, f);
    }
    m.prefetchMappingsAlong(lists, lists.head(0), 100);
    m.prefetchMappingsAlong(lists, 61, 2);
    m.prefetchMappingsAlong(lists, -1, 5);

    // 100, 105 and 7 are present; 0, and 2^62 (whose bits above the 48-bit address space the MMU
    // masks off: page 0 again), lie in page 0's leaf table and are absent; -1's page, the top of
    // the
    // address space, has no leaf table to look in
    assertThat(n).isEqualTo(2);
    assertThat(absent).startsWith(0L, 0L);
    long[] more = {101 * 4096L, 140 * 4096L, 141 * 4096L, 3 * 4096L};
    pt.set(141, Pte.notPresent(77, Pte.SW_SWAP)); // a swap entry: handed over as it is
    assertThat(m.mmu().prefetch(pt, more, 0, more.length, absent, absentPtes)).isEqualTo(3);
    assertThat(absent).startsWith(140L, 141L, 3L);
    assertThat(absentPtes).startsWith(0L, Pte.notPresent(77, Pte.SW_SWAP), 0L);
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
