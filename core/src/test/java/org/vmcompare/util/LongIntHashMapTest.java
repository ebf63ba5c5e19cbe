package org.vmcompare.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class LongIntHashMapTest {
  @Test
  void get_absentKey_returnsMissingValue() {
    LongIntHashMap m = new LongIntHashMap(4);
    assertThat(m.get(42)).isEqualTo(-1);
    assertThat(new LongIntHashMap(4, Integer.MIN_VALUE).get(42)).isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void put_thenGet_returnsValueAndPreviousValue() {
    LongIntHashMap m = new LongIntHashMap(4);
    assertThat(m.put(7, 70)).isEqualTo(-1);
    assertThat(m.put(7, 71)).isEqualTo(70);
    assertThat(m.get(7)).isEqualTo(71);
    assertThat(m.size()).isEqualTo(1);
  }

  @Test
  void zeroAndExtremeKeys_areOrdinaryKeys() {
    LongIntHashMap m = new LongIntHashMap(4);
    m.put(0, 1);
    m.put(Long.MIN_VALUE, 2);
    m.put(Long.MAX_VALUE, 3);
    m.put(-1, 4);
    assertThat(m.get(0)).isEqualTo(1);
    assertThat(m.get(Long.MIN_VALUE)).isEqualTo(2);
    assertThat(m.get(Long.MAX_VALUE)).isEqualTo(3);
    assertThat(m.get(-1)).isEqualTo(4);
    assertThat(m.size()).isEqualTo(4);
    assertThat(m.remove(0)).isEqualTo(1);
    assertThat(m.containsKey(0)).isFalse();
    assertThat(m.size()).isEqualTo(3);
  }

  @Test
  void removeInsideProbeRun_keepsLaterKeysReachable() {
    // Keys that all hash into a small table collide; deleting from the middle of a run must
    // shift the rest back so every remaining key is still found.
    LongIntHashMap m = new LongIntHashMap(8);
    for (long k = 1; k <= 8; k++) {
      m.put(k * 16, (int) k);
    }
    m.remove(3 * 16);
    m.remove(5 * 16);
    for (long k = 1; k <= 8; k++) {
      assertThat(m.get(k * 16)).isEqualTo(k == 3 || k == 5 ? -1 : (int) k);
    }
  }

  @Test
  void randomOperations_agreeWithHashMap() {
    SplittableRandom rnd = new SplittableRandom(1);
    LongIntHashMap m = new LongIntHashMap(16);
    Map<Long, Integer> ref = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      long key = rnd.nextInt(3000) - 100; // includes 0 and negatives
      int op = rnd.nextInt(3);
      if (op == 0) {
        int v = rnd.nextInt(1_000_000);
        Integer prev = ref.put(key, v);
        assertThat(m.put(key, v)).isEqualTo(prev == null ? -1 : prev);
      } else if (op == 1) {
        Integer prev = ref.remove(key);
        assertThat(m.remove(key)).isEqualTo(prev == null ? -1 : prev);
      } else {
        Integer v = ref.get(key);
        assertThat(m.get(key)).isEqualTo(v == null ? -1 : v);
      }
      assertThat(m.size()).isEqualTo(ref.size());
    }
    for (Map.Entry<Long, Integer> e : ref.entrySet()) {
      assertThat(m.get(e.getKey())).isEqualTo(e.getValue());
    }
  }

  @Test
  void growBeyondExpected_keepsEveryEntry() {
    LongIntHashMap m = new LongIntHashMap(2);
    for (int i = 0; i < 10_000; i++) {
      m.put(i * 7919L, i);
    }
    assertThat(m.size()).isEqualTo(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(m.get(i * 7919L)).isEqualTo(i);
    }
  }

  @Test
  void clear_removesEverything() {
    LongIntHashMap m = new LongIntHashMap(4);
    m.put(0, 1);
    m.put(5, 2);
    m.clear();
    assertThat(m.isEmpty()).isTrue();
    assertThat(m.get(0)).isEqualTo(-1);
    assertThat(m.get(5)).isEqualTo(-1);
  }

  @Test
  void negativeExpectedSize_isRejected() {
    assertThatThrownBy(() -> new LongIntHashMap(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
