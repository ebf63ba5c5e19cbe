package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.common.InputError;

/** Every WRK number of SEMANTICS.md is an option at its figure; bad input names its key. */
final class WindowsOptionsTest {
  @Test
  void defaults_areTheWrksNumbers() {
    WindowsOptions o = WindowsOptions.defaults();

    assertThat(o.wakeAvailablePages()).isEqualTo(26);
    assertThat(o.plentyFreePages()).isEqualTo(800);
    assertThat(o.trimGoalPages()).isEqualTo(1200);
    assertThat(o.enormousFreePages()).isEqualTo(20000);
    assertThat(o.agingMaxEntries()).isEqualTo(8192);
    assertThat(o.maxAge()).isEqualTo(3);
    assertThat(o.growthCheckAvailablePages()).isEqualTo(10000);
    assertThat(o.lastPassAvailablePages()).isEqualTo(192);
    assertThat(o.faultWaitAvailablePages()).isEqualTo(128);
    assertThat(o.modifiedWriteThreshold()).isEqualTo(800);
    assertThat(o.modifiedLowThreshold()).isEqualTo(16);
    assertThat(o.modifiedLowAvailable()).isEqualTo(256);
    assertThat(o.writeClusterPages()).isEqualTo(16);
    assertThat(o.zeroThreadMinFree()).isEqualTo(8);
    assertThat(o.commitReservePages()).isEqualTo(1024);
    assertThat(o.commitChargeReservePages()).isEqualTo(1280);
    assertThat(o.pagefileGrowthPages()).isEqualTo(4096);
    assertThat(o.extendAtPercent()).isEqualTo(90);
    assertThat(o.extendToPercent()).isEqualTo(85);
    assertThat(o.balanceSetPeriodMs()).isEqualTo(1000);
    assertThat(o.scaleToMachine()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'systems: [{os: windows, options: {maxAge: 9}}]'"
            + " | systems[0].options.maxAge: 9 is out of range 3..7",
        "'systems: [{os: windows, options: {trimGoalPages: 10}}]'"
            + " | trimGoalPages: 10 is below plentyFreePages (800)",
        "'systems: [{os: windows, options: {extendToPercent: 95}}]'"
            + " | extendToPercent: 95 is above extendAtPercent (90)",
        "'systems: [{os: windows, options: {plentyFree: 10}}]'"
            + " | systems[0].options.plentyFree: unknown option 'plentyFree'",
      })
  void badOption_failsAtLoad_namingTheKey(String systems, String message) {
    String yaml =
        """
        name: bad
        %s
        processes:
          - name: app
            steps: [exit]
        """
            .formatted(systems);

    assertThatThrownBy(() -> WindowsRuns.yaml(yaml))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'- native: {os: windows, call: Trim}'"
            + " | native.call: unsupported on windows: native windows.Trim",
      })
  void stepTheModelHasNotBuilt_isRefusedAtLoad_sayingWhy(String step, String message) {
    String yaml =
        """
        name: refused
        systems: [windows]
        processes:
          - name: app
            steps:
              - allocate: {name: heap, size: 4pages}
              %s
        """
            .formatted(step);

    assertThatThrownBy(() -> WindowsRuns.yaml(yaml))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(message);
  }
}
