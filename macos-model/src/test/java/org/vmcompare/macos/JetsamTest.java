package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Running out (SEMANTICS.md, macOS: "Kills"; issue 10 item 8): desktop macOS has no jetsam
 * page-shortage kills and asks opt-in idle processes to exit above normal pressure; iOS ({@code
 * platform: ios}) has no swapfiles and jetsam kills from the lowest band up, oldest first.
 */
final class JetsamTest {
  @Test
  void sameHog_desktopCompressesAndKillsNobody_iosKillsTheLowestBandFirst() {
    List<RunResult> runs = MacosRuns.scenario("jetsam.yaml");
    RunResult mac = runs.get(0);
    RunResult ios = runs.get(1);

    assertThat(mac.ok()).as(mac.error()).isTrue();
    assertThat(mac.counter("macos.compressions")).isPositive();
    assertThat(mac.counter("kills")).isZero();
    assertThat(mac.counter("macos.jetsam.kills")).isZero();
    assertThat(log(mac)).noneMatch(l -> l.contains("jetsam"));
    assertThat(MacosRuns.process(mac, "mail").state()).isEqualTo("exited");

    assertThat(ios.ok()).as(ios.error()).isTrue();
    assertThat(ios.counter("swap.out")).isZero(); // no swapfiles on iOS
    assertThat(log(ios))
        .containsSubsequence(
            "macos: jetsam: killing mail[100] (band 30, footprint 1040KiB): available memory 80"
                + " pages, below the critical threshold (81 pages)",
            "mail[100] killed: jetsam (band 30)",
            "hog[101] exited: exit (end of steps)");
    assertThat(ios.counter("macos.jetsam.kills")).isEqualTo(1);
    assertThat(ios.counter("kills")).isEqualTo(1);
    assertThat(MacosRuns.process(ios, "mail").state()).isEqualTo("killed");
    assertThat(MacosRuns.process(ios, "hog").state()).isEqualTo("exited");
  }

  @Test
  void iosWithNobodyLowerLeft_killsTheHogItself_oldestFirstWithinItsBand() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: ios-hog
                machine: {ram: 8MiB, kernel: 1MiB, swap: 64MiB}
                systems: [{os: macos, options: {platform: ios}}]
                processes:
                  - name: first
                    jetsamBand: foreground
                    steps:
                      - allocate: {name: a, size: 1MiB}
                      - touch: {region: a, writes: 1}
                      - sleep: 1s
                  - name: hog
                    jetsamBand: foreground
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 12MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.5}
                """)
            .get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(log(r))
        .filteredOn(l -> l.startsWith("macos: jetsam: killing"))
        .hasSize(2)
        .satisfies(
            l -> assertThat(l.get(0)).startsWith("macos: jetsam: killing first[100] (band 100, "),
            l -> assertThat(l.get(1)).startsWith("macos: jetsam: killing hog[101] (band 100, "));
    assertThat(r.counter("macos.jetsam.kills")).isEqualTo(2);
  }

  @Test
  void iosBetweenCriticalAndIdle_killsOnlyTheIdleBand_theBackgroundTaskStays() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: ios-idle-band
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [{os: macos, options: {platform: ios}}]
                processes:
                  - name: mail
                    jetsamBand: background
                    steps:
                      - allocate: {name: inbox, size: 256KiB}
                      - touch: {region: inbox, writes: 1}
                      - sleep: 1s
                  - name: cache
                    jetsamBand: idle
                    steps:
                      - allocate: {name: c, size: 256KiB}
                      - touch: {region: c, writes: 1}
                      - sleep: 1s
                  - name: app
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 6MiB}
                      - touch: {region: heap, writes: 1}
                """)
            .get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(log(r))
        .filteredOn(l -> l.startsWith("macos: jetsam: killing"))
        .singleElement()
        .asString()
        .startsWith("macos: jetsam: killing cache[101] (band 0, ")
        .contains("below the idle threshold (163 pages)");
    assertThat(MacosRuns.process(r, "mail").state()).isEqualTo("exited");
  }

  @Test
  void desktopUnderPressure_asksTheOptedInIdleProcessToExit_notTheOthers() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: idle-exit
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: widget
                    idleExit: true
                    steps:
                      - allocate: {name: w, size: 256KiB}
                      - touch: {region: w, writes: 1}
                      - sleep: 5s
                  - name: editor
                    steps:
                      - allocate: {name: e, size: 256KiB}
                      - touch: {region: e, writes: 1}
                      - sleep: 5s
                  - name: hog
                    start: 10ms
                    steps:
                      - allocate: {name: heap, size: 11MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.5}
                """)
            .get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(log(r))
        .containsSubsequence(
            "macos: memory pressure normal -> warn (50% of available memory uncompressed)",
            "macos: memory pressure warn: asking idle widget[100] to exit (it opted in to idle"
                + " exit, idleExit: true)",
            "widget[100] killed: idle exit under memory pressure (warn)");
    assertThat(r.counter("macos.idle.exits")).isEqualTo(1);
    assertThat(r.counter("macos.jetsam.kills")).isZero();
    assertThat(MacosRuns.process(r, "editor").state()).isEqualTo("exited");
    assertThat(MacosRuns.process(r, "hog").state()).isEqualTo("exited");
  }

  private static List<String> log(RunResult r) {
    return r.eventLog().stream().map(e -> e.text()).toList();
  }
}
