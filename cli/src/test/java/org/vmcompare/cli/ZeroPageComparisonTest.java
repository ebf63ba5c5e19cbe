package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * Issue 10, item 2, across models (only this module has both): on the same file, reading untouched
 * anonymous memory zero-fills a real page per page on macOS (XNU has no shared zero page) and maps
 * Linux's one zero page, so only the later writes allocate there.
 */
final class ZeroPageComparisonTest {
  @Test
  void readsOfUntouchedMemory_costPagesOnMacos_andNoneOnLinux() {
    LoadedExperiment exp =
        new ExperimentLoader(OsRegistry.load())
            .load(Path.of("../configs/scenarios/macos/zero-fill.yaml"));
    List<RunResult> runs =
        new ExperimentRunner(1).run(exp, ExperimentRunner.plan(exp, List.of(1L)), n -> {});
    RunResult macos = runs.get(0);
    RunResult linux = runs.get(1);
    assertThat(macos.system()).isEqualTo("macos");
    assertThat(linux.system()).isEqualTo("linux");
    assertThat(macos.ok()).as(macos.error()).isTrue();
    assertThat(linux.ok()).as(linux.error()).isTrue();

    // macOS: 256 zero fills on the reads; the 64 writes then hit writable pages
    assertThat(macos.counter("zero.fills")).isEqualTo(256);
    assertThat(macos.views().get("read").get("vm_stat"))
        .containsPattern("Anonymous pages: +256\\.");
    // Linux: the reads map the zero page; the 64 writes replace it with zeroed pages of their own
    assertThat(linux.counter("zero.fills")).isEqualTo(64);
    assertThat(linux.views().get("read").get("proc/100/smaps_rollup"))
        .containsPattern("Anonymous: +0 kB");
  }
}
