package org.vmcompare.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

final class ModelStateTest {
  /** What a model keeps: its own mutable class, not a bare collection. */
  private static final class Generation {
    int value;
  }

  private static final StateKey<Generation> LINUX_GEN =
      StateKey.of("linux.generation", Generation.class);
  private static final StateKey<String> MACOS_PURGE = StateKey.of("macos.purge", String.class);
  private static final StateKey<Long> ENGINE_MARK = StateKey.of("engine.mark", Long.class);

  @Test
  void get_nothingStored_returnsNull() {
    ModelState s = new ModelState();

    assertThat(s.get(LINUX_GEN)).isNull();
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void put_thenGet_returnsTheSameValueTyped() {
    ModelState s = new ModelState();
    Generation g = new Generation();

    assertThat(s.put(LINUX_GEN, g)).isNull();
    Generation back = s.get(LINUX_GEN);

    assertThat(back).isSameAs(g);
  }

  @Test
  void put_existingKey_replacesAndReturnsTheOldValue() {
    ModelState s = new ModelState();
    s.put(MACOS_PURGE, "NONVOLATILE");

    assertThat(s.put(MACOS_PURGE, "VOLATILE")).isEqualTo("NONVOLATILE");
    assertThat(s.get(MACOS_PURGE)).isEqualTo("VOLATILE");
    assertThat(s).hasToString("[macos.purge]");
  }

  @Test
  void threeModelsKeys_oneHolder_eachSeesOnlyItsOwn() {
    ModelState s = new ModelState();
    Generation g = new Generation();

    s.put(LINUX_GEN, g);
    s.put(MACOS_PURGE, "EMPTY");
    s.put(ENGINE_MARK, 7L);

    assertThat(s.get(LINUX_GEN)).isSameAs(g);
    assertThat(s.get(MACOS_PURGE)).isEqualTo("EMPTY");
    assertThat(s.get(ENGINE_MARK)).isEqualTo(7L);
    assertThat(s).hasToString("[linux.generation, macos.purge, engine.mark]");
  }

  @Test
  void twoKeysWithTheSameName_areTwoKeys() {
    StateKey<String> mine = StateKey.of("state", String.class);
    StateKey<String> theirs = StateKey.of("state", String.class);
    ModelState s = new ModelState();

    s.put(mine, "mine");

    assertThat(s.get(theirs)).isNull();
    assertThat(s.get(mine)).isEqualTo("mine");
  }

  @Test
  void remove_middleKey_keepsTheOthers() {
    ModelState s = new ModelState();
    Generation g = new Generation();
    s.put(LINUX_GEN, g);
    s.put(MACOS_PURGE, "VOLATILE");
    s.put(ENGINE_MARK, 1L);

    assertThat(s.remove(MACOS_PURGE)).isEqualTo("VOLATILE");

    assertThat(s.get(MACOS_PURGE)).isNull();
    assertThat(s.get(LINUX_GEN)).isSameAs(g);
    assertThat(s.get(ENGINE_MARK)).isEqualTo(1L);
    assertThat(s).hasToString("[linux.generation, engine.mark]");
  }

  @Test
  void remove_lastKey_leavesTheHolderEmpty() {
    ModelState s = new ModelState();
    s.put(ENGINE_MARK, 1L);

    assertThat(s.remove(ENGINE_MARK)).isEqualTo(1L);
    assertThat(s.remove(ENGINE_MARK)).isNull();
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void computeIfAbsent_createsOnceThenReturnsTheSameValue() {
    ModelState s = new ModelState();

    Generation first = s.computeIfAbsent(LINUX_GEN, Generation::new);
    first.value = 3;
    Generation second = s.computeIfAbsent(LINUX_GEN, Generation::new);

    assertThat(second).isSameAs(first);
    assertThat(second.value).isEqualTo(3);
  }

  @Test
  void computeIfAbsent_supplierReturnsNull_isRejectedAndStoresNothing() {
    ModelState s = new ModelState();

    assertThatThrownBy(() -> s.computeIfAbsent(MACOS_PURGE, () -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("macos.purge");
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void require_nothingStored_namesTheKey() {
    ModelState s = new ModelState();

    assertThatThrownBy(() -> s.require(LINUX_GEN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no model state linux.generation (Generation) on this object");
  }

  @Test
  void put_null_isRejected() {
    ModelState s = new ModelState();

    assertThatThrownBy(() -> s.put(MACOS_PURGE, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("use remove");
  }

  @Test
  void put_wrongTypeThroughErasedSignature_isRejectedBeforeItIsStored() throws Exception {
    // The generic API cannot be called with a wrong type (see StateKeyCompileTest); reflection is
    // the only way past it without an unchecked cast, and the key's Class still stops it.
    ModelState s = new ModelState();
    Method put = ModelState.class.getMethod("put", StateKey.class, Object.class);

    assertThatThrownBy(() -> put.invoke(s, ENGINE_MARK, "not a long"))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(ClassCastException.class);
    assertThat(s.get(ENGINE_MARK)).isNull();
  }

  @Test
  void stateKey_primitiveType_isRejected() {
    assertThatThrownBy(() -> StateKey.of("count", int.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
  }
}
