package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.vmcompare.linux.LinuxRuns.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;

/**
 * The model against the machine's own kernel (item 11): a C helper, compiled here, runs
 * micro-workloads and reports getrusage fault deltas, Rss deltas and mmap results;
 * configs/scenarios/linux/fidelity.yaml runs the same workloads on the model, and the figures must
 * be equal. Skipped, saying why, where there is no gcc or no /proc.
 */
final class FidelityTest {
  private static final Pattern ROLLUP_RSS = Pattern.compile("\\nRss:\\s+(\\d+) kB\\n");

  @TempDir static Path dir;

  /** Each workload's {minflt, majflt, rss kB, ok}, as the helper printed them. */
  private static Map<String, long[]> real;

  @BeforeAll
  static void runTheHelper() throws Exception {
    assumeThat(Files.isReadable(Path.of("/proc/self/smaps_rollup")))
        .as("skipped: this machine has no /proc/self/smaps_rollup (not Linux, or /proc missing)")
        .isTrue();
    Path source = dir.resolve("helper.c");
    try (InputStream in = FidelityTest.class.getResourceAsStream("/fidelity/helper.c")) {
      Files.copy(in, source);
    }
    Path binary = dir.resolve("helper");
    String compiled;
    try {
      compiled = run(List.of("gcc", "-O1", "-o", binary.toString(), source.toString()));
    } catch (IOException e) {
      compiled = null;
    }
    assumeThat(compiled)
        .as("skipped: gcc is not installed, so the helper cannot be built")
        .isNotNull();
    assumeThat(Files.isExecutable(binary)).as("skipped: gcc failed: %s", compiled).isTrue();
    // a disk filesystem (the build folder), not /tmp, which may be tmpfs
    Path scratch = Path.of("target", "fidelity.dat").toAbsolutePath();
    real = new LinkedHashMap<>();
    for (String line : run(List.of(binary.toString(), scratch.toString())).split("\n")) {
      String[] f = line.trim().split(" ");
      real.put(
          f[0],
          new long[] {
            Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])
          });
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return out.isEmpty() ? "exit " + p.exitValue() : out;
    }
    return out;
  }

  private static RunResult model() throws IOException {
    String yaml = Files.readString(LinuxRuns.SCENARIOS.resolve("fidelity.yaml"));
    long readahead = real.get("readahead")[0];
    assumeThat(readahead).as("skipped: read_ahead_kb of the build disk not found").isNotNegative();
    RunResult r =
        LinuxRuns.yaml(yaml.replace("readAheadKb: 8192", "readAheadKb: " + readahead)).get(0);
    assertThat(r.ok()).as(r.error()).isTrue();
    return r;
  }

  private static long rssKb(RunResult r, String workload) {
    ProcessSummary p = process(r, workload);
    Matcher m =
        ROLLUP_RSS.matcher(r.views().get(workload).get("proc/" + p.pid() + "/smaps_rollup"));
    assertThat(m.find()).as(workload).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void faultsAndRss_equalTheKernels_workloadByWorkload() throws IOException {
    RunResult r = model();
    for (String w :
        List.of(
            "write",
            "read",
            "read-then-write",
            "dontneed-read",
            "free-read-write",
            "file-warm",
            "file-private-write",
            "file-cold")) {
      long[] k = real.get(w);
      ProcessSummary p = process(r, w);
      assertThat(new long[] {p.minorFaults(), p.majorFaults(), rssKb(r, w)})
          .as("%s: model minflt, majflt, Rss kB against the kernel's", w)
          .containsExactly(k[0], k[1], k[2]);
    }
  }

  @Test
  void forkFaults_equalTheKernels() throws IOException {
    RunResult r = model();
    long[] before = real.get("fork-parent-before");
    long[] after = real.get("fork-parent-after");

    assertThat(process(r, "fork-child").minorFaults()).isEqualTo(real.get("fork-child")[0]);
    assertThat(process(r, "fork-parent").minorFaults()).isEqualTo(before[0] + after[0]);
    assertThat(process(r, "fork-parent").majorFaults()).isEqualTo(before[1] + after[1]);
  }

  @Test
  void mmapAboveRamAndSwap_failsOnBoth_halfOfItSucceedsOnBoth() {
    long[] info = real.get("meminfo");
    assumeThat(info[2]).as("skipped: vm.overcommit_memory is not 0 here").isZero();
    long totalKb = info[0];
    long swapKb = info[1];
    long limit = (totalKb + swapKb) * 1024;
    List<RunResult> runs =
        LinuxRuns.yaml(
            """
            name: mmap
            machine: {ram: %dKiB, kernel: 16MiB, swap: %dKiB}
            systems: [linux]
            processes:
              - name: above
                steps: [{allocate: {name: big, size: %dB}}]
              - name: half
                steps: [{allocate: {name: fits, size: %dB}}]
            """
                .formatted(totalKb + 16384, swapKb, limit + 4096, limit / 2 / 4096 * 4096));

    assertThat(runs.get(0).ok()).as(runs.get(0).error()).isTrue();
    assertThat(runs.get(0).counter("ops.failed.allocate"))
        .as("only the request above RAM + swap fails")
        .isEqualTo(
            (1 - real.get("mmap-above-ram-and-swap")[3])
                + (1 - real.get("mmap-half-of-ram-and-swap")[3]));
    assertThat(real.get("mmap-above-ram-and-swap")[3]).isZero();
  }
}
