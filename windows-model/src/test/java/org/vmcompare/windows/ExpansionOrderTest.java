package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The order in which a trimming round visits working sets: the WRK's expansion list, which each
 * round's MiRearrangeWorkingSetExpansionList sorts into claim buckets and reverses within each
 * (base/ntos/mm/wsmanage.c). Scenario: {@code expansion-order.yaml}.
 */
final class ExpansionOrderTest {
  @Test
  void twoEqualWorkingSets_firstRound_trimsTheOneThatStartedLast() {
    RunResult r = WindowsRuns.scenario("expansion-order.yaml").get(0);

    // the list is [viewer-a, viewer-b, hog] (the system cache's, empty, ahead of them); the round
    // at 21 s finds both viewers' claims at 360 (bucket 0 is above 400: both in bucket 1) and the
    // hog's at 0, so it visits viewer-b, viewer-a, then the hog. Pass 0 takes half of viewer-b's
    // claim, 180 clean pages to Standby: 136 + 180 = 316 available, above the goal of 267, so
    // the pass trims no one else and the round ends
    assertThat(r.counter("windows.ws.trimmed")).isEqualTo(180);
    String after = "after-round";
    assertThat(r.views().get(after).get("vmmap/100"))
        .containsPattern("Total +4,116 K +4,116 K +20 K +4,096 K");
    assertThat(r.views().get(after).get("vmmap/101"))
        .containsPattern("Total +4,116 K +4,116 K +20 K +3,376 K");
    assertThat(r.views().get(after).get("taskmgr")).containsPattern("Available +1,264 K");
  }
}
