package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

final class PageTableTest {

  private static long leaf(long frame) {
    return Pte.leaf(frame, true, false);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 4", "X86_32, 2", "ARM64_16K, 4"})
  void walk_basePage_readsEveryLevel(PagingMode mode, int expectedLevels) {
    PageTable pt = new PageTables(mode).create(1);
    pt.set(0x1234, leaf(77));

    long pte = pt.walk(0x1234);

    assertThat(Pte.frame(pte)).isEqualTo(77);
    assertThat(pt.lastWalkLevels()).isEqualTo(expectedLevels);
    assertThat(pt.lastLeafLevel()).isZero();
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void walk_emptyAddressSpace_stopsAtRootWithZero(PagingMode mode) {
    PageTable pt = new PageTables(mode).create(1);

    assertThat(pt.walk(5)).isZero();
    assertThat(pt.lastWalkLevels()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void get_afterSet_returnsEntryWithoutChangingWalkRecord(PagingMode mode) {
    PageTable pt = new PageTables(mode).create(1);
    pt.set(9, leaf(3));
    pt.walk(mode.pagesPerEntry(mode.levels() - 1)); // next top-level entry: stops at the root
    int levels = pt.lastWalkLevels();

    assertThat(pt.get(9)).isEqualTo(leaf(3));
    assertThat(pt.get(10)).isZero();
    assertThat(pt.lastWalkLevels()).isEqualTo(levels).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 4", "X86_32, 2", "ARM64_16K, 4"})
  void set_firstMapping_createsIntermediateTables(PagingMode mode, int expectedPages) {
    PageTables pool = new PageTables(mode);
    PageTable pt = pool.create(1);
    assertThat(pt.tablePages()).isEqualTo(1);

    pt.set(100, leaf(1));

    assertThat(pt.tablePages()).isEqualTo(expectedPages);
    assertThat(pool.liveNodes()).isEqualTo(pool.kernelTablePages() + expectedPages);
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void set_twoPagesInSameLeafTable_shareIt(PagingMode mode) {
    PageTable pt = new PageTables(mode).create(1);
    pt.set(100, leaf(1));
    int afterFirst = pt.tablePages();

    pt.set(101, leaf(2));

    assertThat(pt.tablePages()).isEqualTo(afterFirst);
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void set_pageInNextLeafTable_addsOneTable(PagingMode mode) {
    PageTable pt = new PageTables(mode).create(1);
    pt.set(0, leaf(1));
    int afterFirst = pt.tablePages();

    pt.set(mode.pagesPerEntry(1), leaf(2));

    assertThat(pt.tablePages()).isEqualTo(afterFirst + 1);
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void clear_lastEntry_freesTablesButNotRoot(PagingMode mode) {
    PageTables pool = new PageTables(mode);
    PageTable pt = pool.create(1);
    int liveBefore = pool.liveNodes();
    pt.set(100, leaf(1));
    pt.set(101, leaf(2));

    pt.clear(100);
    assertThat(pt.tablePages()).isEqualTo(mode.levels());

    pt.clear(101);
    assertThat(pt.tablePages()).isEqualTo(1);
    assertThat(pool.liveNodes()).isEqualTo(liveBefore);
    assertThat(pt.get(101)).isZero();
  }

  @Test
  void clear_oneOfTwoLeafTables_freesOnlyThatOne() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    pt.set(0, leaf(1));
    pt.set(512, leaf(2));
    assertThat(pt.tablePages()).isEqualTo(5);

    pt.clear(512);

    assertThat(pt.tablePages()).isEqualTo(4);
    assertThat(pt.get(0)).isEqualTo(leaf(1));
  }

  @Test
  void clear_unmappedVpn_changesNothing() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    pt.set(0, leaf(1));

    pt.clear(7);
    pt.clear(1L << 30);

    assertThat(pt.tablePages()).isEqualTo(4);
    assertThat(pt.get(0)).isEqualTo(leaf(1));
  }

  @Test
  void set_zeroEntry_actsAsClearAndCreatesNoTables() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);

    pt.set(100, 0);
    assertThat(pt.tablePages()).isEqualTo(1);

    pt.set(100, leaf(1));
    pt.set(100, 0);
    assertThat(pt.tablePages()).isEqualTo(1);
  }

  @Test
  void set_notPresentEntry_keepsPayloadAndTables() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    long swap = Pte.notPresent(4242, Pte.SW_SWAP);

    pt.set(100, swap);

    assertThat(pt.get(100)).isEqualTo(swap);
    assertThat(Pte.present(pt.get(100))).isFalse();
    assertThat(Pte.payload(pt.get(100))).isEqualTo(4242);
    assertThat(pt.tablePages()).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({
    // mode, level, pages per large page, walk levels
    "X86_64, 1, 512, 3",
    "X86_64, 2, 262144, 2",
    "X86_32, 1, 1024, 1",
    "ARM64_16K, 1, 2048, 3"
  })
  void setLarge_alignedVpn_walkStopsAtLargeLeaf(
      PagingMode mode, int level, long pagesPerLarge, int walkLevels) {
    PageTable pt = new PageTables(mode).create(1);
    assertThat(mode.pagesPerEntry(level)).isEqualTo(pagesPerLarge);
    long vpn = 3 * pagesPerLarge;

    pt.setLarge(vpn, level, leaf(pagesPerLarge));

    long pte = pt.walk(vpn + pagesPerLarge - 1);
    assertThat(Pte.is(pte, Pte.LARGE)).isTrue();
    assertThat(Pte.frame(pte)).isEqualTo(pagesPerLarge);
    assertThat(pt.lastLeafLevel()).isEqualTo(level);
    assertThat(pt.lastWalkLevels()).isEqualTo(walkLevels);
    assertThat(pt.leafLevel(vpn + 1)).isEqualTo(level);
    assertThat(pt.tablePages()).isEqualTo(walkLevels);
    assertThat(pt.walk(vpn + pagesPerLarge)).isZero();
  }

  @Test
  void pageSizes_largeLevels_matchArchitectures() {
    assertThat(PagingMode.X86_64.pagesPerEntry(1) * PagingMode.X86_64.pageSize())
        .isEqualTo(2L << 20);
    assertThat(PagingMode.X86_64.pagesPerEntry(2) * PagingMode.X86_64.pageSize())
        .isEqualTo(1L << 30);
    assertThat(PagingMode.X86_32.pagesPerEntry(1) * PagingMode.X86_32.pageSize())
        .isEqualTo(4L << 20);
    assertThat(PagingMode.ARM64_16K.pagesPerEntry(1) * PagingMode.ARM64_16K.pageSize())
        .isEqualTo(32L << 20);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 1", "X86_64, 2", "X86_32, 1", "ARM64_16K, 1"})
  void setLarge_misalignedVpn_isRejected(PagingMode mode, int level) {
    PageTable pt = new PageTables(mode).create(1);

    assertThatThrownBy(() -> pt.setLarge(mode.pagesPerEntry(level) + 1, level, leaf(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not aligned");
    assertThat(pt.tablePages()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"X86_64, 0", "X86_64, 3", "X86_32, 0", "X86_32, 2", "ARM64_16K, 0", "ARM64_16K, 2"})
  void setLarge_disallowedLevel_isRejected(PagingMode mode, int level) {
    PageTable pt = new PageTables(mode).create(1);

    assertThatThrownBy(() -> pt.setLarge(0, level, leaf(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no large pages at level " + level);
  }

  @Test
  void set_basePageInsideLargePage_isRejected() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    pt.setLarge(512, 1, leaf(512));

    assertThatThrownBy(() -> pt.set(513, leaf(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inside a large page");
    assertThat(pt.get(513)).isEqualTo(leaf(512) | Pte.LARGE);
  }

  @Test
  void setLarge_overExistingBasePages_isRejectedAndLeaksNothing() {
    PageTables pool = new PageTables(PagingMode.X86_64);
    PageTable pt = pool.create(1);
    pt.set(513, leaf(1));
    int live = pool.liveNodes();

    assertThatThrownBy(() -> pt.setLarge(512, 1, leaf(512)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("base pages");
    assertThat(pt.get(513)).isEqualTo(leaf(1));
    assertThat(pool.liveNodes()).isEqualTo(live);
  }

  @Test
  void clear_largePage_freesItsTables() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    pt.setLarge(512, 1, leaf(512));

    pt.clear(700);

    assertThat(pt.get(512)).isZero();
    assertThat(pt.tablePages()).isEqualTo(1);
  }

  @Test
  void update_setsAndClearsBitsInOneCallAndReturnsOld() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    long original = leaf(5) | Pte.ACCESSED;
    pt.set(8, original);

    long old = pt.update(8, Pte.SW_COW, Pte.WRITABLE | Pte.ACCESSED);

    assertThat(old).isEqualTo(original);
    assertThat(pt.get(8)).isEqualTo((original & ~(Pte.WRITABLE | Pte.ACCESSED)) | Pte.SW_COW);
    assertThat(pt.update(9, Pte.DIRTY, 0)).isZero();
    assertThat(pt.get(9)).isZero();
  }

  @Test
  void orBitsAndAndNotBits_onLargeLeaf_changeTheLargeEntry() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    pt.setLarge(512, 1, leaf(512));

    pt.orBits(600, Pte.DIRTY);
    pt.andNotBits(700, Pte.WRITABLE);

    long e = pt.get(512);
    assertThat(Pte.is(e, Pte.DIRTY)).isTrue();
    assertThat(Pte.is(e, Pte.WRITABLE)).isFalse();
    assertThat(Pte.is(e, Pte.LARGE)).isTrue();
  }

  @Test
  void andNotBits_clearingEveryBit_freesTables() {
    PageTable pt = new PageTables(PagingMode.X86_64).create(1);
    pt.set(8, leaf(5));

    pt.andNotBits(8, -1L);

    assertThat(pt.get(8)).isZero();
    assertThat(pt.tablePages()).isEqualTo(1);
  }

  @Test
  void forEachLeaf_visitsUserLeavesInVpnOrderWithLevels() {
    PageTables pool = new PageTables(PagingMode.X86_64);
    pool.mapKernel(PagingMode.X86_64.kernelBase(), 2, 0);
    PageTable pt = pool.create(1);
    pt.set(1L << 27, leaf(3));
    pt.setLarge(512, 1, leaf(1024));
    pt.set(7, Pte.notPresent(9, Pte.SW_SWAP));
    List<String> seen = new ArrayList<>();

    pt.forEachLeaf((vpn, level, pte) -> seen.add(vpn + "@" + level + ":" + Pte.payload(pte)));

    assertThat(seen).containsExactly("7@0:9", "512@1:1024", (1L << 27) + "@0:3");
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void kernelHalf_mappedInEverySpaceWithGlobalEntriesAndSharedTables(PagingMode mode) {
    PageTables pool = new PageTables(mode);
    pool.mapKernel(mode.kernelBase(), 3, 10);
    long kvpn = mode.vpnOf(mode.kernelBase());

    PageTable a = pool.create(1);
    PageTable b = pool.create(2);

    for (PageTable pt : List.of(a, b)) {
      long e = pt.get(kvpn + 2);
      assertThat(Pte.frame(e)).isEqualTo(12);
      assertThat(Pte.is(e, Pte.GLOBAL)).isTrue();
      assertThat(Pte.is(e, Pte.USER)).isFalse();
      assertThat(pt.tablePages()).isEqualTo(1);
      assertThat(pt.inKernelHalf(kvpn)).isTrue();
      assertThat(pt.inKernelHalf(0)).isFalse();
    }
    assertThat(pool.kernelTablePages()).isEqualTo(mode.levels());
    // Shared, not copied: the machine holds the kernel tables once plus one root per space.
    assertThat(pool.liveNodes()).isEqualTo(pool.kernelTablePages() + 2);
  }

  @ParameterizedTest
  @EnumSource(PagingMode.class)
  void set_userSpaceInKernelHalf_isRejectedAndKernelUntouched(PagingMode mode) {
    PageTables pool = new PageTables(mode);
    pool.mapKernel(mode.kernelBase(), 1, 10);
    long kvpn = mode.vpnOf(mode.kernelBase());
    PageTable a = pool.create(1);
    PageTable b = pool.create(2);
    long kernelEntry = b.get(kvpn);

    assertThatThrownBy(() -> a.set(kvpn + 1, leaf(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kernel half");
    assertThatThrownBy(() -> a.set(kvpn, leaf(5))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.clear(kvpn)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.andNotBits(kvpn, Pte.ACCESSED))
        .isInstanceOf(IllegalArgumentException.class);
    long lastVpn = mode.vpnOf(-1L);
    assertThatThrownBy(() -> a.set(lastVpn, leaf(5))).isInstanceOf(IllegalArgumentException.class);

    assertThat(b.get(kvpn)).isEqualTo(kernelEntry);
    assertThat(b.get(kvpn + 1)).isZero();
  }

  @Test
  void mapKernel_afterCreatingSpaces_isRejected() {
    PageTables pool = new PageTables(PagingMode.X86_64);
    pool.create(1);

    assertThatThrownBy(() -> pool.mapKernel(PagingMode.X86_64.kernelBase(), 1, 0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void mapKernel_outsideKernelHalfOrPastTop_isRejected() {
    PageTables pool = new PageTables(PagingMode.X86_32);

    assertThatThrownBy(() -> pool.mapKernel(0x1000, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kernel half");
    // The 1 GiB kernel half of x86-32 holds 262144 pages; one more would wrap to user space.
    assertThatThrownBy(() -> pool.mapKernel(0xc000_0000L, 262_145, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(pool.kernelTablePages()).isEqualTo(1);
  }

  @Test
  void create_duplicateAsid_isRejected() {
    PageTables pool = new PageTables(PagingMode.X86_64);
    PageTable first = pool.create(3);

    assertThatThrownBy(() -> pool.create(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("asid 3");
    assertThat(pool.byAsid(3)).isSameAs(first);
    assertThatThrownBy(() -> pool.create(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void destroy_freesUserTablesKeepsKernelAndReleasesAsid() {
    PageTables pool = new PageTables(PagingMode.X86_64);
    pool.mapKernel(PagingMode.X86_64.kernelBase(), 1, 0);
    PageTable a = pool.create(1);
    PageTable b = pool.create(2);
    a.set(0, leaf(1));
    a.set(1L << 30, leaf(2));
    a.setLarge(1L << 18, 2, leaf(1L << 18));

    pool.destroy(a);
    pool.destroy(a); // a second destroy must not free the root twice

    assertThat(a.destroyed()).isTrue();
    assertThat(a.tablePages()).isZero();
    assertThat(pool.byAsid(1)).isNull();
    assertThat(pool.liveNodes()).isEqualTo(pool.kernelTablePages() + b.tablePages());
    assertThat(b.get(PagingMode.X86_64.vpnOf(PagingMode.X86_64.kernelBase()))).isNotZero();
    assertThatThrownBy(() -> a.walk(0)).isInstanceOf(IllegalStateException.class);
    PageTable c = pool.create(1);
    PageTable d = pool.create(4);
    assertThat(c.get(0)).isZero();
    assertThat(d.get(0)).isZero();
    assertThat(pool.liveNodes()).isEqualTo(pool.kernelTablePages() + 3);
  }

  @Test
  void vpnOf_canonicalHighAddresses_foldIntoVirtualAddressWidth() {
    assertThat(PagingMode.X86_64.vpnOf(0xffff_8000_0000_0000L)).isEqualTo(1L << 35);
    assertThat(PagingMode.X86_64.vpnOf(0xffff_ffff_ffff_f000L)).isEqualTo((1L << 36) - 1);
    assertThat(PagingMode.X86_64.vpnOf(0x0000_7fff_ffff_f000L)).isEqualTo((1L << 35) - 1);
    assertThat(PagingMode.ARM64_16K.vpnOf(0xffff_8000_0000_4000L)).isEqualTo((1L << 33) + 1);
    assertThat(PagingMode.X86_32.vpnOf(0xc000_0000L)).isEqualTo(0xc0000);
    assertThat(PagingMode.X86_32.vpnOf(0x1234_5678L)).isEqualTo(0x12345);
  }

  @Test
  void kernelTopIndex_splitsUserAndKernelHalves() {
    assertThat(PagingMode.X86_64.kernelTopIndex()).isEqualTo(256);
    assertThat(PagingMode.X86_32.kernelTopIndex()).isEqualTo(768);
    assertThat(PagingMode.ARM64_16K.kernelTopIndex()).isEqualTo(1);
    for (PagingMode m : PagingMode.values()) {
      long userTopIndex = m.vpnOf(m.userTop()) >>> m.shiftOf(m.levels() - 1);
      assertThat(userTopIndex).as(m.id()).isEqualTo(m.kernelTopIndex() - 1);
    }
  }

  @Test
  void pagingMode_geometry_matchesArchitectures() {
    assertThat(PagingMode.X86_64.virtualAddressBits()).isEqualTo(48);
    assertThat(PagingMode.X86_32.virtualAddressBits()).isEqualTo(32);
    assertThat(PagingMode.ARM64_16K.virtualAddressBits()).isEqualTo(48);
    assertThat(PagingMode.ARM64_16K.pageSize()).isEqualTo(16384);
    assertThat(PagingMode.X86_64.largeLevels()).containsExactly(1, 2);
    assertThat(PagingMode.X86_64.largeLevelCount()).isEqualTo(2);
    assertThat(PagingMode.X86_64.largeLevel(1)).isEqualTo(2);
  }

  @Test
  void pagingMode_parseAndDefaultFor_resolveOrExplain() {
    assertThat(PagingMode.parse(" ARM64-16K ")).isEqualTo(PagingMode.ARM64_16K);
    assertThat(PagingMode.defaultFor(4096)).isEqualTo(PagingMode.X86_64);
    assertThat(PagingMode.defaultFor(16384)).isEqualTo(PagingMode.ARM64_16K);
    assertThatThrownBy(() -> PagingMode.parse("sparc"))
        .hasMessageContaining("sparc")
        .hasMessageContaining("x86-64, x86-32, arm64-16k");
    assertThatThrownBy(() -> PagingMode.defaultFor(8192)).hasMessageContaining("8192");
  }
}
