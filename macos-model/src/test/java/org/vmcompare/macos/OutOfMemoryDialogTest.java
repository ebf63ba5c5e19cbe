package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;

/**
 * configs/scenarios/macos/out-of-memory-dialog.yaml: nobody answers the "out of application memory"
 * dialog (issue 10, item 8). The task waits at it for memory, gets it when the worker exits, and at
 * the second dialog, with nothing left to free memory, ends the run hung.
 */
final class OutOfMemoryDialogTest {
  private final RunResult r = MacosRuns.scenario("out-of-memory-dialog.yaml").get(0);

  @Test
  void scenario_theTaskWaitsAtTheDialog_goesOnWhenTheWorkerExits_thenHangsUntilTheRunEnds() {
    List<String> log = r.eventLog().stream().map(LogEntry::text).toList();
    int first = log.indexOf(dialog("heap"));
    int exit = log.indexOf("worker[100] exited: exit (end of steps)");
    int second = log.indexOf(dialog("more"));
    assertThat(first).isNotNegative();
    assertThat(exit).isGreaterThan(first);
    assertThat(second).isGreaterThan(exit);
    assertThat(log.get(log.size() - 1))
        .isEqualTo(
            "hog[101] hung: waiting for memory (\"out of application memory\" dialog); not enough"
                + " came free before the run ended");
    assertThat(log).noneMatch(t -> t.contains("killing"));
  }

  @Test
  void scenario_theHungTaskKeepsItsResults_andIsNoKill() {
    assertThat(r.counter("kills")).isZero();
    ProcessSummary hog = MacosRuns.process(r, "hog");
    assertThat(hog.state()).isEqualTo("hung");
    assertThat(hog.endReason())
        .isEqualTo(
            "hung: waiting for memory (\"out of application memory\" dialog); not enough came free"
                + " before the run ended");
    // the shared memory (1,024 pages) and its heap (512) written whole, then part of the 256 more
    assertThat(hog.minorFaults()).isGreaterThan(1024 + 512).isLessThan(1024 + 512 + 256);
    assertThat(MacosRuns.process(r, "worker").endReason()).isEqualTo("exit (end of steps)");
    assertThat(r.counter("zero.fills")).isEqualTo(512 + hog.minorFaults());
  }

  /** The dialog line of a fault of hog[101] on {@code region}, with the scan's figures. */
  private static String dialog(String region) {
    return "macos: no free page for hog[101] ("
        + region
        + "): the pageout scan found nothing more to free (0 pages active, 0 inactive, 1790 pages"
        + " stored in the compressor occupying 1790 frames, swapfiles holding 0 of 0 pages): the"
        + " compressor holds what it can (data that compresses badly frees few frames), swap is"
        + " absent (machine.swap: 0, no swapMax), and no task holds more than half the compressed pages: macOS"
        + " shows the \"out of application memory\" dialog; nobody answers it in a run, so hog[101]"
        + " waits for a free page";
  }
}
