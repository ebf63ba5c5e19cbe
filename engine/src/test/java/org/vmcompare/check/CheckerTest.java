package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.os.OsRegistry;

final class CheckerTest {
  @Test
  void textbook_fixedBudget_holdsEveryInvariant() {
    long start = System.nanoTime();
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(CheckOptions.of(Budget.tries(), 1).withSystems(List.of("textbook")), n -> {});
    System.out.println(
        "check: "
            + report.tries()
            + " tries, "
            + report.runs()
            + " runs in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms");
    report.summary().forEach(System.out::println);
    if (report.repro() != null) {
      System.out.println(report.repro().yaml());
    }
    assertThat(report.violation()).isNull();
    assertThat(report.tries()).isEqualTo(Budget.tries());
  }
}
