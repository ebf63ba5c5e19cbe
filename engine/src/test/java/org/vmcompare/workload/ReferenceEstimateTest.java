package org.vmcompare.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.os.OsRegistry;

/** The references a run makes, estimated from the file for progress and for the long-work check. */
final class ReferenceEstimateTest {
  private static long estimate(String steps) {
    String yaml =
        "name: e\nmachine: {ram: 8MiB}\nsystems: [textbook]\nprocesses:\n  - name: p\n"
            + "    steps:\n"
            + steps;
    return new ExperimentLoader(OsRegistry.load())
        .withoutSupportCheck()
        .load("e.yaml", null, yaml)
        .points()
        .get(0)
        .references();
  }

  @Test
  void touch_countsItsCountOrItsPassesOverTheRange() {
    assertThat(
            estimate(
                "      - allocate: {name: m, size: 10pages}\n"
                    + "      - touch: {region: m, passes: 3}\n"
                    + "      - touch: {region: m, count: 7}\n"
                    + "      - touch: {region: m, offset: 4pages, passes: 1}\n"))
        .isEqualTo(30 + 7 + 6);
  }

  @Test
  void repeatAndFork_multiplyAndAdd_andTracesCountTheirReferences() {
    assertThat(
            estimate(
                "      - allocate: {name: m, size: 10pages}\n"
                    + "      - repeat: {times: 4, steps: [{touch: {region: m, count: 5}}]}\n"
                    + "      - fork: {name: c, steps: [{touch: {region: m, passes: 1}}]}\n"
                    + "      - trace: {pages: \"1 2 3\"}\n"))
        .isEqualTo(20 + 10 + 3);
  }
}
