package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.check.CheckOptions;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.check.Invariant;
import org.vmcompare.os.OsRegistry;

/**
 * {@code vmcompare check --systems windows}: random experiments in checked mode hold every
 * invariant, the model's frame audit included (docs/check.md). {@code -Dvmcompare.check.tries=N}
 * runs more ({@code mvn verify -Pdeep}).
 */
final class CheckTest {
  @Test
  void randomExperiments_holdEveryInvariant() {
    int tries = Integer.getInteger("vmcompare.check.tries", 60);
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(CheckOptions.of(tries, 42).withSystems(List.of("windows")), n -> {});

    assertThat(report.violation())
        .as(() -> report.repro() == null ? "" : report.repro().toString())
        .isNull();
    assertThat(report.tries()).isEqualTo(tries);
  }

  @ParameterizedTest
  @CsvSource({
    // read-file steps now in the mix: the audit sees the lost frames before they starve a fault
    "lose-trimmed-page, FRAME_CONSERVATION",
    "repurpose-without-copy, DATA_INTEGRITY",
  })
  void plantedFault_isCaught_andShrunk(String fault, Invariant invariant) {
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(
                CheckOptions.of(300, 7).withSystems(List.of("windows")).withFaults(List.of(fault)),
                n -> {});

    assertThat(report.violation()).isNotNull();
    assertThat(report.violation().invariant()).isEqualTo(invariant);
    assertThat(report.repro().steps()).isLessThanOrEqualTo(10);
  }
}
