package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class MmuTest {
  private static final long PAGE = 4096;
  private static final long HIT = CostModel.DEFAULT.tlbHitNs();
  private static final long LEVEL = CostModel.DEFAULT.walkLevelNs();

  private static Machine machine(PagingMode mode, TlbConfig tlb, long kernelBytes) {
    return new Machine(
        new MachineSpec(
            64L << 20,
            mode.pageSize(),
            mode,
            tlb,
            CostModel.DEFAULT.forPageSize(mode.pageSize()),
            0,
            kernelBytes));
  }

  private static Machine x86() {
    return machine(PagingMode.X86_64, TlbConfig.DEFAULT, 0);
  }

  private static long fault(FaultKind kind) {
    return -kind.code();
  }

  @Test
  void translate_firstReference_missesWalksFourLevelsAndChargesThem() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.WRITABLE);

    long frame = m.mmu().translate(pt, 5 * PAGE + 123, Access.READ);

    assertThat(frame).isEqualTo(42);
    assertThat(m.tlb().misses()).isEqualTo(1);
    assertThat(m.tlb().hits()).isZero();
    assertThat(m.mmu().walks()).isEqualTo(1);
    assertThat(m.mmu().walkLevels()).isEqualTo(4);
    assertThat(m.clock().now()).isEqualTo(4 * LEVEL);
  }

  @Test
  void translate_secondReference_hitsAndChargesOnlyTheHit() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.WRITABLE);
    m.mmu().translate(pt, 5 * PAGE, Access.READ);
    long before = m.clock().now();

    long frame = m.mmu().translate(pt, 5 * PAGE + 4095, Access.READ);

    assertThat(frame).isEqualTo(42);
    assertThat(m.tlb().hits()).isEqualTo(1);
    assertThat(m.tlb().misses()).isEqualTo(1);
    assertThat(m.mmu().walks()).isEqualTo(1);
    assertThat(m.clock().now() - before).isEqualTo(HIT);
  }

  @Test
  void translate_readMiss_setsAccessedButNotDirty() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.WRITABLE);
    assertThat(Pte.is(pt.get(5), Pte.ACCESSED)).isFalse();

    m.mmu().translate(pt, 5 * PAGE, Access.READ);

    assertThat(Pte.is(pt.get(5), Pte.ACCESSED)).isTrue();
    assertThat(Pte.is(pt.get(5), Pte.DIRTY)).isFalse();
  }

  @Test
  void translate_writeMiss_setsAccessedAndDirty() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.WRITABLE);

    m.mmu().translate(pt, 5 * PAGE, Access.WRITE);

    assertThat(Pte.is(pt.get(5), Pte.ACCESSED)).isTrue();
    assertThat(Pte.is(pt.get(5), Pte.DIRTY)).isTrue();
    assertThat(Pte.is(m.tlb().pte(m.tlb().lookup(1, 5)), Pte.DIRTY)).isTrue();
  }

  @Test
  void translate_writeHitOnCleanCachedEntry_setsDirtyWithOneWalkThenPlainHits() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.WRITABLE);
    m.mmu().translate(pt, 5 * PAGE, Access.READ);
    long t0 = m.clock().now();

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.WRITE)).isEqualTo(42);

    assertThat(Pte.is(pt.get(5), Pte.DIRTY)).isTrue();
    assertThat(Pte.is(m.tlb().pte(m.tlb().lookup(1, 5)), Pte.DIRTY)).isTrue();
    assertThat(m.clock().now() - t0).isEqualTo(HIT + 4 * LEVEL);
    assertThat(m.tlb().hits()).isEqualTo(1);
    assertThat(m.mmu().walks()).isEqualTo(2);

    long t1 = m.clock().now();
    m.mmu().translate(pt, 5 * PAGE, Access.WRITE);
    assertThat(m.clock().now() - t1).isEqualTo(HIT);
    assertThat(m.mmu().walks()).isEqualTo(2);
  }

  @Test
  void translate_readHitAfterAccessedWasClearedBehindTheTlb_leavesItClear() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.WRITABLE);
    m.mmu().translate(pt, 5 * PAGE, Access.READ);
    pt.andNotBits(5, Pte.ACCESSED);

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.READ)).isEqualTo(42);

    assertThat(m.tlb().hits()).isEqualTo(1);
    assertThat(Pte.is(pt.get(5), Pte.ACCESSED)).isFalse();
  }

  @Test
  void translate_firstWriteThroughCleanEntryWhoseAccessedWasCleared_setsBothInTheWalk() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.WRITABLE);
    m.mmu().translate(pt, 5 * PAGE, Access.READ);
    pt.andNotBits(5, Pte.ACCESSED);

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.WRITE)).isEqualTo(42);

    assertThat(pt.get(5) & (Pte.ACCESSED | Pte.DIRTY)).isEqualTo(Pte.ACCESSED | Pte.DIRTY);
    assertThat(m.mmu().walks()).isEqualTo(2);
  }

  @Test
  void translate_unmappedPage_faultsNotPresentAfterChargingTheWalk() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER);

    assertThat(m.mmu().translate(pt, 6 * PAGE, Access.READ))
        .isEqualTo(fault(FaultKind.NOT_PRESENT));
    assertThat(m.mmu().walkLevels()).isEqualTo(4);
    assertThat(m.mmu().translate(pt, (1L << 40), Access.READ))
        .isEqualTo(fault(FaultKind.NOT_PRESENT));
    assertThat(m.mmu().walkLevels()).isEqualTo(5); // stopped at the empty root entry
    assertThat(m.tlb().misses()).isEqualTo(2);
    assertThat(m.tlb().lookup(1, 6)).isEqualTo(-1);
  }

  @Test
  void translate_swapEntry_faultsNotPresent() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    pt.set(5, Pte.notPresent(77, Pte.SW_SWAP | Pte.USER | Pte.WRITABLE));

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.READ))
        .isEqualTo(fault(FaultKind.NOT_PRESENT));
  }

  @Test
  void translate_writeToReadOnly_faultsWriteProtectAndLeavesPteClean() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER);

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.WRITE))
        .isEqualTo(fault(FaultKind.WRITE_PROTECT));
    assertThat(Pte.is(pt.get(5), Pte.DIRTY)).isFalse();
    assertThat(m.tlb().lookup(1, 5)).isEqualTo(-1);
    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.READ)).isEqualTo(42);
  }

  @Test
  void translate_writeToReadOnlyCachedEntry_faultsFromTheTlb() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER);
    m.mmu().translate(pt, 5 * PAGE, Access.READ);
    long t0 = m.clock().now();

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.WRITE))
        .isEqualTo(fault(FaultKind.WRITE_PROTECT));
    assertThat(m.tlb().hits()).isEqualTo(1);
    assertThat(m.clock().now() - t0).isEqualTo(HIT);
    assertThat(Pte.is(pt.get(5), Pte.DIRTY)).isFalse();
  }

  @Test
  void translate_writeToCowPage_faultsCopyOnWrite() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, Pte.USER | Pte.SW_COW);

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.WRITE))
        .isEqualTo(fault(FaultKind.COPY_ON_WRITE));
    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.READ)).isEqualTo(42);
    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.WRITE))
        .isEqualTo(fault(FaultKind.COPY_ON_WRITE));
  }

  @Test
  void translate_executeNoExecutePage_faultsNoExecute() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    pt.set(5, Pte.leaf(42, false, false));
    pt.set(6, Pte.leaf(43, false, true));

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.EXECUTE))
        .isEqualTo(fault(FaultKind.NO_EXECUTE));
    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.READ)).isEqualTo(42);
    assertThat(m.mmu().translate(pt, 6 * PAGE, Access.EXECUTE)).isEqualTo(43);
  }

  @Test
  void translate_userAccessToKernelPage_faultsSupervisor() {
    Machine m = machine(PagingMode.X86_64, TlbConfig.DEFAULT, 1L << 20);
    PageTable pt = m.pageTables().create(1);
    long kernel = PagingMode.X86_64.kernelBase();

    assertThat(m.mmu().translate(pt, kernel + 3 * PAGE, Access.READ))
        .isEqualTo(fault(FaultKind.SUPERVISOR));
    assertThat(m.mmu().translate(pt, kernel, Access.WRITE)).isEqualTo(fault(FaultKind.SUPERVISOR));
    assertThat(FaultKind.ofResult(m.mmu().translate(pt, kernel, Access.EXECUTE)))
        .isEqualTo(FaultKind.SUPERVISOR);
  }

  @Test
  void translate_userPageWithoutUserBit_faultsSupervisor() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    pt.set(5, Pte.withFrame(Pte.PRESENT | Pte.WRITABLE, 42));

    assertThat(m.mmu().translate(pt, 5 * PAGE, Access.READ)).isEqualTo(fault(FaultKind.SUPERVISOR));
  }

  @ParameterizedTest
  @CsvSource({
    // mode, level, walk levels
    "X86_64, 1, 3",
    "X86_64, 2, 2",
    "X86_32, 1, 1",
    "ARM64_16K, 1, 3"
  })
  void translate_largePage_returnsBaseFramePlusOffsetAndHitsLargeBank(
      PagingMode mode, int level, int walkLevels) {
    Machine m = machine(mode, TlbConfig.DEFAULT, 0);
    PageTable pt = m.pageTables().create(1);
    long pages = mode.pagesPerEntry(level);
    long vpn = 2 * pages;
    long baseFrame = 3 * pages;
    pt.setLarge(vpn, level, Pte.leaf(baseFrame, true, false));
    long page = mode.pageSize();

    assertThat(m.mmu().translate(pt, (vpn + 37) * page + 5, Access.READ)).isEqualTo(baseFrame + 37);
    assertThat(m.mmu().walkLevels()).isEqualTo(walkLevels);
    assertThat(m.clock().now()).isEqualTo(walkLevels * LEVEL);

    long t0 = m.clock().now();
    assertThat(m.mmu().translate(pt, (vpn + pages - 1) * page, Access.READ))
        .isEqualTo(baseFrame + pages - 1);
    assertThat(m.tlb().hits()).isEqualTo(1);
    assertThat(m.clock().now() - t0).isEqualTo(HIT);
    assertThat(m.tlb().lookup(1, vpn + 37)).isEqualTo(-1);
  }

  @Test
  void translate_writeHitOnCleanLargeEntry_setsDirtyOnLargeLeaf() {
    Machine m = x86();
    PageTable pt = m.pageTables().create(1);
    pt.setLarge(512, 1, Pte.leaf(1024, true, false));
    m.mmu().translate(pt, 600 * PAGE, Access.READ);
    long t0 = m.clock().now();

    assertThat(m.mmu().translate(pt, 700 * PAGE, Access.WRITE)).isEqualTo(1024 + 188);

    assertThat(Pte.is(pt.get(512), Pte.DIRTY)).isTrue();
    assertThat(m.clock().now() - t0).isEqualTo(HIT + 3 * LEVEL);
  }

  @Test
  void switchTo_untaggedTlb_flushesNonGlobalKeepsGlobal() {
    Machine m = machine(PagingMode.X86_64, new TlbConfig(64, 4, 8, 4, false), 0);
    PageTable a = m.pageTables().create(1);
    m.map(a, 5, 42, Pte.USER);
    m.tlb().insert(1, 1L << 35, Pte.withFrame(Pte.PRESENT | Pte.GLOBAL, 0));
    m.mmu().switchTo(1);
    m.mmu().translate(a, 5 * PAGE, Access.READ);
    assertThat(m.tlb().lookup(1, 5)).isNotNegative();

    m.mmu().switchTo(2);

    assertThat(m.mmu().currentAsid()).isEqualTo(2);
    assertThat(m.tlb().flushes()).isEqualTo(1);
    assertThat(m.tlb().lookup(1, 5)).isEqualTo(-1);
    assertThat(m.tlb().lookup(2, 1L << 35)).isNotNegative();
  }

  @Test
  void switchTo_taggedTlb_keepsEntries() {
    Machine m = machine(PagingMode.X86_64, new TlbConfig(64, 4, 8, 4, true), 0);
    PageTable a = m.pageTables().create(1);
    m.map(a, 5, 42, Pte.USER);
    m.mmu().switchTo(1);
    m.mmu().translate(a, 5 * PAGE, Access.READ);

    m.mmu().switchTo(2);
    m.mmu().switchTo(1);

    assertThat(m.tlb().flushes()).isZero();
    assertThat(m.mmu().translate(a, 5 * PAGE, Access.READ)).isEqualTo(42);
    assertThat(m.tlb().hits()).isEqualTo(1);
  }

  @Test
  void switchTo_sameAsid_doesNotFlush() {
    Machine m = machine(PagingMode.X86_64, new TlbConfig(64, 4, 8, 4, false), 0);
    m.mmu().switchTo(1);
    m.mmu().switchTo(1);

    assertThat(m.tlb().flushes()).isZero();
  }

  @Test
  void translate_sameVpnTwoAddressSpaces_eachGetsItsOwnFrame() {
    Machine m = x86();
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    m.map(a, 5, 42, Pte.USER);
    m.map(b, 5, 43, Pte.USER);

    assertThat(m.mmu().translate(a, 5 * PAGE, Access.READ)).isEqualTo(42);
    assertThat(m.mmu().translate(b, 5 * PAGE, Access.READ)).isEqualTo(43);
    assertThat(m.mmu().translate(a, 5 * PAGE, Access.READ)).isEqualTo(42);
    assertThat(m.tlb().hits()).isEqualTo(1);
  }

  @Test
  void faultKind_codes_roundTrip() {
    for (FaultKind k : FaultKind.values()) {
      assertThat(FaultKind.ofResult(-k.code())).isEqualTo(k);
    }
    Assertions.assertThatThrownBy(() -> FaultKind.ofResult(0))
        .isInstanceOf(IllegalArgumentException.class);
    Assertions.assertThatThrownBy(() -> FaultKind.ofCode(99)).hasMessageContaining("99");
  }
}
