package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class RunCommandTest {
  @TempDir Path dir;

  /** Output of one CLI invocation. */
  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void noFile_runsTheBundledDefault_andPrintsOneColumnPerSystem() {
    Result r = run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("textbook-policies")
        .contains("FIFO")
        .contains("CLOCK")
        .contains("LRU")
        .contains("RANDOM")
        .contains("faults")
        .contains("minor (soft) faults")
        .contains("simulated time");
  }

  @Test
  void beladyExample_tableShowsNineAndTenFaults() {
    Result r = run("run", "../configs/examples/belady.yaml");

    assertThat(r.exit()).as(r.err()).isZero();
    String faults = r.out().lines().filter(l -> l.startsWith("faults ")).findFirst().orElseThrow();
    assertThat(faults.trim().split("\\s+")).containsExactly("faults", "9", "10", "10", "8");
  }

  @Test
  void out_writesResultsJsonAndCsv_identicalForTheSameSeed() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertThat(run("run", "../configs/default.yaml", "--out", a.toString()).exit()).isZero();
    assertThat(
            run("run", "../configs/default.yaml", "--out", b.toString(), "--threads", "1").exit())
        .isZero();

    String json = Files.readString(a.resolve("results.json"));
    assertThat(json).contains("\"schema\" : \"vmcompare.results/2\"").contains("\"faults.minor\"");
    assertThat(Files.readString(b.resolve("results.json"))).isEqualTo(json);
    assertThat(Files.readString(a.resolve("results.csv")))
        .startsWith("experiment,label,system,seed,status,process,pid,metric,unit,value\n");
    assertThat(Files.readString(b.resolve("report.md")))
        .isEqualTo(Files.readString(a.resolve("report.md")));
    assertThat(a.resolve("report.html")).isNotEmptyFile();
    assertThat(a.resolve("charts/faults-by-kind.png")).isNotEmptyFile();
    assertThat(a.resolve("charts/resident.png")).isNotEmptyFile();
  }

  @Test
  void systemsAndSeeds_selectRuns() {
    Result r =
        run(
            "run",
            "../configs/examples/belady.yaml",
            "--systems",
            "FIFO 4 frames",
            "--seeds",
            "2",
            "--format",
            "csv");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.contains(",,,faults,")))
        .containsExactly(
            "belady,FIFO 4 frames,textbook,42,ok,,,faults,count,10",
            "belady,FIFO 4 frames,textbook,43,ok,,,faults,count,10");
  }

  @Test
  void unknownSystemFilter_isOneLineAndExitTwo() {
    Result r = run("run", "../configs/examples/belady.yaml", "--systems", "bsd");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--systems: 'bsd' is neither a system of")
        .contains("FIFO 3 frames")
        .contains("known systems: linux, macos, textbook, windows");
  }

  @Test
  void malformedYaml_isOneLine_exitTwo_andNothingWritten() throws Exception {
    Path bad = write("bad.yaml", "name: x\nsystems: [os: textbook\n");
    Path out = dir.resolve("out");

    Result r = run("run", bad.toString(), "--out", out.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("vmcompare: " + bad + ":")
        .contains("malformed YAML");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  @Test
  void stepASystemCannotDo_isReportedAtTheStep_beforeRunning() throws Exception {
    Path exp =
        write(
            "w.yaml",
            """
        name: w
        systems: [windows, textbook]
        processes:
          - name: p
            steps:
              - allocate: {name: heap, size: 1MiB}
              - drop-caches
        """);

    Result r = run("run", exp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "vmcompare: "
                + exp
                + ":7:9: processes[0].steps[1].drop-caches: unsupported on textbook: drop-caches"
                + " (the baseline pages private memory only) (system 'textbook')");
  }

  @Test
  void unknownSystem_listsEveryRegisteredOne() throws Exception {
    Path exp =
        write(
            "u.yaml",
            """
        name: u
        systems: [{os: linx}]
        processes: [{name: p, steps: [exit]}]
        """);

    Result r = run("run", exp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(":2:")
        .contains("did you mean 'linux'?")
        .contains("known: linux, macos, textbook, windows");
  }

  @Test
  void badArgument_isOneLineAndExitTwo() {
    Result r = run("run", "--seeds", "many");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--seeds")
        .contains("vmcompare run --help");
  }

  @Test
  void list_showsSystemsPoliciesPatternsAndFormats() {
    Result r = run("list");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("linux")
        .contains("windows")
        .contains("macos")
        .contains("textbook")
        .contains("FIFO, LRU, CLOCK, OPT, RANDOM")
        .contains("zipf:S")
        .contains("lackey");
  }

  @Test
  void systemsFilter_appliesBeforeTheSupportCheck() {
    Result r = run("run", "../configs/examples/release.yaml", "--systems", "textbook");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("textbook").doesNotContain("windows");
  }

  @Test
  void malformedTraceLine_isOneLineWithItsLineNumber_exitTwo_nothingWritten() throws Exception {
    write("bad.pages", "1\n2\nthree\n4\n");
    Path exp =
        write(
            "t.yaml",
            """
        name: t
        systems: [textbook]
        processes:
          - name: p
            steps:
              - trace: {file: bad.pages, format: pages}
        """);
    Path out = dir.resolve("out");

    Result r = run("run", exp.toString(), "--out", out.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("vmcompare: " + dir.resolve("bad.pages") + ":3:");
    assertThat(out).doesNotExist();
  }

  @Test
  void skipUnsupported_runsTheSystemsThatCan_marksTheOthers_andExitsZero() {
    Result r =
        run(
            "run",
            "../configs/examples/offer-reclaim.yaml",
            "--systems",
            "LINUX,textbook",
            "--skip-unsupported");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("offers lost")
        .contains("textbook (seed 42): skipped: ../configs/examples/offer-reclaim.yaml:");
  }

  @Test
  void withoutSkipUnsupported_aSystemAddedByName_thatCannotDoAStep_isRefusedBeforeRunning()
      throws Exception {
    Path exp =
        write(
            "r.yaml",
            """
        name: r
        systems: [textbook]
        processes:
          - name: p
            steps:
              - allocate: {name: heap, size: 1MiB}
              - native: {os: macos, call: mlock, args: {region: heap}, others: skip}
        """);

    Result r = run("run", exp.toString(), "--systems", "macos");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "vmcompare: "
                + exp
                + ":7:9: processes[0].steps[1].native.call: not implemented yet on macos:"
                + " native macos.mlock (system 'macos')\n");
  }
}
