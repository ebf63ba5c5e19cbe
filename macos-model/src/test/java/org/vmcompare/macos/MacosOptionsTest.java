package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.common.InputError;

/**
 * The macOS options at their SEMANTICS.md defaults; bad input names its key; what the model has not
 * built yet is refused before the run, saying so, never run as something else.
 */
final class MacosOptionsTest {
  @Test
  void defaults_areXnusAliasing_onDesktopMacos() {
    MacosOptions o = MacosOptions.defaults();

    assertThat(o.aliasing()).isEqualTo(MacosOptions.Aliasing.XNU);
    assertThat(o.platform()).isEqualTo(MacosOptions.Platform.MACOS);
    assertThat(o.killOnNoPagingSpace()).isFalse();
    assertThat(o.freePagesMin()).isEqualTo(3500);
    assertThat(o.freePagesTarget()).isEqualTo(4000);
    assertThat(o.scaleToMachine()).isTrue();
    assertThat(o.inactiveTargetPercent()).isEqualTo(50);
    assertThat(o.speculativeTargetPercent()).isEqualTo(5);
    assertThat(o.speculativeBinMs()).isEqualTo(500);
    assertThat(o.reactivateLimit()).isEqualTo(20_000);
    assertThat(o.fileReadAhead()).isZero();
    assertThat(o.compressorSegment()).isEqualTo("auto");
    assertThat(o.swapfileBytes()).isEqualTo(1L << 30);
    assertThat(o.swapThresholdPercent()).isEqualTo(40);
    assertThat(o.compressionLimit()).isZero();
  }

  @Test
  void compressorSegment_auto_is64KiBOnAppleSilicon_and256KiBOnIntel() {
    assertThat(Compressor.segmentBytes("auto", 16 << 10)).isEqualTo(64 << 10);
    assertThat(Compressor.segmentBytes("auto", 4 << 10)).isEqualTo(256 << 10);
    assertThat(Compressor.segmentBytes("64KiB", 4 << 10)).isEqualTo(64 << 10);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'systems: [{os: macos, options: {aliasing: exclusive}}]'"
            + " | systems[0].options.aliasing: ",
        "'systems: [{os: macos, options: {platform: watchos}}]'"
            + " | systems[0].options.platform: ",
        "'systems: [{os: macos, options: {compressor: off}}]'"
            + " | systems[0].options.compressor: unknown option 'compressor'",
        "'systems: [{os: macos, options: {freePagesMin: 100, freePagesTarget: 100}}]'"
            + " | freePagesTarget: 100 must be above freePagesMin (100)",
        "'systems: [{os: macos, options: {compressorSegment: 1MiB}}]'"
            + " | systems[0].options.compressorSegment: ",
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

    assertThatThrownBy(() -> MacosRuns.yaml(yaml))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(message);
  }

  @Test
  void unknownJetsamBandName_failsAtLoad_namingTheKeyAndTheBands() {
    String yaml =
        """
        name: bad-band
        systems: [{os: macos, options: {platform: ios}}]
        processes:
          - name: app
            jetsamBand: forground
            steps: [exit]
        """;

    assertThatThrownBy(() -> MacosRuns.yaml(yaml))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith(
            "test.yaml:5:5: processes[0].jetsamBand: 'forground' is neither a whole number in"
                + " 0..210 nor a name (did you mean 'foreground'?); names: idle (0), aging (10),"
                + " background (30), mail (40), freezer (75), foreground (100)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'- native: {os: macos, call: mlock}'"
            + " | native.call: not implemented yet on macos: native macos.mlock",
      })
  void stepTheModelHasNotBuilt_isRefusedAtLoad_sayingWhy(String step, String message) {
    String yaml =
        """
        name: refused
        systems: [macos]
        processes:
          - name: app
            steps:
              - allocate: {name: heap, size: 4pages}
              %s
        """
            .formatted(step);

    assertThatThrownBy(() -> MacosRuns.yaml(yaml))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(message);
  }
}
