package org.vmcompare.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class TraceRecordTest {
  @Test
  void of_readAndWrite_roundTripPageAndFlag() {
    long r = TraceRecord.of(12345, false);
    long w = TraceRecord.of(12345, true);
    assertThat(TraceRecord.page(r)).isEqualTo(12345);
    assertThat(TraceRecord.page(w)).isEqualTo(12345);
    assertThat(TraceRecord.isWrite(r)).isFalse();
    assertThat(TraceRecord.isWrite(w)).isTrue();
    assertThat(w).isEqualTo(12345 | (1L << 63));
    assertThat(TraceRecord.toString(w)).isEqualTo("W 12345");
  }

  @Test
  void of_largestPage_fitsIn63Bits() {
    long w = TraceRecord.of(TraceRecord.MAX_PAGE, true);
    assertThat(TraceRecord.page(w)).isEqualTo(Long.MAX_VALUE);
    assertThat(TraceRecord.isWrite(w)).isTrue();
  }

  @Test
  void of_negativePage_isRejected() {
    assertThatThrownBy(() -> TraceRecord.of(-1, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
