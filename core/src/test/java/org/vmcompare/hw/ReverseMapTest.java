package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ReverseMapTest {
  private static List<String> mappings(ReverseMap r, int frame) {
    List<String> out = new ArrayList<>();
    for (int n = r.first(frame); n >= 0; n = r.next(n)) {
      out.add(r.asid(n) + ":" + r.vpn(n));
    }
    return out;
  }

  @Test
  void add_severalMappings_countsAndIteratesThem() {
    ReverseMap r = new ReverseMap(8);

    r.add(3, 1, 100);
    r.add(3, 2, 200);
    r.add(4, 1, 101);

    assertThat(r.mapCount(3)).isEqualTo(2);
    assertThat(r.mapCount(4)).isEqualTo(1);
    assertThat(r.mapCount(5)).isZero();
    assertThat(mappings(r, 3)).containsExactlyInAnyOrder("1:100", "2:200");
    assertThat(r.first(5)).isEqualTo(-1);
  }

  @Test
  void remove_existingMapping_unlinksOnlyIt() {
    ReverseMap r = new ReverseMap(8);
    r.add(3, 1, 100);
    r.add(3, 2, 200);
    r.add(3, 3, 300);

    assertThat(r.remove(3, 2, 200)).isTrue();

    assertThat(mappings(r, 3)).containsExactlyInAnyOrder("1:100", "3:300");
    assertThat(r.mapCount(3)).isEqualTo(2);
  }

  @Test
  void remove_unknownMapping_returnsFalseAndKeepsCount() {
    ReverseMap r = new ReverseMap(8);
    r.add(3, 1, 100);

    assertThat(r.remove(3, 1, 101)).isFalse();
    assertThat(r.remove(3, 2, 100)).isFalse();
    assertThat(r.remove(4, 1, 100)).isFalse();
    assertThat(r.mapCount(3)).isEqualTo(1);
  }

  @Test
  void add_manyMappings_growsAndReusesFreedNodes() {
    ReverseMap r = new ReverseMap(4);
    for (int i = 0; i < 5000; i++) {
      r.add(i % 4, 1, i);
    }
    assertThat(r.mapCount(0) + r.mapCount(1) + r.mapCount(2) + r.mapCount(3)).isEqualTo(5000);
    for (int i = 0; i < 5000; i += 2) {
      assertThat(r.remove(i % 4, 1, i)).isTrue();
    }
    for (int i = 0; i < 2500; i++) {
      r.add(1, 7, i);
    }

    assertThat(r.mapCount(1)).isEqualTo(1250 + 2500);
    assertThat(r.mapCount(0)).isZero();
    assertThat(mappings(r, 3)).hasSize(1250).allMatch(s -> s.startsWith("1:"));
  }
}
