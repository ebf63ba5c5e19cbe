package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmcompare.check.CheckOptions;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.check.Invariant;
import org.vmcompare.os.OsRegistry;

/**
 * {@code vmcompare check --systems macos}: random experiments in checked mode hold every invariant,
 * the page queues' audit included (docs/check.md), with the options the provider pins for the check
 * (killOnNoPagingSpace, as nobody answers the "out of application memory" dialog). {@code
 * -Dvmcompare.check.tries=N} runs more ({@code mvn verify -Pdeep}).
 */
final class MacosCheckTest {
  @Test
  void randomExperiments_holdEveryInvariant() {
    int tries = Integer.getInteger("vmcompare.check.tries", 60);
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(CheckOptions.of(tries, 42).withSystems(List.of("macos")), n -> {});

    assertThat(report.violation())
        .as(() -> report.repro() == null ? "" : report.repro().toString())
        .isNull();
    assertThat(report.tries()).isEqualTo(tries);
  }

  @Test
  void checkOptions_areThoseTheGeneratorWritesIntoEveryExperiment() {
    MacosModuleProvider p = new MacosModuleProvider();

    assertThat(p.checkOptions())
        .containsEntry("killOnNoPagingSpace", "true")
        .containsEntry("scaleToMachine", "true");
    assertThat(p.whyNotCheckable()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"decompress-to-zero", "cow-writes-backing-page"})
  void plantedFault_isCaught_andShrunk(String fault) {
    CheckReport report =
        new Checker(OsRegistry.load())
            .run(
                CheckOptions.of(300, 7).withSystems(List.of("macos")).withFaults(List.of(fault)),
                n -> {});

    assertThat(report.violation()).isNotNull();
    assertThat(report.violation().invariant()).isEqualTo(Invariant.DATA_INTEGRITY);
    assertThat(report.repro().steps()).isLessThanOrEqualTo(10);
  }
}
