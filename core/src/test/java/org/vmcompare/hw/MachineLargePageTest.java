package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Large leaves through {@code Machine} on every paging mode and large-page size: 2 MiB and 1 GiB on
 * x86-64, 4 MiB on x86-32, 32 MiB on arm64-16k.
 */
final class MachineLargePageTest {
  private static final long RW = Pte.USER | Pte.WRITABLE;

  /** One large page's worth of everything a test needs. */
  private record Setup(Machine m, PageTable pt, PagingMode mode, int level, long pages) {
    /** First VPN of the test's large page: two large pages into the address space. */
    long vpn() {
      return 2 * pages;
    }

    /** Head frame of the test's large page: the second aligned block of frames. */
    int head() {
      return (int) pages;
    }

    long vaddr(long page) {
      return (vpn() + page) << mode.pageShift();
    }

    long read(long page) {
      return m.mmu().translate(pt, vaddr(page), Access.READ);
    }

    long write(long page) {
      return m.mmu().translate(pt, vaddr(page), Access.WRITE);
    }
  }

  private static Setup setup(PagingMode mode, int level) {
    long pages = mode.pagesPerEntry(level);
    Machine m =
        new Machine(
            new MachineSpec(
                4 * pages * mode.pageSize(),
                mode.pageSize(),
                mode,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT.forPageSize(mode.pageSize()),
                0,
                0));
    return new Setup(m, m.pageTables().create(1), mode, level, pages);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void mapLarge_referencesAnyPage_translateToHeadPlusOffsetWithOneRecordOnTheHead(
      PagingMode mode, int level) {
    Setup s = setup(mode, level);

    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);

    assertThat(s.read(37)).isEqualTo(s.head() + 37);
    assertThat(s.read(s.pages() - 1)).isEqualTo(s.head() + s.pages() - 1);
    assertThat(s.m().tlb().misses()).isEqualTo(1);
    ReverseMap r = s.m().rmap();
    assertThat(r.mapCount(s.head())).isEqualTo(1);
    assertThat(r.level(r.first(s.head()))).isEqualTo(level);
    assertThat(r.vpn(r.first(s.head()))).isEqualTo(s.vpn());
    assertThat(r.mapCount(s.head() + 1)).isZero();
    assertThat(s.pt().leafLevel(s.vpn() + 5)).isEqualTo(level);
    assertThat(s.m().largeLeaves()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void accessedAndDirty_arePerLeafAndFoundFromAnyFrameInIt(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);
    int tail = s.head() + 7;
    assertThat(s.m().testAndClearAccessed(tail)).isFalse();
    assertThat(s.m().dirtyAnywhere(tail)).isFalse();

    s.write(3);

    assertThat(Pte.is(s.pt().get(s.vpn()), Pte.DIRTY)).isTrue();
    assertThat(s.m().dirtyAnywhere(tail)).isTrue();
    assertThat(s.m().dirtyAnywhere(s.head())).isTrue();
    assertThat(s.m().testAndClearAccessed(tail)).isTrue();
    assertThat(s.m().testAndClearAccessed(s.head())).isFalse();
    s.read(s.pages() - 1);
    assertThat(s.m().testAndClearAccessed(s.head())).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void splitLarge_keepsFramesTokensAndBitsAndRecordsEveryFrame(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);
    for (int i = 0; i < s.pages(); i++) {
      s.m().memory().setContent(s.head() + i, 1000 + i);
    }
    s.write(1);

    long old = s.m().splitLarge(s.pt(), s.vpn() + 9);

    assertThat(Pte.is(old, Pte.LARGE)).isTrue();
    long wrong = 0;
    for (int i = 0; i < s.pages(); i++) {
      long pte = s.pt().get(s.vpn() + i);
      boolean ok =
          Pte.frame(pte) == s.head() + i
              && s.pt().leafLevel(s.vpn() + i) == 0
              && (pte & (Pte.PRESENT | Pte.WRITABLE | Pte.ACCESSED | Pte.DIRTY | Pte.LARGE))
                  == (Pte.PRESENT | Pte.WRITABLE | Pte.ACCESSED | Pte.DIRTY)
              && s.m().memory().content(s.head() + i) == 1000 + i
              && s.m().rmap().mapCount(s.head() + i) == 1
              && s.m().rmap().vpn(s.m().rmap().first(s.head() + i)) == s.vpn() + i;
      wrong += ok ? 0 : 1;
    }
    assertThat(wrong).as("base pages not as the large leaf had them").isZero();
    assertThat(s.m().largeLeaves()).isZero();
    assertThat(s.m().rmap().level(s.m().rmap().first(s.head()))).isZero();
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void splitLarge_dropsTheCachedLargeEntrySoAProtectedPageFaults(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);
    s.write(4);
    assertThat(s.m().tlb().hasLargeEntries()).isTrue();

    s.m().splitLarge(s.pt(), s.vpn());
    s.m().updateBits(s.pt(), s.vpn() + 4, 0, Pte.WRITABLE);

    assertThat(s.m().tlb().hasLargeEntries()).isFalse();
    assertThat(s.write(4)).isEqualTo(-FaultKind.WRITE_PROTECT.code());
    assertThat(s.write(5)).isEqualTo(s.head() + 5);
    assertThat(s.read(4)).isEqualTo(s.head() + 4);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void collapse_afterSplit_restoresOneLeafInPlaceKeepingTokens(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);
    for (int i = 0; i < s.pages(); i++) {
      s.m().memory().setContent(s.head() + i, 5000 + i);
    }
    s.m().splitLarge(s.pt(), s.vpn());
    s.read(2);

    long present = s.m().collapse(s.pt(), s.vpn(), level, s.head(), RW);

    assertThat(present).isEqualTo(s.pages());
    assertThat(s.pt().leafLevel(s.vpn() + 3)).isEqualTo(level);
    assertThat(Pte.is(s.pt().get(s.vpn()), Pte.ACCESSED)).isTrue();
    assertThat(Pte.is(s.pt().get(s.vpn()), Pte.DIRTY)).isFalse();
    assertThat(s.m().memory().content(s.head())).isEqualTo(5000);
    assertThat(s.m().memory().content((int) (s.head() + s.pages() - 1)))
        .isEqualTo(5000 + s.pages() - 1);
    assertThat(s.m().rmap().mapCount(s.head())).isEqualTo(1);
    assertThat(s.m().rmap().level(s.m().rmap().first(s.head()))).isEqualTo(level);
    assertThat(s.m().rmap().mapCount(s.head() + 1)).isZero();
    assertThat(s.read(2)).isEqualTo(s.head() + 2);
    assertThat(s.m().largeLeaves()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_32, 1", "ARM64_16K, 1"})
  void collapse_scatteredPages_copiesTokensZeroFillsHolesAndForgetsOldFrames(
      PagingMode mode, int level) {
    Setup s = setup(mode, level);
    int scattered = (int) (3 * s.pages()); // the last block of frames, mapped backwards
    for (int i = 0; i < s.pages(); i += 2) {
      int frame = (int) (scattered + s.pages() - 1 - i);
      s.m().memory().setContent(frame, 70_000 + i);
      s.m().map(s.pt(), s.vpn() + i, frame, RW);
    }
    s.write(6);
    for (int i = 0; i < s.pages(); i++) {
      s.m().memory().setContent(s.head() + i, 99);
    }

    long present = s.m().collapse(s.pt(), s.vpn(), level, s.head(), RW);

    assertThat(present).isEqualTo(s.pages() / 2);
    long wrong = 0;
    for (int i = 0; i < s.pages(); i++) {
      long want = i % 2 == 0 ? 70_000 + i : 0;
      wrong += s.m().memory().content(s.head() + i) == want ? 0 : 1;
      wrong += s.m().rmap().mapCount((int) (scattered + i)) == 0 ? 0 : 1;
    }
    assertThat(wrong).isZero();
    assertThat(Pte.is(s.pt().get(s.vpn()), Pte.DIRTY)).isTrue();
    assertThat(s.read(6)).isEqualTo(s.head() + 6);
    assertThat(s.read(7)).isEqualTo(s.head() + 7);
    assertThat(s.m().tlb().lookup(1, s.vpn() + 6)).isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_32, 1", "ARM64_16K, 1"})
  void collapse_rangeWithASwapEntry_isRejectedAndChangesNothing(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().map(s.pt(), s.vpn(), 3 * (int) s.pages(), RW);
    s.m().replaceWithNotPresent(s.pt(), s.vpn() + 1, Pte.notPresent(5, Pte.SW_SWAP));

    assertThatThrownBy(() -> s.m().collapse(s.pt(), s.vpn(), level, s.head(), RW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("non-present");

    assertThat(Pte.frame(s.pt().get(s.vpn()))).isEqualTo(3 * s.pages());
    assertThat(s.m().rmap().mapCount(3 * (int) s.pages())).isEqualTo(1);
    assertThat(s.m().largeLeaves()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void unmap_atTheLeafsFirstVpn_removesTheWholeLeafAndItsRecord(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);
    s.write(0);

    assertThatThrownBy(() -> s.m().unmap(s.pt(), s.vpn() + 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("split");
    assertThatThrownBy(() -> s.m().map(s.pt(), s.vpn() + 1, 0, RW))
        .isInstanceOf(IllegalStateException.class);
    long old = s.m().unmap(s.pt(), s.vpn());

    assertThat(Pte.is(old, Pte.DIRTY)).isTrue();
    assertThat(s.pt().get(s.vpn() + 1)).isZero();
    assertThat(s.m().rmap().mapCount(s.head())).isZero();
    assertThat(s.read(1)).isEqualTo(-FaultKind.NOT_PRESENT.code());
    assertThat(s.m().largeLeaves()).isZero();
    assertThat(s.m().tlb().hasLargeEntries()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_32, 1", "ARM64_16K, 1"})
  void frameWideOperations_onTheHead_actOnTheLeafAndRefuseATail(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    PageTable child = s.m().pageTables().create(2);
    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);
    s.m().mapLarge(child, s.vpn(), level, s.head(), RW);
    s.write(0);

    assertThatThrownBy(() -> s.m().writeProtectEverywhere(s.head() + 1, true))
        .hasMessageContaining("head");
    assertThatThrownBy(() -> s.m().unmapEverywhere(s.head() + 1))
        .isInstanceOf(IllegalStateException.class);
    s.m().writeProtectEverywhere(s.head(), true);

    assertThat(s.write(9)).isEqualTo(-FaultKind.COPY_ON_WRITE.code());
    assertThat(s.m().tlb().shootdowns()).isEqualTo(1);
    assertThatThrownBy(() -> s.m().replaceEverywhere(s.head(), Pte.notPresent(1, Pte.SW_SWAP)))
        .hasMessageContaining("split");
    assertThat(s.m().unmapEverywhere(s.head()) & Pte.DIRTY).isNotZero();
    assertThat(s.pt().get(s.vpn())).isZero();
    assertThat(child.get(s.vpn())).isZero();
    assertThat(s.m().largeLeaves()).isZero();
    assertThat(s.m().tlb().shootdowns()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_32, 1", "ARM64_16K, 1"})
  void mapLarge_misalignedOrOverSmallerPages_isRejected(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().map(s.pt(), s.vpn() + 3, 0, RW);

    assertThatThrownBy(() -> s.m().mapLarge(s.pt(), s.vpn() + 1, level, s.head(), RW))
        .hasMessageContaining("aligned");
    assertThatThrownBy(() -> s.m().mapLarge(s.pt(), 0, level, s.head() + 1, RW))
        .hasMessageContaining("aligned");
    assertThatThrownBy(() -> s.m().mapLarge(s.pt(), 0, level + 5, s.head(), RW))
        .hasMessageContaining("no large pages");
    assertThatThrownBy(() -> s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW))
        .hasMessageContaining("collapse");
    assertThat(s.m().largeLeaves()).isZero();
    assertThat(s.m().rmap().mapCount(s.head())).isZero();
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void destroy_withLargeLeaves_forgetsTheirRecords(PagingMode mode, int level) {
    Setup s = setup(mode, level);
    s.m().mapLarge(s.pt(), s.vpn(), level, s.head(), RW);
    s.m().mapLarge(s.pt(), 0, level, 0, RW);
    s.read(0);

    s.m().destroy(s.pt());

    assertThat(s.m().rmap().mapCount(s.head())).isZero();
    assertThat(s.m().rmap().mapCount(0)).isZero();
    assertThat(s.m().largeLeaves()).isZero();
    assertThat(s.m().tlb().hasLargeEntries()).isFalse();
  }
}
