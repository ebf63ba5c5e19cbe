package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class PteTest {
  @Test
  void leaf_encodesFrameAndPermissions() {
    long pte = Pte.leaf(0x12345, true, false);

    assertThat(Pte.present(pte)).isTrue();
    assertThat(Pte.frame(pte)).isEqualTo(0x12345);
    assertThat(Pte.is(pte, Pte.WRITABLE)).isTrue();
    assertThat(Pte.is(pte, Pte.USER)).isTrue();
    assertThat(Pte.is(pte, Pte.NO_EXECUTE)).isTrue();
    assertThat(Pte.is(Pte.leaf(1, false, true), Pte.NO_EXECUTE | Pte.WRITABLE)).isFalse();
  }

  @Test
  void withFrame_replacesOnlyThePayload() {
    long pte = Pte.leaf(7, true, false) | Pte.DIRTY | Pte.SW_COW | Pte.SW_MODEL_4;

    long moved = Pte.withFrame(pte, (1L << 40) - 1);

    assertThat(Pte.frame(moved)).isEqualTo((1L << 40) - 1);
    assertThat(moved & ~Pte.PAYLOAD_MASK).isEqualTo(pte & ~Pte.PAYLOAD_MASK);
  }

  @Test
  void notPresent_keepsPayloadAndSoftwareBitsNeverPresent() {
    long pte = Pte.notPresent(999, Pte.SW_SWAP | Pte.SW_TRANSITION | Pte.PRESENT);

    assertThat(Pte.present(pte)).isFalse();
    assertThat(Pte.payload(pte)).isEqualTo(999);
    assertThat(Pte.is(pte, Pte.SW_SWAP)).isTrue();
    assertThat(Pte.is(pte, Pte.SW_TRANSITION)).isTrue();
  }

  @Test
  void softwareBits_doNotOverlapHardwareBitsOrPayload() {
    long[] bits = {
      Pte.PRESENT,
      Pte.WRITABLE,
      Pte.USER,
      Pte.ACCESSED,
      Pte.DIRTY,
      Pte.LARGE,
      Pte.GLOBAL,
      Pte.SW_COW,
      Pte.SW_TRANSITION,
      Pte.SW_PROTOTYPE,
      Pte.SW_SWAP,
      Pte.SW_MODEL_1,
      Pte.SW_MODEL_2,
      Pte.SW_MODEL_3,
      Pte.SW_MODEL_4,
      Pte.NO_EXECUTE,
      Pte.PAYLOAD_MASK
    };
    long seen = 0;
    for (long b : bits) {
      assertThat(seen & b).as(Long.toHexString(b)).isZero();
      seen |= b;
    }
  }

  @Test
  void describe_listsFlagsAndFrame() {
    assertThat(Pte.describe(0)).isEqualTo("empty");
    assertThat(Pte.describe(Pte.leaf(5, true, true) | Pte.ACCESSED)).isEqualTo("P W U A frame=5");
    assertThat(Pte.describe(Pte.notPresent(8, Pte.SW_SWAP))).isEqualTo("swap payload=8");
    assertThat(Access.name(Access.WRITE)).isEqualTo("write");
  }
}
