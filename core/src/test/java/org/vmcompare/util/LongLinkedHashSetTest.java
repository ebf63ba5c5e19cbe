package org.vmcompare.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class LongLinkedHashSetTest {
  @Test
  void addLast_keepsInsertionOrder() {
    LongLinkedHashSet s = new LongLinkedHashSet(4);
    s.addLast(5);
    s.addLast(0);
    s.addLast(9);
    assertThat(s.toArray()).containsExactly(5, 0, 9);
    assertThat(s.first()).isEqualTo(5);
    assertThat(s.last()).isEqualTo(9);
  }

  @Test
  void moveToLast_reordersLikeLru() {
    LongLinkedHashSet s = new LongLinkedHashSet(4);
    s.addLast(1);
    s.addLast(2);
    s.addLast(3);
    s.moveToLast(s.indexOf(1));
    assertThat(s.toArray()).containsExactly(2, 3, 1);
    assertThat(s.removeFirst()).isEqualTo(2);
    assertThat(s.toArray()).containsExactly(3, 1);
  }

  @Test
  void addLast_duplicate_isRejected() {
    LongLinkedHashSet s = new LongLinkedHashSet(4);
    s.addLast(1);
    assertThatThrownBy(() -> s.addLast(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void negativeKey_isRejected() {
    LongLinkedHashSet s = new LongLinkedHashSet(4);
    assertThatThrownBy(() -> s.addLast(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void removeFirst_empty_throws() {
    assertThatThrownBy(() -> new LongLinkedHashSet(1).removeFirst())
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void randomLruOperations_agreeWithLinkedHashSet() {
    // A small table with many collisions exercises backward-shift deletion, which moves entries
    // and must repoint their list neighbours.
    SplittableRandom rnd = new SplittableRandom(5);
    LongLinkedHashSet s = new LongLinkedHashSet(8);
    LinkedHashSet<Long> ref = new LinkedHashSet<>();
    for (int i = 0; i < 200_000; i++) {
      long key = rnd.nextInt(40) * 64L + (rnd.nextBoolean() ? 0 : Long.MAX_VALUE - 5000);
      int op = rnd.nextInt(4);
      if (op == 0 && !ref.isEmpty()) {
        Iterator<Long> it = ref.iterator();
        long first = it.next();
        it.remove();
        assertThat(s.removeFirst()).isEqualTo(first);
      } else if (op == 1) {
        assertThat(s.remove(key)).isEqualTo(ref.remove(key));
      } else {
        int e = s.indexOf(key);
        assertThat(e >= 0).isEqualTo(ref.contains(key));
        if (e >= 0) {
          assertThat(s.keyAt(e)).isEqualTo(key);
          s.moveToLast(e);
          ref.remove(key);
        } else {
          s.addLast(key);
        }
        ref.add(key);
      }
      assertThat(s.size()).isEqualTo(ref.size());
      if (i % 1000 == 0) {
        assertThat(s.toArray()).containsExactly(ref.stream().mapToLong(Long::longValue).toArray());
      }
    }
    assertThat(s.toArray()).containsExactly(ref.stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void growBeyondExpected_keepsOrder() {
    LongLinkedHashSet s = new LongLinkedHashSet(1);
    for (long k = 1000; k > 0; k--) {
      s.addLast(k);
    }
    assertThat(s.size()).isEqualTo(1000);
    long[] keys = s.toArray();
    for (int i = 0; i < 1000; i++) {
      assertThat(keys[i]).isEqualTo(1000 - i);
    }
  }
}
