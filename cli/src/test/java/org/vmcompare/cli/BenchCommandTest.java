package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.cli.SpeedBench.Kind;
import org.vmcompare.cli.SpeedBench.Sizes;
import org.vmcompare.common.InputError;

/**
 * {@code vmcompare bench} at small sizes: what it measures and prints, never how fast (speed is the
 * benchmark's to report, not a unit test's to assert).
 */
final class BenchCommandTest {
  private static final String[] SMALL = {
    "--refs", "20k", "--pages", "4k", "--rounds", "2", "--warmup", "1"
  };

  private static String[] args(String... more) {
    List<String> all = new ArrayList<>(List.of(SMALL));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void json_smallSizes_everyBenchmarkMeasured_withNoTargetButTheTlbLoops() throws Exception {
    CliRun run = CliRun.of(new BenchCommand(), args("--format", "json"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.get("refs").asLong()).isEqualTo(20_000);
    assertThat(root.get("frames").asLong()).isEqualTo(1_024);
    JsonNode list = root.get("benchmarks");
    assertThat(list).hasSize(4);
    List<String> names = new ArrayList<>();
    for (JsonNode b : list) {
      names.add(b.get("name").asText());
      int rates = b.get("name").asText().equals("tlb") ? 8 : 2;
      assertThat(b.get("rates")).hasSize(rates);
      for (JsonNode r : b.get("rates")) {
        assertThat(r.asDouble()).isPositive();
      }
      assertThat(b.get("q1").asDouble()).isLessThanOrEqualTo(b.get("median").asDouble());
      assertThat(b.get("median").asDouble()).isLessThanOrEqualTo(b.get("q3").asDouble());
      assertThat(b.get("q3").asDouble()).isLessThanOrEqualTo(b.get("best").asDouble());
      if (b.get("name").asText().equals("tlb")) {
        assertThat(b.get("target").asDouble()).isEqualTo(50e6);
        assertThat(b.get("faults").isNull()).isTrue();
      } else {
        assertThat(b.get("target").isNull()).as("no target off the default sizes").isTrue();
        assertThat(b.get("met").isNull()).isTrue();
        assertThat(b.get("faults").asLong()).as("the trace faults under pressure").isPositive();
      }
    }
    assertThat(names).containsExactly("tlb", "clock", "windows", "macos");
  }

  @Test
  void memory_inAJvmOfItsOwn_reportsBytesPerResidentPage_forWindowsAndMacos() throws Exception {
    CliRun run =
        CliRun.of(
            new BenchCommand(),
            "--only",
            "tlb",
            "--memory",
            "--refs",
            "20k",
            "--pages",
            "4k",
            "--rounds",
            "1",
            "--format",
            "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode memory = new ObjectMapper().readTree(run.out()).get("memory");
    assertThat(memory).hasSize(2);
    assertThat(memory.get(0).get("system").asText()).isEqualTo("windows");
    assertThat(memory.get(1).get("system").asText()).isEqualTo("macos");
    for (JsonNode m : memory) {
      // RAM for 1,024 frames less the kernel's 128: 672 pages read, every one resident
      assertThat(m.get("framesInUse").asLong()).isBetween(672L, 896L);
      assertThat(m.get("bytesPerPage").asDouble()).isPositive();
      assertThat(m.get("coreBytesPerPage").asDouble())
          .isPositive()
          .isLessThan(m.get("bytesPerPage").asDouble());
      assertThat(m.get("target").isNull()).as("no target off the default sizes").isTrue();
    }
  }

  @Test
  void experiments_areTheRunsVmcompareRunMakes_sameFaults(@TempDir Path dir) throws Exception {
    Sizes sizes = new Sizes(20_000, 4_000, 42);
    SpeedBench bench = new SpeedBench();
    bench.writeTrace(dir, sizes);
    long benchFaults = bench.experiment(Kind.CLOCK, dir, sizes, 0, 1).faults();
    Path yaml = dir.resolve("again.yaml");
    Files.writeString(yaml, SpeedBench.yaml(Kind.CLOCK, sizes));

    CliRun run = CliRun.of(new RunCommand(), yaml.toString(), "--format", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode counters = new ObjectMapper().readTree(run.out()).get("runs").get(0).get("counters");
    long faults = counters.get("faults.minor").asLong() + counters.get("faults.major").asLong();
    assertThat(benchFaults).isEqualTo(faults).isPositive();
  }

  @Test
  void yaml_defaultSizes_isTheExperimentOfDocsPerformance() {
    Sizes sizes = new Sizes(10_000_000, 1_000_000, 42);

    assertThat(sizes.isDefault()).isTrue();
    assertThat(SpeedBench.yaml(Kind.CLOCK, sizes))
        .contains("ram: 307200pages, swap: 2097152pages") // 1200 MiB and 8 GiB
        .contains("policy: CLOCK, frames: 262144");
    assertThat(SpeedBench.yaml(Kind.WINDOWS, sizes))
        .contains("ram: 262144pages, swap: 2097152pages") // 1 GiB and 8 GiB
        .contains("workingSetMax: 262144pages");
    assertThat(SpeedBench.yaml(Kind.MACOS, sizes))
        .contains("ram: 262144pages, swap: 2097152pages")
        .contains("{os: macos}");
  }

  @Test
  void table_onlyOne_printsItsRowAndTheEnvironment() {
    CliRun run = CliRun.of(new BenchCommand(), args("--only", "clock"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("textbook CLOCK, zipf (issue 7)")
        .contains("no target at these sizes")
        .contains("Java " + System.getProperty("java.version"))
        .doesNotContain("TLB-hit loop")
        .doesNotContain("Windows model");
  }

  @Test
  void unknownBenchmark_isBadInput_listingTheValidNames() {
    assertThatThrownBy(() -> CliRun.call(new BenchCommand(), "--only", "clock,solaris"))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("--only")
        .hasMessageContaining("'solaris'")
        .hasMessageContaining("tlb, clock, windows, macos");
  }

  @Test
  void badCounts_areBadInput_namingTheOption() {
    assertThatThrownBy(() -> CliRun.call(new BenchCommand(), "--rounds", "0"))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("--rounds");
    assertThatThrownBy(() -> CliRun.call(new BenchCommand(), "--warmup", "-1"))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("--warmup");
    assertThatThrownBy(() -> CliRun.call(new BenchCommand(), "--pages", "10"))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("--pages");
    assertThatThrownBy(() -> CliRun.call(new BenchCommand(), "--refs", "lots"))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("--refs");
    assertThatThrownBy(() -> CliRun.call(new BenchCommand(), "--format", "xml"))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("--format");
  }

  @Test
  void quantiles_interpolateBetweenSortedRates() {
    double[] rates = {4, 1, 3, 2};

    assertThat(BenchReport.median(rates)).isEqualTo(2.5);
    assertThat(BenchReport.quantile(rates, 0.25)).isEqualTo(1.75);
    assertThat(BenchReport.quantile(rates, 0.75)).isEqualTo(3.25);
    assertThat(BenchReport.quantile(new double[] {7}, 0.25)).isEqualTo(7);
    assertThat(BenchReport.rate(47_812_345)).isEqualTo("47.8M");
    assertThat(BenchReport.rate(9_614_000)).isEqualTo("9.61M");
    assertThat(BenchReport.rate(812_400)).isEqualTo("812k");
  }

  @Test
  void requireTargets_belowTarget_exitsOne() {
    BenchReport below =
        new BenchReport(
            new Sizes(10_000_000, 1_000_000, 42),
            2,
            1,
            true,
            List.of(new SpeedBench.Measured(Kind.CLOCK, new double[] {9.9e6}, 1)));
    BenchReport met =
        new BenchReport(
            new Sizes(10_000_000, 1_000_000, 42),
            2,
            1,
            true,
            List.of(new SpeedBench.Measured(Kind.CLOCK, new double[] {10e6}, 1)));
    BenchReport noTarget =
        new BenchReport(
            new Sizes(20_000, 4_000, 42),
            2,
            1,
            true,
            List.of(new SpeedBench.Measured(Kind.CLOCK, new double[] {1}, 1)));

    assertThat(below.anyBelowTarget()).isTrue();
    assertThat(met.anyBelowTarget()).isFalse();
    assertThat(noTarget.anyBelowTarget()).isFalse();
    assertThat(below.table()).contains("below target");
    assertThat(met.table()).contains(" met");
  }
}
