package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.MacosRuns.process;
import static org.vmcompare.macos.MacosRuns.shareModes;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * fork with symmetric copy-on-write (SEMANTICS.md, macOS; issue 10 item 1): both entries need copy,
 * a read maps the parent's page read-only, the first write on either side shadows the entry and
 * copies the page, and the shared object collapses into the parent's shadow when the child's side
 * goes.
 */
final class ForkCowTest {
  @Test
  void bothSides_showCow_untilTheyWrite_andEachWriteCopies() {
    RunResult r = MacosRuns.scenario("fork-cow.yaml").get(0);

    assertThat(shareModes(r, "forked", 100, "data")).containsExactly("COW");
    assertThat(shareModes(r, "forked", 101, "data")).containsExactly("COW");
    // 64 zero fills by the parent; the child's 64 reads copy nothing; the parent's 64 writes and
    // the child's 16 each copy into their own shadow
    assertThat(r.counter("zero.fills")).isEqualTo(64);
    assertThat(r.counter("cow.copies")).isEqualTo(64 + 16);
    assertThat(r.counter("macos.shadows")).isEqualTo(2);
    assertThat(process(r, "child").minorFaults()).isEqualTo(64 + 16);
  }

  @Test
  void afterBothWrote_theParentIsPrivate_andTheChildStillReachesTheSharedObject() {
    RunResult r = MacosRuns.scenario("fork-cow.yaml").get(0);

    assertThat(shareModes(r, "child-wrote", 100, "data")).containsExactly("PRV");
    assertThat(shareModes(r, "child-wrote", 101, "data")).containsExactly("COW");
    // the child's region: 16 pages in its shadow, 48 read through it from the shared object
    assertThat(r.views().get("child-wrote").get("vmmap/101"))
        .containsPattern("\\[ +256K +256K +256K +0K\\] rw-/rwx SM=COW +data");
    // resident: the shared object's 64, the parent's shadow's 64, the child's 16
    assertThat(r.views().get("child-wrote").get("vm_stat"))
        .containsPattern("Anonymous pages: +144\\.");
  }

  @Test
  void whenTheChildExits_theChainCollapses_andItsShadowedPagesAreFreed() {
    RunResult r = MacosRuns.scenario("fork-cow.yaml").get(0);

    assertThat(r.counter("macos.collapses")).isEqualTo(1);
    assertThat(shareModes(r, "child-gone", 100, "data")).containsExactly("PRV");
    assertThat(r.views().get("child-gone").get("vm_stat"))
        .containsPattern("Anonymous pages: +64\\.")
        .containsPattern("Pages copy-on-write: +80\\.");
    assertThat(r.views().get("child-gone").get("vmmap/100"))
        .containsPattern("\\[ +256K +256K +256K +0K\\] rw-/rwx SM=PRV +data");
  }
}
