package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The modified page writer's pagefile MDLs (the WRK's MM_PAGING_FILE_MDLS, 2, and
 * MiModifiedPageWriterWorker waiting on MmPagingFileHeader's event when none is free): at most that
 * many pagefile writes are in flight, the rest of Modified waits its turn, and a hard fault's read
 * queues behind at most those writes. Runs are replayed in checked mode by {@link WindowsRuns}.
 */
final class ModifiedPageWriterTest {
  /** 100 dirty private pages trimmed at once; the writer's threshold is 100. */
  private static String experiment(String options) {
    return """
        name: pagefile-mdls
        machine: {ram: 16MiB, swap: 16MiB}
        systems:
          - os: windows
            options: {scaleToMachine: false, modifiedWriteThreshold: 100%s}
        processes:
          - name: writer
            steps:
              - allocate: {name: heap, size: 100pages}
              - touch: {region: heap, writes: 1}
              - native: {os: windows, call: EmptyWorkingSet}
              - snapshot: writing
              - sleep: 10ms
              - snapshot: written
              - touch: {region: heap}
        """
        .formatted(options);
  }

  @Test
  void writer_withBothPagefileMdlsInFlight_waitsForAWriteToComplete() {
    RunResult r = WindowsRuns.yaml(experiment("")).get(0);

    // 100 pages: 6 clusters of 16 (the last 4 pages stay on Modified, below a cluster)
    assertThat(r.counter("swap.out")).isEqualTo(96);
    assertThat(r.counter("disk.writes")).isEqualTo(6);
    // two writes in flight when the snapshot is taken, the other 68 pages wait on Modified
    assertThat(r.views().get("writing").get("rammap"))
        .containsPattern("Modified +272 K")
        .containsPattern("Transition +128 K");
    assertThat(r.counter("disk.queue.max")).isEqualTo(2);
    assertThat(r.views().get("written").get("rammap"))
        .containsPattern("Standby \\(5\\) +384 K")
        .containsPattern("Modified +16 K")
        .containsPattern("Transition +0 K");
    // the pages come back from Standby and Modified: soft faults, no read
    assertThat(r.counter("faults.major")).isZero();
  }

  @Test
  void writer_withMoreMdls_queuesThatManyWritesAtOnce() {
    RunResult r = WindowsRuns.yaml(experiment(", pagefileWrites: 8")).get(0);

    assertThat(r.counter("swap.out")).isEqualTo(96);
    assertThat(r.views().get("writing").get("rammap"))
        .containsPattern("Modified +16 K")
        .containsPattern("Transition +384 K");
    assertThat(r.counter("disk.queue.max")).isEqualTo(6);
  }
}
