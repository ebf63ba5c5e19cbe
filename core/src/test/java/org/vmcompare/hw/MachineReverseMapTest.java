package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reverse map as {@code Machine} keeps it: many mappings of one frame, untracked frames. */
final class MachineReverseMapTest {
  private static final long PAGE = 4096;
  private static final long RW = Pte.USER | Pte.WRITABLE;

  private static List<String> mappings(Machine m, int frame) {
    List<String> out = new ArrayList<>();
    ReverseMap r = m.rmap();
    for (int n = r.first(frame); n >= 0; n = r.next(n)) {
      out.add(r.asid(n) + ":" + r.vpn(n));
    }
    return out;
  }

  @Test
  void map_oneFrameThousandsOfTimes_unmapsEachAndTheRestStayInOrder() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    PageTable a = m.pageTables().create(1);
    PageTable b = m.pageTables().create(2);
    for (int i = 0; i < 4000; i++) {
      m.map(i % 2 == 0 ? a : b, 16 + i, 42, Pte.USER);
    }
    assertThat(m.rmap().mapCount(42)).isEqualTo(4000);

    for (int i = 0; i < 4000; i += 4) {
      m.unmap(i % 2 == 0 ? a : b, 16 + i);
      m.unmap(i % 2 == 0 ? b : a, 16 + i + 1);
    }

    assertThat(m.rmap().mapCount(42)).isEqualTo(2000);
    assertThat(mappings(m, 42)).startsWith("1:18", "2:19", "1:22", "2:23").hasSize(2000);
    assertThat(m.mmu().translate(a, 18 * PAGE, Access.READ)).isEqualTo(42);
    assertThat(m.mmu().translate(a, 16 * PAGE, Access.READ))
        .isEqualTo(-FaultKind.NOT_PRESENT.code());

    long bits = m.unmapEverywhere(42);

    assertThat(bits & Pte.ACCESSED).isNotZero();
    assertThat(m.rmap().mapCount(42)).isZero();
    assertThat(m.rmap().overflowNodes()).isZero();
    assertThat(m.tlb().shootdowns()).isEqualTo(1);
    assertThat(a.get(18)).isZero();
    assertThat(b.get(19)).isZero();
  }

  @Test
  void map_untrackedZeroPage_readThenWriteThenExitLeavesNoRecords() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    int zero = 7;
    m.rmap().untrack(zero);
    PageTable pt = m.pageTables().create(1);
    for (int i = 0; i < 5000; i++) {
      m.map(pt, 16 + i, zero, Pte.USER);
      m.mmu().translate(pt, (16 + i) * PAGE, Access.READ);
    }
    assertThat(m.rmap().mapCount(zero)).isEqualTo(5000);
    assertThat(m.rmap().first(zero)).isEqualTo(-1);

    for (int i = 0; i < 2500; i++) {
      m.map(pt, 16 + i, 100 + i, RW);
    }

    assertThat(m.mmu().translate(pt, 16 * PAGE, Access.WRITE)).isEqualTo(100);
    assertThat(m.mmu().translate(pt, (16 + 2500) * PAGE, Access.READ)).isEqualTo(zero);
    assertThat(m.rmap().mapCount(zero)).isEqualTo(2500);
    assertThat(mappings(m, 100)).containsExactly("1:16");
    m.destroy(pt);
    assertThat(m.rmap().mapCount(zero)).isZero();
    assertThat(m.rmap().mapCount(100)).isZero();
    assertThat(m.rmap().overflowNodes()).isZero();
  }

  @Test
  void frameWideOperations_onAnUntrackedFrame_areRefused() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    m.rmap().untrack(7);
    PageTable pt = m.pageTables().create(1);
    m.map(pt, 16, 7, Pte.USER);

    assertThatThrownBy(() -> m.unmapEverywhere(7)).hasMessageContaining("untracked");
    assertThatThrownBy(() -> m.writeProtectEverywhere(7, true))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> m.testAndClearAccessed(7)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> m.dirtyAnywhere(7)).isInstanceOf(IllegalStateException.class);
    assertThat(m.unmap(pt, 16)).isNotZero();
    assertThat(m.rmap().mapCount(7)).isZero();
  }

  @Test
  void map_frameOrVpnOutOfRange_isRejectedBeforeAnyChange() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    PageTable pt = m.pageTables().create(1);
    int frames = m.memory().frames();

    assertThatThrownBy(() -> m.map(pt, 16, frames, RW)).hasMessageContaining("outside");
    assertThatThrownBy(() -> m.map(pt, 1L << 36, 5, RW)).hasMessageContaining("48-bit");

    assertThat(pt.get(16)).isZero();
    assertThat(pt.tablePages()).isEqualTo(1);
  }

  @Test
  void tlb_largeBanks_stayEmptyWithoutLargePagesAndEmptyAgainAfterTheLastGoes() {
    Machine m = new Machine(MachineSpec.of(64L << 20, 0));
    PageTable pt = m.pageTables().create(1);
    for (int i = 0; i < 3000; i++) {
      m.map(pt, 16 + i, 100 + i, RW);
      m.mmu().translate(pt, (16 + i) * PAGE, Access.WRITE);
    }
    assertThat(m.tlb().hasLargeEntries()).isFalse();

    m.mapLarge(pt, 8192, 1, 4096, RW);
    m.mmu().translate(pt, (8192 + 3) * PAGE, Access.READ);
    assertThat(m.tlb().hasLargeEntries()).isTrue();
    assertThat(m.mmu().translate(pt, (8192 + 300) * PAGE, Access.READ)).isEqualTo(4096 + 300);

    m.unmap(pt, 8192);
    assertThat(m.tlb().hasLargeEntries()).isFalse();
    assertThat(m.mmu().translate(pt, 20 * PAGE, Access.READ)).isEqualTo(104);
  }

  @Test
  void footprint_aMillionResidentPages_isAtMostFortyBytesEach() {
    int pages = 1 << 20;
    long kernelBytes = 16L << 20;
    Machine m =
        new Machine(
            new MachineSpec(
                (long) pages * 4096 + kernelBytes,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                kernelBytes));
    PageTable pt = m.pageTables().create(1);
    int first = m.memory().kernelFrames();
    for (int i = 0; i < pages; i++) {
      m.map(pt, 0x100_0000L + i, first + i, RW);
    }

    double perPage = m.footprintBytes() / (double) pages;

    assertThat(perPage).isLessThanOrEqualTo(40.0);
    assertThat(m.rmap().overflowNodes()).isZero();
    assertThat(m.rmap().footprintBytes()).isLessThanOrEqualTo(8L * m.memory().frames() + 64);
  }
}
