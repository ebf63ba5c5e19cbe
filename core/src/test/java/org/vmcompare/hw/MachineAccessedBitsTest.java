package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accessed bits and TLB flushes the way the kernels use them: aging with or without a flush, and
 * fork's write-protect of a whole address space with one flush.
 */
final class MachineAccessedBitsTest {
  private static final long PAGE = 4096;
  private static final long RW = Pte.USER | Pte.WRITABLE;

  /** 8 entries, 2 ways: VPNs 4 apart share a set, so a third one evicts the least recent. */
  private static Machine smallTlb() {
    return new Machine(
        new MachineSpec(
            64L << 20,
            4096,
            PagingMode.X86_64,
            new TlbConfig(8, 2, 4, 2, true),
            CostModel.DEFAULT,
            0,
            0));
  }

  private static long read(Machine m, PageTable pt, long vpn) {
    return m.mmu().translate(pt, vpn * PAGE, Access.READ);
  }

  private static long write(Machine m, PageTable pt, long vpn) {
    return m.mmu().translate(pt, vpn * PAGE, Access.WRITE);
  }

  @Test
  void translate_hitAfterTheBitWasClearedBehindTheTlb_leavesItClear() {
    Machine m = smallTlb();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, RW);
    read(m, pt, 5);
    pt.andNotBits(5, Pte.ACCESSED);

    assertThat(read(m, pt, 5)).isEqualTo(42);

    assertThat(m.tlb().hits()).isEqualTo(1);
    assertThat(Pte.is(pt.get(5), Pte.ACCESSED)).isFalse();
  }

  @Test
  void testAndClearAccessed_withoutFlush_keepsTheEntryAndTheBitStaysClearUntilEvicted() {
    Machine m = smallTlb();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, RW);
    m.map(pt, 9, 43, RW);
    m.map(pt, 13, 44, RW);
    read(m, pt, 5);

    assertThat(m.testAndClearAccessed(42, false)).isTrue();

    assertThat(m.tlb().lookup(1, 5)).isNotNegative();
    long misses = m.tlb().misses();
    read(m, pt, 5);
    read(m, pt, 5);
    assertThat(m.tlb().misses()).isEqualTo(misses);
    assertThat(m.testAndClearAccessed(42, false)).isFalse();

    read(m, pt, 9);
    read(m, pt, 13); // same set, two ways: VPN 5 is the least recent and goes
    assertThat(m.tlb().lookup(1, 5)).isEqualTo(-1);
    read(m, pt, 5);
    assertThat(m.testAndClearAccessed(42, false)).isTrue();
  }

  @Test
  void testAndClearAccessed_withoutFlush_bitComesBackAfterTheAddressSpaceIsFlushed() {
    Machine m = smallTlb();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, RW);
    read(m, pt, 5);
    assertThat(m.testAndClearAccessed(pt, 5, false)).isTrue();
    read(m, pt, 5);
    assertThat(m.testAndClearAccessed(pt, 5, false)).isFalse();

    m.tlb().invalidateAsid(1);
    read(m, pt, 5);

    assertThat(m.testAndClearAccessed(pt, 5, false)).isTrue();
  }

  @Test
  void testAndClearAccessed_withFlush_dropsTheEntrySoTheNextReferenceSetsTheBit() {
    Machine m = smallTlb();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, RW);
    read(m, pt, 5);

    assertThat(m.testAndClearAccessed(42, true)).isTrue();

    assertThat(m.tlb().lookup(1, 5)).isEqualTo(-1);
    read(m, pt, 5);
    assertThat(m.testAndClearAccessed(42, true)).isTrue();
  }

  @Test
  void testAndClearAccessed_aBlockOfVpns_theSameAsEachInTurn() {
    Machine blockwise = smallTlb();
    Machine oneByOne = smallTlb();
    PageTable a = blockwise.pageTables().create(1);
    PageTable b = oneByOne.pageTables().create(1);
    // mapped pages in three leaf tables, some referenced; one twice in the block; a VPN never
    // mapped beside mapped ones, and one where no leaf table is (the look-up's general path)
    long far = 1L << 27;
    long[] vpns = {5, 9, 13, 600, 601, 7, far, 9, 1000, 14, 1L << 30};
    for (Machine m : List.of(blockwise, oneByOne)) {
      PageTable pt = m == blockwise ? a : b;
      for (long vpn : new long[] {5, 9, 13, 14, 600, 601, 7}) {
        m.map(pt, vpn, (int) vpn + 100, RW);
      }
      m.map(pt, far, 90, RW);
      for (long vpn : new long[] {5, 13, 600, 7}) {
        read(m, pt, vpn);
      }
      m.tlb().invalidatePage(1, 7, PagingMode.X86_64); // a referenced page not in the TLB
    }

    long mask = blockwise.testAndClearAccessed(a, vpns, vpns.length, true);

    for (int j = 0; j < vpns.length; j++) {
      boolean each = oneByOne.testAndClearAccessed(b, vpns[j], true);
      assertThat((mask >>> j & 1) != 0).as("vpn %d at %d", vpns[j], j).isEqualTo(each);
    }
    assertThat(mask).isEqualTo(0b10_1101L); // 5, 13, 600 and 7 were referenced
    for (long vpn : vpns) {
      assertThat(a.get(vpn)).as("PTE of %d", vpn).isEqualTo(b.get(vpn));
      assertThat(blockwise.tlb().lookup(1, vpn)).isEqualTo(oneByOne.tlb().lookup(1, vpn));
    }
    assertThat(blockwise.testAndClearAccessed(a, vpns, vpns.length, true)).isZero();
  }

  @Test
  void testAndClearAccessed_moreThanABlock_refused() {
    Machine m = smallTlb();
    PageTable pt = m.pageTables().create(1);
    long[] vpns = new long[Machine.ACCESSED_BLOCK + 1];

    assertThatThrownBy(() -> m.testAndClearAccessed(pt, vpns, vpns.length, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 64 PTEs a call, got 65");
  }

  @Test
  void write_throughACachedCleanEntryWhoseBitWasCleared_setsDirtyAndAccessed() {
    Machine m = smallTlb();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, RW);
    read(m, pt, 5);
    m.testAndClearAccessed(42, false);

    assertThat(write(m, pt, 5)).isEqualTo(42);

    assertThat(pt.get(5) & (Pte.ACCESSED | Pte.DIRTY)).isEqualTo(Pte.ACCESSED | Pte.DIRTY);
    assertThat(m.testAndClearAccessed(42, false)).isTrue();
  }

  @Test
  void writeProtectAddressSpace_fork_countsOneFlushNoShootdownAndEveryWriteFaultsCow() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    PageTable parent = m.pageTables().create(1);
    PageTable child = m.pageTables().create(2);
    for (int i = 0; i < 100; i++) {
      m.map(parent, 16 + i, 1000 + i, RW);
      m.map(child, 16 + i, 1000 + i, Pte.USER | Pte.SW_COW);
      write(m, parent, 16 + i);
    }
    m.map(parent, 500, 2000, Pte.USER); // read-only, not COW: stays as it is
    m.mapLarge(parent, 1024, 1, 2048, RW);
    write(m, parent, 1024);
    long flushes = m.tlb().flushes();

    long changed = m.writeProtectAddressSpace(parent, true);

    assertThat(changed).isEqualTo(101);
    assertThat(m.tlb().flushes()).isEqualTo(flushes + 1);
    assertThat(m.tlb().shootdowns()).isZero();
    for (int i = 0; i < 100; i++) {
      assertThat(write(m, parent, 16 + i)).isEqualTo(-FaultKind.COPY_ON_WRITE.code());
    }
    assertThat(write(m, parent, 1024 + 7)).isEqualTo(-FaultKind.COPY_ON_WRITE.code());
    assertThat(write(m, parent, 500)).isEqualTo(-FaultKind.WRITE_PROTECT.code());
    assertThat(Pte.is(parent.get(500), Pte.SW_COW)).isFalse();
    assertThat(read(m, parent, 16)).isEqualTo(1000);
    assertThat(m.rmap().mapCount(1000)).isEqualTo(2);
  }

  @Test
  void writeProtectAddressSpace_ranges_leavesASharedRegionWritableWithOneFlush() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    PageTable pt = m.pageTables().create(1);
    for (int i = 0; i < 10; i++) {
      m.map(pt, 100 + i, 1000 + i, RW); // private
      m.map(pt, 200 + i, 2000 + i, RW); // shared
      m.map(pt, 300 + i, 3000 + i, RW); // private
      write(m, pt, 200 + i);
    }
    long flushes = m.tlb().flushes();

    long changed =
        m.writeProtectAddressSpace(pt, List.of(new VpnRange(100, 10), new VpnRange(300, 10)), true);

    assertThat(changed).isEqualTo(20);
    assertThat(m.tlb().flushes()).isEqualTo(flushes + 1);
    assertThat(write(m, pt, 105)).isEqualTo(-FaultKind.COPY_ON_WRITE.code());
    assertThat(write(m, pt, 309)).isEqualTo(-FaultKind.COPY_ON_WRITE.code());
    assertThat(write(m, pt, 205)).isEqualTo(2005);
  }

  @Test
  void writeProtectAddressSpace_nothingWritable_flushesNothing() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER);
    read(m, pt, 5);

    assertThat(m.writeProtectAddressSpace(pt, true)).isZero();

    assertThat(m.tlb().flushes()).isZero();
    assertThat(m.tlb().lookup(1, 5)).isNotNegative();
  }
}
