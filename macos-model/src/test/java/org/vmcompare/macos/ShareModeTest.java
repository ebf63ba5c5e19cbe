package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.MacosRuns.shareModes;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * vmmap's SHRMOD column by XNU's vm_map_region_walk rules (SEMANTICS.md, macOS; issue 10 item 3):
 * NUL, PRV, ALI, SHM, the file-mapped-once PRV and S/A from one process, SHM for a file mapped by
 * two processes; COW is in {@link ForkCowTest}.
 */
final class ShareModeTest {
  @Test
  void eachKindOfMapping_showsItsShareMode() {
    RunResult r = MacosRuns.scenario("share-modes.yaml").get(0);

    assertThat(shareModes(r, "modes", 100, "untouched")).containsExactly("NUL");
    assertThat(shareModes(r, "modes", 100, "heap")).containsExactly("PRV");
    assertThat(shareModes(r, "modes", 100, "split")).containsExactly("ALI", "ALI");
    assertThat(shareModes(r, "modes", 100, "shm-a")).containsExactly("SHM");
    assertThat(shareModes(r, "modes", 100, "shm-b")).containsExactly("SHM");
    assertThat(shareModes(r, "modes", 100, "lib")).containsExactly("PRV");
    assertThat(shareModes(r, "modes", 100, "data-a")).containsExactly("S/A");
    assertThat(shareModes(r, "modes", 100, "data-b")).containsExactly("S/A");
  }

  @Test
  void aFileMappedByAnotherTask_isShm_forIt_andStillSharedAliased_forTheTwoEntryTask() {
    RunResult r = MacosRuns.scenario("share-modes.yaml").get(0);

    assertThat(shareModes(r, "two-tasks", 101, "data")).containsExactly("SHM");
    assertThat(shareModes(r, "two-tasks", 100, "data-a")).containsExactly("S/A");
  }

  @Test
  void theSplitRegion_keepsItsPages_andTheReadOnlyHalfShowsItsProtection() {
    RunResult r = MacosRuns.scenario("share-modes.yaml").get(0);
    String vmmap = r.views().get("modes").get("vmmap/100");

    // the read-only half is listed among the non-writable regions, the other among the writable
    assertThat(vmmap)
        .containsPattern(
            "VM_ALLOCATE +\\w+-\\w+ +\\[ +32K +32K +32K +0K\\] r--/rwx SM=ALI +split\\n");
    assertThat(vmmap)
        .containsPattern(
            "VM_ALLOCATE +\\w+-\\w+ +\\[ +32K +32K +32K +0K\\] rw-/rwx SM=ALI +split\\n");
    // the untouched region has no object: nothing resident
    assertThat(vmmap)
        .containsPattern(
            "VM_ALLOCATE +\\w+-\\w+ +\\[ +64K +0K +0K +0K\\] rw-/rwx SM=NUL +untouched");
    assertThat(r.counter("zero.fills")).isEqualTo(16 + 16 + 8);
  }
}
