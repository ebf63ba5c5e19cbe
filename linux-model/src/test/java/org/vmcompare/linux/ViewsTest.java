package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: the /proc views and free, in the real files' text shape (item 10). */
final class ViewsTest {
  private static Map<String, String> views() {
    RunResult r = LinuxRuns.scenario("proc-views.yaml").get(0);
    assertThat(r.ok()).as(r.error()).isTrue();
    return r.views().get("both");
  }

  @Test
  void maps_mergesAdjacentAnonymousVmas_andPadsFileLinesToTheKernelsColumn() {
    assertThat(views().get("proc/100/maps"))
        .isEqualTo(
            "1000000000-1000020000 rw-p 00000000 00:00 0 \n"
                + "1000020000-1000030000 r--p 00000000 00:00 0 \n"
                + "1000030000-1000050000 r-xp 00000000 fe:00 1"
                + " ".repeat(30)
                + "/lib.so\n");
  }

  @Test
  void smapsRollup_splitsSharedPagesByMapCount() {
    String rollup = views().get("proc/100/smaps_rollup");

    assertThat(rollup)
        .startsWith("1000000000-1000050000 ---p 00000000 00:00 0" + " ".repeat(30) + "[rollup]\n")
        .contains("Rss:                 256 kB\n")
        .contains("Pss:                 128 kB\n")
        .contains("Pss_Anon:             64 kB\n")
        .contains("Pss_File:             64 kB\n")
        .contains("Shared_Dirty:        128 kB\n")
        .contains("Shared_Clean:        128 kB\n")
        .contains("Anonymous:           128 kB\n")
        .endsWith(
            "Swap:                  0 kB\nSwapPss:               0 kB\nLocked:                0 kB\n");
  }

  @Test
  void meminfoAndFree_haveTheKernelsAndProcpsShape() {
    Map<String, String> v = views();

    assertThat(v.get("proc/meminfo"))
        .startsWith("MemTotal:          57344 kB\nMemFree:    ")
        .contains("Cached:              128 kB\n")
        .contains("AnonPages:           128 kB\n")
        .contains("Mapped:              128 kB\n");
    assertThat(v.get("free"))
        .startsWith(
            "               total        used        free      shared  buff/cache   available\n"
                + "Mem:           57344 ")
        .contains("\nSwap:          65536           0       65536\n");
  }
}
