package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MachineTest {
  private static final long PAGE = 4096;
  private static final long USER_RW = Pte.USER | Pte.WRITABLE;

  private static Machine machine() {
    return new Machine(MachineSpec.of(64L << 20, 0));
  }

  private static List<String> mappings(Machine m, int frame) {
    List<String> out = new ArrayList<>();
    ReverseMap r = m.rmap();
    for (int n = r.first(frame); n >= 0; n = r.next(n)) {
      out.add(r.asid(n) + ":" + r.vpn(n));
    }
    return out;
  }

  private static long read(Machine m, PageTable pt, long vpn) {
    return m.mmu().translate(pt, vpn * PAGE, Access.READ);
  }

  private static long write(Machine m, PageTable pt, long vpn) {
    return m.mmu().translate(pt, vpn * PAGE, Access.WRITE);
  }

  @Test
  void map_recordsReverseMappingAndInstallsPresentPte() {
    Machine m = machine();
    PageTable pt = m.pageTables().create(1);

    m.map(pt, 5, 42, USER_RW);

    assertThat(m.rmap().mapCount(42)).isEqualTo(1);
    assertThat(mappings(m, 42)).containsExactly("1:5");
    assertThat(Pte.present(pt.get(5))).isTrue();
    assertThat(Pte.frame(pt.get(5))).isEqualTo(42);
    assertThat(read(m, pt, 5)).isEqualTo(42);
  }

  @Test
  void map_overExistingMapping_movesReverseMappingAndDropsStaleTlbEntry() {
    Machine m = machine();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, USER_RW);
    assertThat(read(m, pt, 5)).isEqualTo(42);

    m.map(pt, 5, 43, USER_RW);

    assertThat(m.rmap().mapCount(42)).isZero();
    assertThat(mappings(m, 43)).containsExactly("1:5");
    assertThat(read(m, pt, 5)).isEqualTo(43);
  }

  @Test
  void unmap_removesPteReverseMappingAndTlbEntry() {
    Machine m = machine();
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 5, 42, USER_RW);
    write(m, pt, 5);

    long old = m.unmap(pt, 5);

    assertThat(Pte.is(old, Pte.DIRTY)).isTrue();
    assertThat(Pte.frame(old)).isEqualTo(42);
    assertThat(m.rmap().mapCount(42)).isZero();
    assertThat(pt.get(5)).isZero();
    assertThat(pt.tablePages()).isEqualTo(1);
    assertThat(read(m, pt, 5)).isEqualTo(-FaultKind.NOT_PRESENT.code());
    assertThat(m.unmap(pt, 5)).isZero();
  }

  @Test
  void map_inKernelHalf_isRejectedAndKernelStays() {
    Machine m =
        new Machine(
            new MachineSpec(
                64L << 20,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                1L << 20));
    PageTable pt = m.pageTables().create(1);
    long kvpn = PagingMode.X86_64.vpnOf(PagingMode.X86_64.kernelBase());

    assertThatThrownBy(() -> m.map(pt, kvpn, 500, USER_RW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(m.rmap().mapCount(500)).isZero();
    assertThat(Pte.frame(pt.get(kvpn))).isZero();
    assertThat(Pte.is(pt.get(kvpn), Pte.GLOBAL)).isTrue();
  }

  @Test
  void constructor_kernelBytes_reservesFramesAndMapsThemGlobally() {
    Machine m =
        new Machine(
            new MachineSpec(
                64L << 20,
                4096,
                PagingMode.X86_32,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                10_000));
    PageTable pt = m.pageTables().create(1);

    assertThat(m.memory().kernelFrames()).isEqualTo(3);
    assertThat(m.memory().isKernel(2)).isTrue();
    assertThat(m.memory().isKernel(3)).isFalse();
    long kvpn = PagingMode.X86_32.vpnOf(0xc000_0000L);
    assertThat(Pte.frame(pt.get(kvpn + 2))).isEqualTo(2);
    assertThat(pt.get(kvpn + 3)).isZero();
    assertThat(m.pageTables().kernelTablePages()).isEqualTo(2);
  }

  @Test
  void unmapEverywhere_frameInTwoSpaces_clearsBothOrsDirtyAndCountsOneShootdown() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    m.map(a, 5, 42, USER_RW);
    m.map(b, 9, 42, USER_RW);
    read(m, a, 5);
    write(m, b, 9);

    long bits = m.unmapEverywhere(42);

    assertThat(bits).isEqualTo(Pte.DIRTY | Pte.ACCESSED);
    assertThat(m.tlb().shootdowns()).isEqualTo(1);
    assertThat(m.rmap().mapCount(42)).isZero();
    assertThat(m.rmap().first(42)).isEqualTo(-1);
    assertThat(a.get(5)).isZero();
    assertThat(b.get(9)).isZero();
    assertThat(read(m, a, 5)).isEqualTo(-FaultKind.NOT_PRESENT.code());
    assertThat(read(m, b, 9)).isEqualTo(-FaultKind.NOT_PRESENT.code());
  }

  @Test
  void unmapEverywhere_dirtyOnlyInFirstMapper_stillReportsDirty() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    m.map(a, 5, 42, USER_RW);
    m.map(b, 9, 42, USER_RW);
    write(m, a, 5);

    assertThat(m.unmapEverywhere(42) & Pte.DIRTY).isEqualTo(Pte.DIRTY);
  }

  @Test
  void unmapEverywhere_singlyMappedCleanFrame_noShootdownNoBits() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    m.map(a, 5, 42, USER_RW);

    long bits = m.unmapEverywhere(42);

    assertThat(bits).isZero();
    assertThat(m.tlb().shootdowns()).isZero();
    assertThat(a.get(5)).isZero();
    assertThat(m.unmapEverywhere(42)).isZero();
  }

  @Test
  void writeProtectEverywhere_thenWrite_faultsCopyOnWriteInEverySpace() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    m.map(a, 5, 42, USER_RW);
    m.map(b, 9, 42, USER_RW);
    write(m, a, 5); // a writable translation is now cached
    write(m, b, 9);

    m.writeProtectEverywhere(42, true);

    assertThat(write(m, a, 5)).isEqualTo(-FaultKind.COPY_ON_WRITE.code());
    assertThat(write(m, b, 9)).isEqualTo(-FaultKind.COPY_ON_WRITE.code());
    assertThat(read(m, a, 5)).isEqualTo(42);
    assertThat(m.tlb().shootdowns()).isEqualTo(1);
    assertThat(Pte.is(a.get(5), Pte.SW_COW)).isTrue();
    assertThat(Pte.is(a.get(5), Pte.WRITABLE)).isFalse();
    assertThat(m.rmap().mapCount(42)).isEqualTo(2);
  }

  @Test
  void writeProtectEverywhere_withoutCow_faultsWriteProtectNoShootdownWhenSingle() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    m.map(a, 5, 42, USER_RW);
    write(m, a, 5);

    m.writeProtectEverywhere(42, false);

    assertThat(write(m, a, 5)).isEqualTo(-FaultKind.WRITE_PROTECT.code());
    assertThat(m.tlb().shootdowns()).isZero();
  }

  @Test
  void testAndClearAccessed_trueOnceThenFalseUntilReferencedAgain() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    m.map(a, 5, 42, USER_RW);
    assertThat(m.testAndClearAccessed(42)).isFalse();
    read(m, a, 5);
    read(m, a, 5);

    assertThat(m.testAndClearAccessed(42)).isTrue();
    assertThat(m.testAndClearAccessed(42)).isFalse();
    assertThat(Pte.is(a.get(5), Pte.ACCESSED)).isFalse();
    // The TLB entry was dropped, so the next reference walks and sets the bit again.
    assertThat(m.tlb().lookup(1, 5)).isEqualTo(-1);
    long misses = m.tlb().misses();
    read(m, a, 5);
    assertThat(m.tlb().misses()).isEqualTo(misses + 1);
    assertThat(m.testAndClearAccessed(42)).isTrue();
  }

  @Test
  void testAndClearAccessed_sharedFrame_clearsEveryMapping() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    m.map(a, 5, 42, USER_RW);
    m.map(b, 9, 42, USER_RW);
    read(m, a, 5);
    read(m, b, 9);

    assertThat(m.testAndClearAccessed(42)).isTrue();

    assertThat(Pte.is(a.get(5), Pte.ACCESSED)).isFalse();
    assertThat(Pte.is(b.get(9), Pte.ACCESSED)).isFalse();
    assertThat(m.testAndClearAccessed(42)).isFalse();
    read(m, b, 9);
    assertThat(m.testAndClearAccessed(42)).isTrue();
  }

  @Test
  void dirtyAnywhere_reportsDirtyBitOfAnyMapping() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    m.map(a, 5, 42, USER_RW);
    m.map(b, 9, 42, USER_RW);
    read(m, a, 5);
    assertThat(m.dirtyAnywhere(42)).isFalse();

    write(m, b, 9);

    assertThat(m.dirtyAnywhere(42)).isTrue();
  }

  @Test
  void replaceWithNotPresent_keepsPayloadDropsReverseMapping() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    m.map(a, 5, 42, USER_RW);
    read(m, a, 5);

    long old = m.replaceWithNotPresent(a, 5, Pte.notPresent(900, Pte.SW_SWAP) | Pte.PRESENT);

    assertThat(Pte.frame(old)).isEqualTo(42);
    assertThat(m.rmap().mapCount(42)).isZero();
    assertThat(Pte.present(a.get(5))).isFalse();
    assertThat(Pte.payload(a.get(5))).isEqualTo(900);
    assertThat(read(m, a, 5)).isEqualTo(-FaultKind.NOT_PRESENT.code());

    m.replaceWithNotPresent(a, 5, 0);
    assertThat(a.get(5)).isZero();
    assertThat(a.tablePages()).isEqualTo(1);
  }

  @Test
  void updateBits_makesWritableAndDropsStaleReadOnlyEntry() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    m.map(a, 5, 42, Pte.USER | Pte.SW_COW);
    read(m, a, 5);

    m.updateBits(a, 5, Pte.WRITABLE, Pte.SW_COW);

    assertThat(write(m, a, 5)).isEqualTo(42);
    assertThat(Pte.is(a.get(5), Pte.SW_COW)).isFalse();
    assertThat(Pte.is(a.get(5), Pte.DIRTY)).isTrue();
  }

  @Test
  void destroy_forgetsReverseMappingsAndTlbEntriesSoAsidCanBeReused() {
    Machine m = machine();
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    m.map(a, 5, 42, USER_RW);
    m.map(a, 6, 43, USER_RW);
    m.map(b, 9, 42, USER_RW);
    read(m, a, 5);
    read(m, a, 6);

    m.destroy(a);

    assertThat(mappings(m, 42)).containsExactly("2:9");
    assertThat(m.rmap().mapCount(43)).isZero();
    assertThat(m.tlb().lookup(1, 5)).isEqualTo(-1);
    assertThat(m.pageTables().byAsid(1)).isNull();
    PageTable reused = m.pageTables().create(1);
    assertThat(read(m, reused, 5)).isEqualTo(-FaultKind.NOT_PRESENT.code());
    assertThat(m.pageTables().liveNodes())
        .isEqualTo(m.pageTables().kernelTablePages() + reused.tablePages() + b.tablePages());
  }

  @Test
  void machineSpec_invalidValues_nameTheKey() {
    assertThatThrownBy(
            () ->
                new MachineSpec(
                    64L << 20,
                    16384,
                    PagingMode.X86_64,
                    TlbConfig.DEFAULT,
                    CostModel.DEFAULT,
                    0,
                    0))
        .hasMessageContaining("machine.pageSize 16384");
    assertThatThrownBy(() -> MachineSpec.of(4096, 0)).hasMessageContaining("machine.ram");
    assertThatThrownBy(() -> MachineSpec.of(1L << 20, -1)).hasMessageContaining("machine.swap");
    assertThatThrownBy(
            () ->
                new MachineSpec(
                    1L << 20,
                    4096,
                    PagingMode.X86_64,
                    TlbConfig.DEFAULT,
                    CostModel.DEFAULT,
                    0,
                    1L << 19))
        .hasMessageContaining("machine.kernel");
  }

  @Test
  void machineSpec_derivedCounts_roundAsDocumented() {
    MachineSpec spec =
        new MachineSpec(
            1L << 20,
            4096,
            PagingMode.X86_64,
            TlbConfig.DEFAULT,
            CostModel.DEFAULT,
            3 * 4096 + 1,
            4097);

    assertThat(spec.frames()).isEqualTo(256);
    assertThat(spec.swapPages()).isEqualTo(3);
    assertThat(spec.kernelFrames()).isEqualTo(2);
  }

  @Test
  void costModel_forPageSize_scalesPerPageCostsOnly() {
    CostModel c = CostModel.DEFAULT.forPageSize(16384);

    assertThat(CostModel.DEFAULT.forPageSize(4096)).isSameAs(CostModel.DEFAULT);
    assertThat(c.tlbHitNs()).isEqualTo(CostModel.DEFAULT.tlbHitNs());
    assertThat(c.walkLevelNs()).isEqualTo(CostModel.DEFAULT.walkLevelNs());
    assertThat(c.copyPageNs()).isEqualTo(4 * CostModel.DEFAULT.copyPageNs());
    assertThat(c.zeroPageNs()).isEqualTo(4 * CostModel.DEFAULT.zeroPageNs());
    assertThat(c.zeroFillFaultNs())
        .isEqualTo(CostModel.DEFAULT.zeroFillFaultNs() + 3 * CostModel.DEFAULT.zeroPageNs());
    assertThatThrownBy(() -> new CostModel(1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        .hasMessageContaining("machine.costs.walkLevel");
  }

  @Test
  void clock_advance_neverGoesBackwards() {
    Clock clock = new Clock();
    clock.advance(5);
    clock.advanceTo(3);
    assertThat(clock.now()).isEqualTo(5);
    clock.advanceTo(9);
    assertThat(clock.now()).isEqualTo(9);
    assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
