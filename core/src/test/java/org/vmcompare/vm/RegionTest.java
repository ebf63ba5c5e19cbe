package org.vmcompare.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmcompare.state.StateKey;

final class RegionTest {
  /** A VAD's flags: what a model hangs on each region. */
  private record VadFlags(boolean memCommit, boolean privateMemory) {}

  private static final StateKey<VadFlags> VAD = StateKey.of("test.vad", VadFlags.class);

  private static Region region() {
    MemoryObject obj = new MemoryObject(1, MemoryObject.Kind.ANONYMOUS, "heap", 4, null);
    return new Region(
        "heap",
        0x100,
        4,
        Protection.READ_WRITE,
        Protection.READ_WRITE,
        obj,
        0,
        Region.Sharing.PRIVATE);
  }

  @Test
  void modelState_putThenGet_returnsTheModelsValue() {
    Region r = region();

    r.modelState().put(VAD, new VadFlags(true, true));

    assertThat(r.modelState().get(VAD)).isEqualTo(new VadFlags(true, true));
  }

  @Test
  void modelState_twoRegions_doNotShareState() {
    Region a = region();
    Region b = region();

    a.modelState().put(VAD, new VadFlags(false, true));

    assertThat(b.modelState().get(VAD)).isNull();
  }
}
