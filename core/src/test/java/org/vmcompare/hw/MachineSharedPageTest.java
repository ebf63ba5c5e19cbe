package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class MachineSharedPageTest {
  private final Machine machine = new Machine(MachineSpec.of(16L << 20, 0));
  private final PageTable a = machine.pageTables().create(1);
  private final PageTable b = machine.pageTables().create(2);

  @Test
  void replaceEverywhere_sharedFrame_leavesTheSameSwapEntryInBothAndOneShootdown() {
    machine.map(a, 10, 100, Pte.USER | Pte.WRITABLE);
    machine.map(b, 20, 100, Pte.USER);
    machine.mmu().translate(a, 10L << 12, Access.WRITE);
    long swapEntry = Pte.notPresent(7, Pte.SW_SWAP);

    long bits = machine.replaceEverywhere(100, swapEntry);

    assertThat(bits & Pte.DIRTY).isNotZero();
    assertThat(a.get(10)).isEqualTo(swapEntry);
    assertThat(b.get(20)).isEqualTo(swapEntry);
    assertThat(machine.rmap().mapCount(100)).isZero();
    assertThat(machine.tlb().shootdowns()).isEqualTo(1);
    assertThat(machine.mmu().translate(a, 10L << 12, Access.READ))
        .isEqualTo(-FaultKind.NOT_PRESENT.code());
  }

  @Test
  void testAndClearAccessed_onePte_leavesTheOtherMappingAlone() {
    machine.map(a, 10, 100, Pte.USER);
    machine.map(b, 20, 100, Pte.USER);
    machine.mmu().translate(a, 10L << 12, Access.READ);
    machine.mmu().translate(b, 20L << 12, Access.READ);

    assertThat(machine.testAndClearAccessed(a, 10)).isTrue();
    assertThat(machine.testAndClearAccessed(a, 10)).isFalse();
    assertThat(b.get(20) & Pte.ACCESSED).isNotZero();
    machine.mmu().translate(a, 10L << 12, Access.READ);
    assertThat(machine.testAndClearAccessed(a, 10)).isTrue();
  }
}
