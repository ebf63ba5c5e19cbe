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

  @Test
  void protectingPartOfARegion_evenToTheSameProtection_clipsIt_andUnmappingAPartLeavesOnePrivate() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: clip
                machine: {ram: 16MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: app
                    steps:
                      - allocate: {name: buf, size: 8pages}
                      - touch: {region: buf, writes: 1}
                      - native:
                          os: macos
                          call: mach_vm_protect
                          args: {region: buf, offset: 2pages, size: 2pages, protection: rw}
                      - snapshot: clipped
                      - unmap: buf
                      - snapshot: first-part-gone
                """)
            .get(0);

    // three entries, three references, all this task's
    assertThat(shareModes(r, "clipped", 100, "buf")).containsExactly("ALI", "ALI", "ALI");
    // the first entry unmapped: two left, still all this task's
    assertThat(shareModes(r, "first-part-gone", 100, "buf")).containsExactly("ALI", "ALI");
    assertThat(r.views().get("first-part-gone").get("vm_stat"))
        .containsPattern("Anonymous pages: +8\\.");
  }
}
