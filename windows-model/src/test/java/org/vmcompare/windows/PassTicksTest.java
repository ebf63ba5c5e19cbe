package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * When a trimming round's passes run: the WRK's working set manager visits no one in a pass that
 * finds its list's head stamped with the current system time (LastTrimTime), and its 10 ms wait
 * between passes ends at a clock interrupt (base/ntos/mm/wsmanage.c). Scenario: {@code
 * pass-ticks.yaml}.
 */
final class PassTicksTest {
  @Test
  void aRoundBegunInTheTickOfTheLastRun_skipsPassZero_andTrimsAtTheNextTicks() {
    RunResult r = WindowsRuns.scenario("pass-ticks.yaml").get(0);

    // the round begins at 21.0047 s, in the tick of the run at 21 s: when the hog's last touch
    // ends, nothing is trimmed yet, and 4 pages are available
    String inTick = "in-tick";
    assertThat(r.views().get(inTick).get("vmmap/100"))
        .containsPattern("Total +4,116 K +4,116 K +4,116 K +4,096 K");
    assertThat(r.views().get(inTick).get("taskmgr"))
        .containsPattern("Available +16 K")
        .containsPattern("Modified +0 K");
    // pass 1 at 21.015625 s takes 195 + 45 pages, pass 2 at 21.03125 s 420 + 120: the editor
    // keeps 1,024 - 195 - 420 = 409 pages, the hog 2,556 - 45 - 120 = 2,391
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(195 + 45 + 420 + 120);
    assertThat(r.views().get("after").get("vmmap/100"))
        .containsPattern("Total +4,116 K +4,116 K +4,116 K +1,636 K");
    assertThat(r.views().get("after").get("vmmap/101"))
        .containsPattern("Total +10,256 K +10,256 K +10,256 K +9,564 K");
  }
}
