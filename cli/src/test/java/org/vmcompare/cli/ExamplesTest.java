package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SweepPoint;
import org.vmcompare.workload.SystemVariant;

/**
 * Every bundled experiment (configs/examples/*.yaml, configs/reference.yaml, configs/default.yaml)
 * loads, and runs ok on every registered system that supports its steps, whatever systems the file
 * itself lists. A system that does not support a step yet is reported as a skipped test with its
 * reason, so the report shows at a glance which example runs where; the textbook baseline must run
 * every example whose steps it supports, so the suite cannot pass by running nothing.
 */
final class ExamplesTest {
  private static final Path CONFIGS = Path.of("../configs");
  private static final OsRegistry REGISTRY = OsRegistry.load();
  private static final String TEXTBOOK = "textbook";

  /**
   * Examples the textbook baseline supports today (private memory only). If one of these stops
   * loading as textbook-supported, the runs below would silently turn into skips; this list says
   * they must not.
   */
  private static final List<String> TEXTBOOK_EXAMPLES =
      List.of(
          "examples/allocate-touch.yaml",
          "examples/belady.yaml",
          "examples/native.yaml",
          "examples/protect.yaml",
          "examples/release.yaml",
          "examples/repeat.yaml",
          "examples/sampling.yaml",
          "examples/sleep.yaml",
          "examples/snapshot.yaml",
          "examples/sweep.yaml",
          "examples/trace-file.yaml",
          "examples/trace-inline.yaml",
          "examples/unmap.yaml",
          "default.yaml");

  /**
   * Examples a system supports every step of but cannot finish yet, because they need a part of it
   * that is not built. The run must end saying so, never with a result; when the part lands, this
   * check fails and the entry goes. None today.
   */
  private static final Map<String, Set<String>> NOT_BUILT_YET = Map.of();

  /** "file on system" pairs that ran, filled by the dynamic tests, checked after each file. */
  private static final Set<String> RAN = ConcurrentHashMap.newKeySet();

  /** System → how many examples it skipped, and the first reason, for the summary line. */
  private static final Map<String, Integer> SKIPPED = new ConcurrentSkipListMap<>();

  private static final Map<String, String> SKIP_REASON = new ConcurrentSkipListMap<>();

  /**
   * One line in the build's output saying what was skipped and why, so a reader of {@code mvn
   * verify} does not have to open the reports to learn that the skips are the models not built yet.
   */
  @AfterAll
  static void explainSkips() {
    if (SKIPPED.isEmpty()) {
      System.out.println("ExamplesTest: ran " + RAN.size() + " example-system pairs, skipped none");
      return;
    }
    StringBuilder sb =
        new StringBuilder("ExamplesTest: ran " + RAN.size() + " example-system pairs; skipped ");
    String sep = "";
    for (Map.Entry<String, Integer> e : SKIPPED.entrySet()) {
      sb.append(sep)
          .append(e.getValue())
          .append(" on ")
          .append(e.getKey())
          .append(" (e.g. ")
          .append(SKIP_REASON.get(e.getKey()))
          .append(')');
      sep = ", ";
    }
    System.out.println(sb.append(": a system is skipped where it cannot do a step yet"));
  }

  @TempDir Path dir;

  static List<Path> files() {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(CONFIGS.resolve("examples"))) {
      s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.add(CONFIGS.resolve("reference.yaml"));
    out.add(CONFIGS.resolve("default.yaml"));
    return out;
  }

  private static String name(Path file) {
    return CONFIGS.relativize(file).toString().replace('\\', '/');
  }

  private static LoadedExperiment load(Path file) {
    return new ExperimentLoader(REGISTRY).withoutSupportCheck().load(file);
  }

  /** Why {@code provider} cannot run some point of the experiment, or empty when it can. */
  private static Optional<String> unsupported(LoadedExperiment exp, OsModuleProvider provider) {
    for (SweepPoint p : exp.points()) {
      Optional<String> why = ExperimentLoader.unsupported(p.experiment(), provider);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  /** The experiment with its systems replaced by one variant of {@code provider}, defaults on. */
  private static LoadedExperiment onlyOn(LoadedExperiment exp, OsModuleProvider provider) {
    SystemVariant variant =
        new SystemVariant(
            provider.name(),
            provider.name(),
            SystemOptions.of(provider.name(), provider.options(), Map.of()),
            provider);
    List<SweepPoint> points = new ArrayList<>();
    for (SweepPoint p : exp.points()) {
      points.add(new SweepPoint(p.values(), p.experiment(), List.of(variant), p.spec()));
    }
    return new LoadedExperiment(exp.file(), exp.baseDir(), points);
  }

  @TestFactory
  Stream<DynamicNode> everyExample_runsOk_onEverySystemThatSupportsItsSteps() {
    List<Path> files = files();
    assertThat(files).as("files under %s", CONFIGS.toAbsolutePath()).hasSizeGreaterThan(20);
    return files.stream().map(ExamplesTest::container);
  }

  private static DynamicContainer container(Path file) {
    String name = name(file);
    List<DynamicNode> tests = new ArrayList<>();
    tests.add(
        DynamicTest.dynamicTest(
            name + " loads", () -> assertThat(load(file).points()).isNotEmpty()));
    for (OsModuleProvider provider : REGISTRY.providers()) {
      tests.add(
          DynamicTest.dynamicTest(name + " on " + provider.name(), () -> runOn(file, provider)));
    }
    tests.add(
        DynamicTest.dynamicTest(
            name + " ran on textbook if textbook supports its steps",
            () -> {
              OsModuleProvider textbook = REGISTRY.get(TEXTBOOK);
              if (unsupported(load(file), textbook).isEmpty()) {
                assertThat(RAN).contains(name + " on " + TEXTBOOK);
              }
            }));
    return DynamicContainer.dynamicContainer(name, tests);
  }

  private static void runOn(Path file, OsModuleProvider provider) {
    LoadedExperiment exp = load(file);
    Optional<String> why = unsupported(exp, provider);
    if (why.isPresent()) {
      SKIPPED.merge(provider.name(), 1, Integer::sum);
      SKIP_REASON.putIfAbsent(provider.name(), why.get());
    }
    assumeThat(why).as("%s cannot run %s yet: %s", provider.name(), name(file), why).isEmpty();

    LoadedExperiment one = onlyOn(exp, provider);
    if (NOT_BUILT_YET.getOrDefault(provider.name(), Set.of()).contains(name(file))) {
      RunResult r = ExperimentRunner.runOne(one, ExperimentRunner.plan(one, List.of(42L)).get(0));
      assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.UNSUPPORTED);
      assertThat(r.error()).contains("is not built yet");
      SKIPPED.merge(provider.name(), 1, Integer::sum);
      SKIP_REASON.putIfAbsent(provider.name(), r.error());
      assumeThat(r.ok())
          .as("%s cannot finish %s yet: %s", provider.name(), name(file), r.error())
          .isTrue();
    }
    List<RunPlan> plans = ExperimentRunner.plan(one, exp.experiment().seeds());
    assertThat(plans).hasSize(exp.points().size() * exp.experiment().seeds().size());
    for (RunPlan plan : plans) {
      RunResult r = ExperimentRunner.runOne(one, plan);
      assertThat(r.ok())
          .as(
              "%s on %s (seed %d, point %s): %s %s",
              name(file), provider.name(), plan.seed(), plan.point(), r.status(), r.error())
          .isTrue();
      assertThat(r.system()).isEqualTo(provider.name());
    }
    RAN.add(name(file) + " on " + provider.name());
  }

  @Test
  void textbook_supportsTheStepsOfTheExamplesItShouldRun() {
    OsModuleProvider textbook = REGISTRY.get(TEXTBOOK);
    List<String> supported = new ArrayList<>();
    for (Path file : files()) {
      if (unsupported(load(file), textbook).isEmpty()) {
        supported.add(name(file));
      }
    }

    assertThat(supported).containsAll(TEXTBOOK_EXAMPLES);
  }

  @Test
  void textbook_runsBelady_withTheTextbookCounts() {
    // A spot check that the runs above really ran something: FIFO with 3 and 4 frames.
    LoadedExperiment exp = load(CONFIGS.resolve("examples/belady.yaml"));
    List<RunPlan> plans = ExperimentRunner.plan(exp, exp.experiment().seeds());

    List<Long> faults = new ArrayList<>();
    for (RunPlan plan : plans) {
      RunResult r = ExperimentRunner.runOne(exp, plan);
      faults.add(r.counter("faults.minor") + r.counter("faults.major"));
    }

    assertThat(faults).containsExactly(9L, 10L, 10L, 8L);
  }

  @Test
  void stepNoListedSystemSupports_failsTheNormalLoad_atTheStepsLine() throws IOException {
    // drop-caches needs no earlier step, so the first system that cannot do it is named at it.
    OsModuleProvider provider = null;
    String reason = null;
    for (OsModuleProvider p : REGISTRY.providers()) {
      Optional<String> why = p.whyUnsupported(OpKind.DROP_CACHES);
      if (why.isPresent() && (reason == null || why.get().contains("not implemented yet"))) {
        provider = p;
        reason = why.get();
      }
    }
    assumeThat(provider).as("every system supports drop-caches").isNotNull();
    Path file = dir.resolve("unsupported.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "name: unsupported",
            "systems: [" + provider.name() + "]",
            "processes:",
            "  - name: p",
            "    steps:",
            "      - sleep: 1ms",
            "      - drop-caches",
            ""));

    InputError e =
        catchThrowableOfType(InputError.class, () -> new ExperimentLoader(REGISTRY).load(file));

    assertThat(e).as("the normal load refuses the file").isNotNull();
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.column()).isEqualTo(9);
    assertThat(e.key()).isEqualTo("processes[0].steps[1].drop-caches");
    assertThat(e.getMessage())
        .isEqualTo(
            file
                + ":7:9: processes[0].steps[1].drop-caches: "
                + reason
                + " (system '"
                + provider.name()
                + "')");
    if (!provider.name().equals(TEXTBOOK)) {
      assertThat(e.getMessage()).contains("not implemented yet on " + provider.name());
    }
    assertThat(load(file).points()).as("loads without the support check").hasSize(1);
  }
}
