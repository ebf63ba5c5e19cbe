package org.vmcompare.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class BackingStoreTest {
  @Test
  void allocate_lowestSlotFirst_untilFull() {
    BackingStore s = new BackingStore("swap", 2, 2);

    assertThat(s.allocate()).isZero();
    assertThat(s.allocate()).isEqualTo(1);
    assertThat(s.allocate()).isEqualTo(-1);
    assertThat(s.used()).isEqualTo(2);
  }

  @Test
  void writeThenRead_returnsTheToken() {
    BackingStore s = new BackingStore("swap", 4, 4);
    int slot = s.allocate();
    s.write(slot, 1234L);

    assertThat(s.read(slot)).isEqualTo(1234L);
    assertThat(s.writes()).isEqualTo(1);
    assertThat(s.reads()).isEqualTo(1);
  }

  @Test
  void writeThenRead_anyToken_roundTripsAllSixtyFourBits_besideItsNeighbours() {
    BackingStore s = new BackingStore("swap", 8192, 8192);
    long[] tokens = {-1L, Long.MIN_VALUE, 0x8000_0000L, 0xFFFF_FFFFL, 0x1234_5678_9ABC_DEF0L};
    int[] slots = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      for (int skip = 0; skip < 1000; skip++) {
        s.allocate(); // spread the slots over both chunks
      }
      slots[i] = s.allocate();
      s.write(slots[i], tokens[i]);
    }

    for (int i = 0; i < tokens.length; i++) {
      assertThat(s.read(slots[i])).isEqualTo(tokens[i]);
      assertThat(s.refs(slots[i])).isEqualTo(1);
    }
    s.release(slots[2]);
    assertThat(s.refs(slots[2])).isZero();
    assertThat(s.read(slots[3])).isEqualTo(tokens[3]);
    assertThatThrownBy(() -> s.read(slots[2]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("slot " + slots[2] + " is not in use");
  }

  @Test
  void hint_anySlot_readsNothingCountedAndChangesNothing() {
    BackingStore s = new BackingStore("pagefile", 8, 8);
    int slot = s.allocate();
    s.write(slot, 40L);
    int released = s.allocate();
    s.release(released);

    assertThat(s.hint(slot)).isEqualTo(41L); // the token and the one reference
    assertThat(s.hint(released)).isZero();
    assertThat(s.hint(-1)).isZero();
    assertThat(s.hint(7)).isZero(); // never handed out: no chunk to read
    assertThat(s.hint(Integer.MAX_VALUE)).isZero();
    assertThat(s.reads()).isZero();
    assertThat(s.used()).isEqualTo(1);
    assertThat(s.read(slot)).isEqualTo(40L);
  }

  @Test
  void retainedSlot_freedOnlyAtTheLastRelease() {
    BackingStore s = new BackingStore("swap", 4, 4);
    int slot = s.allocate();
    s.retain(slot);

    assertThat(s.refs(slot)).isEqualTo(2);
    assertThat(s.release(slot)).isFalse();
    assertThat(s.used()).isEqualTo(1);
    assertThat(s.release(slot)).isTrue();
    assertThat(s.used()).isZero();
    assertThatThrownBy(() -> s.read(slot)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void grow_boundedByMaximum_newSlotsUsable() {
    BackingStore s = new BackingStore("pagefile", 1, 3);
    s.allocate();

    assertThat(s.grow(10)).isEqualTo(3);
    assertThat(s.allocate()).isEqualTo(1);
    assertThat(s.allocate()).isEqualTo(2);
    assertThat(s.allocate()).isEqualTo(-1);
  }

  @Test
  void hugeStore_costsNothingUntilUsed_andGrowsAsSlotsAreHandedOut() {
    // 2^31 slots: 32 GiB had its arrays been allocated at construction
    BackingStore s = new BackingStore("swap", Integer.MAX_VALUE - 8, Integer.MAX_VALUE - 8);

    assertThat(s.free()).isEqualTo(Integer.MAX_VALUE - 8);
    for (int i = 0; i < 10_000; i++) {
      assertThat(s.allocate()).isEqualTo(i);
    }
    s.write(9_999, 42L);
    assertThat(s.read(9_999)).isEqualTo(42L);
    assertThat(s.refs(20_000)).as("never handed out").isZero();
  }

  @Test
  void releasedSlots_areHandedOutAgain_lastReleasedFirst_beforeFreshOnes() {
    BackingStore s = new BackingStore("swap", 8, 8);
    for (int i = 0; i < 4; i++) {
      s.allocate();
    }
    s.release(1);
    s.release(2);

    assertThat(s.allocate()).isEqualTo(2);
    assertThat(s.allocate()).isEqualTo(1);
    assertThat(s.allocate()).isEqualTo(4);
  }
}
