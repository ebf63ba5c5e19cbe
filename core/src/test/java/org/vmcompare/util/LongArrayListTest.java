package org.vmcompare.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class LongArrayListTest {
  @Test
  void addAndAddAll_growAndKeepOrder() {
    LongArrayList l = new LongArrayList(0);
    for (long i = 0; i < 100; i++) {
      l.add(i);
    }
    l.addAll(new long[] {-1, -2, -3, -4}, 1, 2);
    assertThat(l.size()).isEqualTo(102);
    assertThat(l.get(99)).isEqualTo(99);
    assertThat(l.toArray()).hasSize(102).endsWith(-2, -3);
  }

  @Test
  void get_outOfRange_throws() {
    LongArrayList l = new LongArrayList();
    l.add(1);
    assertThatThrownBy(() -> l.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void clear_emptiesButKeepsWorking() {
    LongArrayList l = new LongArrayList();
    l.add(1);
    l.clear();
    l.add(2);
    assertThat(l.toArray()).containsExactly(2);
  }
}
