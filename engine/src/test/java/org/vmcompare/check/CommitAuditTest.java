package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The commit half of invariant 4 on the views Windows ({@code taskmgr}) and Linux ({@code
 * proc/meminfo}) print, in their formats; linux-model and windows-model are not on the engine's
 * test class path, so their runs check it through {@code vmcompare check} (cli's tests) and their
 * own check tests.
 */
final class CommitAuditTest {
  private static String taskmgr(String committed, String limit) {
    return "In use          1,024 K\nAvailable       2,048 K\nCommitted       "
        + committed
        + " K / "
        + limit
        + " K\nCached          0 K\nModified        0 K\nFree            0 K\n";
  }

  private static String meminfo(long limit, long committed) {
    return String.format(
        "MemTotal:         262144 kB%nCommitLimit:    %8d kB%nCommitted_AS:   %8d kB%n"
            + "AnonHugePages:         0 kB%n",
        limit, committed);
  }

  @Test
  void windows_chargeWithinTheLimit_holds() {
    assertThat(Audits.commit(Map.of("taskmgr", taskmgr("65,536", "65,536")), false)).isNull();
  }

  @Test
  void windows_chargeAboveTheLimit_isReported() {
    assertThat(Audits.commit(Map.of("taskmgr", taskmgr("65,540", "65,536")), false))
        .contains("65540 K")
        .contains("65536 K");
  }

  @Test
  void linuxStrict_committedAboveCommitLimit_isReported() {
    assertThat(Audits.commit(Map.of("proc/meminfo", meminfo(1000, 1004)), true))
        .contains("Committed_AS is 1004 kB")
        .contains("CommitLimit 1000 kB");
    assertThat(Audits.commit(Map.of("proc/meminfo", meminfo(1000, 1000)), true)).isNull();
  }

  @Test
  void linuxHeuristicOrAlways_enforcesNoLimit_notChecked() {
    assertThat(Audits.commit(Map.of("proc/meminfo", meminfo(1000, 5000)), false)).isNull();
    assertThat(Audits.exposesCommit(Map.of("proc/meminfo", meminfo(1000, 5000)), false)).isFalse();
  }

  @Test
  void noCommitView_textbook_notChecked() {
    assertThat(Audits.commit(Map.of("frames", "pool: 4 frames"), true)).isNull();
    assertThat(Audits.exposesCommit(Map.of(), true)).isFalse();
  }
}
