package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class PhysicalMemoryTest {
  private static PhysicalMemory memory() {
    return new PhysicalMemory(64 * 4096, 4096);
  }

  @Test
  void claim_setsOwnerAndCountsInUse() {
    PhysicalMemory m = memory();

    m.claim(5, 17, 3);
    m.setContent(5, 0xabcL);

    assertThat(m.inUse(5)).isTrue();
    assertThat(m.inUse()).isEqualTo(1);
    assertThat(m.owner(5)).isEqualTo(17);
    assertThat(m.ownerIndex(5)).isEqualTo(3);
    assertThat(m.content(5)).isEqualTo(0xabcL);
  }

  @Test
  void claim_frameAlreadyInUse_isRejected() {
    PhysicalMemory m = memory();
    m.claim(5, 17, 3);

    assertThatThrownBy(() -> m.claim(5, 18, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("frame 5");
    assertThat(m.owner(5)).isEqualTo(17);
  }

  @Test
  void release_forgetsOwnerContentAndModelFlags() {
    PhysicalMemory m = memory();
    m.claim(5, 17, 3);
    m.setContent(5, 99);
    m.setFlag(5, PhysicalMemory.F_DIRTY | (1 << PhysicalMemory.F_MODEL_SHIFT));

    m.release(5);

    assertThat(m.inUse(5)).isFalse();
    assertThat(m.inUse()).isZero();
    assertThat(m.owner(5)).isEqualTo(PhysicalMemory.NO_OWNER);
    assertThat(m.content(5)).isZero();
    assertThat(m.flags(5)).isZero();
    assertThatThrownBy(() -> m.release(5)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reserveKernel_marksLowFramesUnclaimable() {
    PhysicalMemory m = memory();

    m.reserveKernel(4);

    assertThat(m.kernelFrames()).isEqualTo(4);
    assertThat(m.usableFrames()).isEqualTo(60);
    assertThat(m.isKernel(3)).isTrue();
    assertThat(m.isKernel(4)).isFalse();
    assertThatThrownBy(() -> m.claim(3, 1, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> m.release(3)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> m.reserveKernel(64)).isInstanceOf(IllegalArgumentException.class);
    m.claim(4, 1, 0);
    assertThat(m.inUse()).isEqualTo(1);
  }

  @Test
  void flags_setClearHas_workPerBit() {
    PhysicalMemory m = memory();
    int model = 1 << PhysicalMemory.F_MODEL_SHIFT;

    m.setFlag(7, model);
    m.setFlag(7, PhysicalMemory.F_DIRTY);
    m.clearFlag(7, PhysicalMemory.F_DIRTY);

    assertThat(m.hasFlag(7, model)).isTrue();
    assertThat(m.hasFlag(7, PhysicalMemory.F_DIRTY)).isFalse();
  }

  @Test
  void content_anySixtyFourBitToken_readsBackWhole() {
    PhysicalMemory m = new PhysicalMemory(64 * 4096, 4096);
    long[] tokens = {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL, 1L << 32, 0x8000_0000L};
    for (int f = 0; f < tokens.length; f++) {
      m.claim(f, 3, f);
      m.setContent(f, tokens[f]);
    }
    m.setFlag(2, PhysicalMemory.F_DIRTY);
    m.setOwner(3, 9, 77);

    for (int f = 0; f < tokens.length; f++) {
      assertThat(m.content(f)).as("frame %d", f).isEqualTo(tokens[f]);
    }
    assertThat(m.hasFlag(2, PhysicalMemory.F_DIRTY)).isTrue();
    assertThat(m.hasFlag(1, PhysicalMemory.F_DIRTY)).isFalse();
    assertThat(m.owner(3)).isEqualTo(9);
    assertThat(m.ownerIndex(3)).isEqualTo(77);
    assertThat(m.owner(4)).isEqualTo(3);
    assertThat(m.content(tokens.length)).isZero();
    assertThat(m.owner(tokens.length)).isEqualTo(PhysicalMemory.NO_OWNER);
  }

  @Test
  void constructor_badSizes_areRejectedNamingTheKey() {
    assertThatThrownBy(() -> new PhysicalMemory(1 << 20, 3000))
        .hasMessageContaining("machine.pageSize");
    assertThatThrownBy(() -> new PhysicalMemory(15 * 4096, 4096))
        .hasMessageContaining("machine.ram");
    assertThat(new PhysicalMemory(16 * 4096, 4096).frames()).isEqualTo(16);
    assertThat(PhysicalMemory.bytesPerFrame()).isLessThanOrEqualTo(32);
  }
}
