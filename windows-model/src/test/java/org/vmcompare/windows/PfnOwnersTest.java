package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.RunResult;

/**
 * The PFN owner kept without a word a frame: the VPN from the frame's object and page, the pid in
 * flag bits, and owners that do not fit kept apart (see {@link PfnOwners}).
 */
final class PfnOwnersTest {
  private static final int OBJECT = 3;

  private static PhysicalMemory memory() {
    return new PhysicalMemory(64 * 4096, 4096);
  }

  @Test
  void own_pagesOfOneObjectAtOneAddress_areDerivedFromTheObject_withNothingKeptApart() {
    PhysicalMemory m = memory();
    PfnOwners owners = new PfnOwners(m);
    m.claim(10, OBJECT, 5);
    m.claim(11, OBJECT, 9);

    owners.own(10, 65_535, 0x7000_0005L);
    owners.own(11, 101, 0x7000_0009L);

    assertThat(owners.vpn(10)).isEqualTo(0x7000_0005L);
    assertThat(owners.pid(10)).isEqualTo(65_535);
    assertThat(owners.vpn(11)).isEqualTo(0x7000_0009L);
    assertThat(owners.pid(11)).isEqualTo(101);
    assertThat(owners.apartCount()).isZero();
    assertThat(m.hasFlag(10, PfnOwners.F_APART)).isFalse();
  }

  @Test
  void own_sameObjectAtAnotherAddressOrABigPid_isKeptApart_andForgottenWithTheFrame() {
    PhysicalMemory m = memory();
    PfnOwners owners = new PfnOwners(m);
    m.claim(10, OBJECT, 5);
    m.claim(11, OBJECT, 5);
    m.claim(12, OBJECT + 1, 0);
    owners.own(10, 100, 0x4005L);

    owners.own(11, 100, 0x9005L); // the object's page 5 seen at another address
    owners.own(12, 70_000, 0x20_0000L); // a pid past 16 bits

    assertThat(owners.vpn(10)).isEqualTo(0x4005L);
    assertThat(owners.vpn(11)).isEqualTo(0x9005L);
    assertThat(owners.pid(11)).isEqualTo(100);
    assertThat(owners.vpn(12)).isEqualTo(0x20_0000L);
    assertThat(owners.pid(12)).isEqualTo(70_000);
    assertThat(owners.apartCount()).isEqualTo(2);

    owners.forget(11);
    m.release(11);
    m.claim(11, OBJECT, 7);
    owners.own(11, 100, 0x4007L); // fits again: nothing kept apart for it
    assertThat(owners.apartCount()).isEqualTo(1);
    assertThat(owners.vpn(11)).isEqualTo(0x4007L);
    assertThat(m.hasFlag(11, PfnOwners.F_APART)).isFalse();
  }

  @Test
  void own_keepsTheModelsOtherFlagBits() {
    PhysicalMemory m = memory();
    PfnOwners owners = new PfnOwners(m);
    m.claim(10, OBJECT, 0);
    m.setFlag(10, PhysicalMemory.F_DIRTY | PageLists.F_OFFERED | PageLists.F_READING);

    owners.own(10, 40_000, 0x100L);
    owners.own(10, 200, 0x100L);

    assertThat(owners.pid(10)).isEqualTo(200);
    assertThat(m.hasFlag(10, PhysicalMemory.F_DIRTY)).isTrue();
    assertThat(m.hasFlag(10, PageLists.F_OFFERED)).isTrue();
    assertThat(m.hasFlag(10, PageLists.F_READING)).isTrue();
    assertThat(m.hasFlag(10, PageLists.F_SECTION)).isFalse();
  }

  @Test
  void copyOnWriteViewsOfOneFileAtTwoAddresses_pagedOutAndBackIn_keepEveryOwnerRight() {
    // Both views' private copies are pages of the file's object, the second view's at another
    // address, so the PFN keeps their owners apart. The audit before every step checks each valid
    // private page's PFN owner and the owner PTE of every private page on Standby and Modified;
    // the pressure makes the modified page writer write them and the allocation repurpose them,
    // which rewrites the owner's transition PTE as a pagefile PTE.
    RunResult r =
        WindowsRuns.yaml(
                """
                name: two-private-views
                machine: {ram: 256pages, swap: 1024pages}
                systems: [windows]
                files:
                  - {name: data.bin, size: 48pages}
                processes:
                  - name: p
                    steps:
                      - map-file: {name: a, file: data.bin, mode: private}
                      - map-file: {name: b, file: data.bin, mode: private}
                      - touch: {region: a, writes: 1}
                      - touch: {region: b, writes: 1}
                      - native: {os: windows, call: EmptyWorkingSet}
                      - allocate: {name: big, size: 400pages}
                      - touch: {region: big, writes: 1}
                      - touch: {region: a}
                      - touch: {region: b}
                """)
            .get(0);

    assertThat(r.counter("cow.copies")).isEqualTo(96);
    assertThat(r.counter("windows.standby.repurposed")).isPositive();
    assertThat(r.counter("swap.in")).isGreaterThanOrEqualTo(96);
  }
}
