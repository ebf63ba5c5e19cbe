package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmcompare.common.InputError;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;

/**
 * Every implemented personality on the class path holds every invariant on a fixed budget of random
 * experiments ({@link Budget}: 60 in {@code mvn verify}, 3,000 with {@code -Pdeep}).
 */
final class CheckerTest {
  private static final OsRegistry REGISTRY = OsRegistry.load();

  /**
   * Every implemented system but the engine tests' toy, a bump allocator that never frees a frame
   * by design (check finds that at once: frames still held after every process exited).
   */
  static Stream<String> implemented() {
    return new Checker(REGISTRY)
        .systems(List.of()).stream().map(OsModuleProvider::name).filter(n -> !n.equals("toy"));
  }

  @ParameterizedTest
  @MethodSource("implemented")
  void implementedSystem_fixedBudget_holdsEveryInvariant(String system) {
    long start = System.nanoTime();
    CheckReport report =
        new Checker(REGISTRY)
            .run(CheckOptions.of(Budget.tries(), 1).withSystems(List.of(system)), n -> {});
    System.out.printf(
        "check %s: %d tries, %d runs in %d ms%n",
        system, report.tries(), report.runs(), (System.nanoTime() - start) / 1_000_000);
    report.summary().forEach(System.out::println);

    assertThat(report.violation()).as(report.repro() == null ? "" : report.repro().yaml()).isNull();
    assertThat(report.tries()).isEqualTo(Budget.tries());
    assertThat(report.checked().get(Invariant.NO_PRESSURE_AGREEMENT)).containsKey(system);
  }

  @Test
  void sameSeed_twice_sameReport() {
    CheckOptions options = CheckOptions.of(8, 99).withSystems(List.of("textbook"));
    Checker checker = new Checker(REGISTRY);

    assertThat(checker.run(options, n -> {})).isEqualTo(checker.run(options, n -> {}));
  }

  @Test
  void sameSeed_oneThreadOrThree_sameReport() {
    CheckOptions options = CheckOptions.of(24, 5).withSystems(List.of("textbook"));
    Checker checker = new Checker(REGISTRY);

    assertThat(checker.run(options.withThreads(3), n -> {}))
        .isEqualTo(checker.run(options, n -> {}));
  }

  @Test
  void plantedFault_oneThreadOrThree_sameFailureAndRepro() {
    CheckOptions options =
        CheckOptions.of(200, 7)
            .withSystems(List.of("textbook"))
            .withFaults(List.of("lose-page-on-swap-in"));
    Checker checker = new Checker(REGISTRY);

    CheckReport one = checker.run(options, n -> {});
    CheckReport three = checker.run(options.withThreads(3), n -> {});

    assertThat(one.violation()).isNotNull();
    assertThat(three).isEqualTo(one);
    assertThat(three.repro().yaml()).isEqualTo(one.repro().yaml());
  }

  @Test
  void timeBudget_spent_stopsBeforeTheTries() {
    // long enough for a cold JVM's first try to end (the try under way at the limit is abandoned)
    CheckReport report =
        new Checker(REGISTRY)
            .run(
                CheckOptions.of(1_000_000, 3).withSystems(List.of("textbook")).withMaxMillis(1500),
                n -> {});

    assertThat(report.ok()).isTrue();
    assertThat(report.tries()).isBetween(1, 999_999);
  }

  @Test
  void checkedRun_pastItsDeadline_isAbandoned_neitherFailedNorCounted() {
    Checker checker = new Checker(REGISTRY);
    var exp = checker.load(new Generator(List.of(REGISTRY.get("textbook"))).generate(5));

    CheckedRun.Result late =
        CheckedRun.check(
            exp, 0, FaultInjection.NONE, true, () -> true, CheckedObserver.FILE_TIME_LIMIT_NS);
    CheckedRun.Result whole =
        CheckedRun.check(
            exp,
            0,
            FaultInjection.NONE,
            true,
            CheckedRun.NEVER,
            CheckedObserver.FILE_TIME_LIMIT_NS);

    assertThat(late.abandoned()).isTrue();
    assertThat(late.violation()).isNull();
    assertThat(late.checked()).isEmpty();
    assertThat(whole.abandoned()).isFalse();
    assertThat(whole.ok()).isTrue();
    assertThat(whole.checked()).contains(Invariant.DATA_INTEGRITY, Invariant.DETERMINISM);
  }

  @Test
  void unknownFault_isAnInputError_listingTheOnesOffered() {
    assertThatThrownBy(
            () ->
                new Checker(REGISTRY)
                    .run(
                        CheckOptions.of(1, 1)
                            .withSystems(List.of("textbook"))
                            .withFaults(List.of("no-such-fault")),
                        n -> {}))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("no-such-fault")
        .hasMessageContaining("stale-tlb-on-unmap");
  }

  @Test
  void beladyString_fifo_showsTheAnomaly() {
    var replayer = REGISTRY.get("textbook").traceReplayer().orElseThrow();

    assertThat(StackProperty.misses(replayer, "FIFO", 3, StackProperty.BELADY)).isEqualTo(9);
    assertThat(StackProperty.misses(replayer, "FIFO", 4, StackProperty.BELADY)).isEqualTo(10);
    assertThat(StackProperty.belady("textbook", replayer)).isNull();
  }
}
