package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.check.Invariant;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SystemVariant;

/**
 * Checked mode follows file contents (docs/check.md, "Checked mode"): shared file views, private
 * (copy-on-write) views and write-file, through writeback under pressure, on the real Linux model;
 * and a model that loses write-file's data or maps a private view shared is caught.
 */
final class FileContentsCheckTest {
  private static final String EXPERIMENT =
      """
      name: file-contents
      machine: {ram: 256pages, swap: 512pages, kernel: 8pages}
      systems: [linux]
      files: [{name: data, size: 16pages, seed: 3}]
      processes:
        - name: writer
          steps:
            %s
            - map-file: {name: w, file: data, mode: shared, size: 8pages}
            - touch: {region: w, pattern: sequential, writes: 1.0}
            - write-file: {file: data, offset: 8pages, size: 4pages}
            - map-file: {name: p, file: data, mode: private, size: 16pages}
            - touch: {region: p, pattern: sequential, writes: 0.0}
            - touch: {region: p, pattern: sequential, count: 12, writes: 1.0}
            - allocate: {name: big, size: 400pages}
            - touch: {region: big, pattern: sequential, writes: 1.0}
            - touch: {region: p, pattern: sequential, writes: 0.0}
        - name: reader
          after: writer
          steps:
            - map-file: {name: r, file: data, mode: shared, size: 16pages}
            - touch: {region: r, pattern: sequential, writes: 0.0}
      """;

  @Test
  void sharedAndPrivateViewsAndWriteFile_throughWriteback_holdEveryInvariant() {
    OsRegistry registry = OsRegistry.load();
    LoadedExperiment exp =
        new ExperimentLoader(registry).load("f.yaml", null, EXPERIMENT.formatted("- sleep: 1us"));

    CheckReport report = new Checker(registry).replay(exp, List.of());

    assertThat(report.violation()).isNull();
  }

  @Test
  void writeFileThatLosesItsData_isCaughtWhenTheMappingReadsTheOldPage() {
    CheckReport report = plant("drop-file-writes");

    assertThat(report.violation()).isNotNull();
    assertThat(report.violation().invariant()).isEqualTo(Invariant.DATA_INTEGRITY);
    assertThat(report.violation().message()).contains("a write-file wrote the page since");
  }

  @Test
  void privateViewMappedShared_isCaughtWhenAnotherViewReadsItsWrites() {
    CheckReport report = plant("map-private-as-shared");

    assertThat(report.violation()).isNotNull();
    assertThat(report.violation().invariant()).isEqualTo(Invariant.DATA_INTEGRITY);
    assertThat(report.violation().process()).isEqualTo("reader");
  }

  /** The experiment on {@link CheckedLinux} with one of its planted bugs turned on first. */
  private static CheckReport plant(String call) {
    OsRegistry registry = OsRegistry.load();
    String yaml = EXPERIMENT.formatted("- native: {os: linux, call: " + call + "}");
    LoadedExperiment base =
        new ExperimentLoader(registry).withoutSupportCheck().load("f.yaml", null, yaml);
    SystemVariant v =
        new SystemVariant(
            "linux",
            "linux",
            SystemOptions.of("linux", LinuxOptions.SPECS, Map.of()),
            CheckedLinux.provider());
    LoadedExperiment exp =
        new LoadedExperiment(base.file(), null, base.experiment(), List.of(v), base.spec());
    return new Checker(registry).replay(exp, List.of());
  }
}
