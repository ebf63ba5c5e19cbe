package org.vmcompare.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RunInfoTest {

  /**
   * {@code Map.copyOf} iterates in an order salted per JVM, which made results.json of a sweep
   * differ from one run of the same experiment to the next.
   */
  @Test
  void point_keepsTheSweepsOrder() {
    Map<String, String> point = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String key = "processes[0].steps[" + (11 - i) + "].touch.passes";
      keys.add(key);
      point.put(key, Integer.toString(i));
    }

    RunInfo info = new RunInfo("textbook", "textbook", 42, point);

    assertThat(info.point().keySet()).containsExactlyElementsOf(keys);
  }
}
