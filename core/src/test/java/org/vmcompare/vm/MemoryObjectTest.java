package org.vmcompare.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.state.StateKey;

final class MemoryObjectTest {
  /** Linux-like: the LRU generation of an object's pages. */
  private static final class Generation {
    int value;
  }

  /** macOS-like: an object's purgeable state. */
  private enum Purgeable {
    NONVOLATILE,
    VOLATILE,
    EMPTY
  }

  private static final StateKey<Generation> LINUX_GEN =
      StateKey.of("linux.generation", Generation.class);
  private static final StateKey<Purgeable> MACOS_PURGEABLE =
      StateKey.of("macos.purgeable", Purgeable.class);

  private static MemoryObject object() {
    return new MemoryObject(1, MemoryObject.Kind.ANONYMOUS, "cache", 16, null);
  }

  @Test
  void modelState_putThenGet_returnsTheModelsValue() {
    MemoryObject obj = object();

    obj.modelState().put(MACOS_PURGEABLE, Purgeable.VOLATILE);

    assertThat(obj.modelState().get(MACOS_PURGEABLE)).isEqualTo(Purgeable.VOLATILE);
  }

  @Test
  void modelState_twoModelsKeys_eachReadsItsOwnValue() {
    MemoryObject obj = object();
    Generation gen = obj.modelState().computeIfAbsent(LINUX_GEN, Generation::new);
    gen.value = 2;

    obj.modelState().put(MACOS_PURGEABLE, Purgeable.EMPTY);

    assertThat(obj.modelState().get(LINUX_GEN).value).isEqualTo(2);
    assertThat(obj.modelState().get(MACOS_PURGEABLE)).isEqualTo(Purgeable.EMPTY);
    assertThat(obj.modelState().remove(LINUX_GEN)).isSameAs(gen);
    assertThat(obj.modelState().get(MACOS_PURGEABLE)).isEqualTo(Purgeable.EMPTY);
  }
}
