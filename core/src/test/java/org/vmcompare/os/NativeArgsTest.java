package org.vmcompare.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

final class NativeArgsTest {
  private static final Region REGION =
      new Region(
          "heap",
          0x100,
          16,
          Protection.parse("rw"),
          Protection.parse("rw"),
          new MemoryObject(1, MemoryObject.Kind.ANONYMOUS, null, 16, null),
          0,
          Region.Sharing.PRIVATE);

  private static NativeArgs args(Map<String, Object> args) {
    return new NativeArgs("native os.call", args, 4096);
  }

  @Test
  void range_offsetAndSizeInBytesOrPages_defaultsToTheRestOfTheRegion() {
    assertThat(args(Map.of("offset", "8KiB", "size", "4pages")).range(REGION))
        .containsExactly(2, 4);
    assertThat(args(Map.of("offset", "10pages")).range(REGION)).containsExactly(10, 6);
    assertThat(args(Map.of()).range(REGION)).containsExactly(0, 16);
  }

  @Test
  void mistakes_nameTheCallAndTheArgument_asInputErrors() {
    assertThatThrownBy(() -> args(Map.of()).required("region"))
        .isInstanceOf(RunFailure.class)
        .hasMessage("native os.call: args.region is required")
        .matches(e -> ((RunFailure) e).userError());
    assertThatThrownBy(() -> args(Map.of("offset", "12pages", "size", "8pages")).range(REGION))
        .hasMessage("native os.call: args.offset and args.size do not fit the 16 pages of 'heap'");
    assertThatThrownBy(() -> args(Map.of("size", "lots")).range(REGION))
        .hasMessageStartingWith("native os.call: args.size: ");
    assertThat(args(Map.of("advice", "MADV_FREE")).optional("advice")).isEqualTo("MADV_FREE");
    assertThat(args(Map.of()).optional("advice")).isNull();
  }
}
