package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vmcompare.os.OpKind;

/** The provider admits exactly the operations the model has built, and names the others. */
final class SupportTest {
  private final LinuxModuleProvider provider = new LinuxModuleProvider();

  @Test
  void everyOperation_isSupported_orNotImplementedYet_byName() {
    for (OpKind op : OpKind.values()) {
      Optional<String> why = provider.whyUnsupported(op);
      if (LinuxModuleProvider.SUPPORTED.contains(op)) {
        assertThat(why).as(op.toString()).isEmpty();
      } else {
        assertThat(why).as(op.toString()).contains("not implemented yet on linux: " + op);
      }
    }
  }

  @Test
  void anUnknownNativeCall_isNotImplementedYet_byName() {
    assertThat(provider.whyUnsupportedNative("mlock"))
        .contains("not implemented yet on linux: native linux.mlock");
  }
}
