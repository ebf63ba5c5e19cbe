package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

  @Test
  void add_thousandsOfMappingsOfOneFrame_removesEachInAnyOrderKeepingTheRest() {
    ReverseMap r = new ReverseMap(8);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      r.add(3, 1 + i % 7, 1000 + i);
      expected.add((1 + i % 7) + ":" + (1000 + i));
    }
    r.add(4, 1, 5);
    SplittableRandom random = new SplittableRandom(7);

    while (expected.size() > 1) {
      String victim = expected.remove(random.nextInt(expected.size()));
      String[] parts = victim.split(":");

      assertThat(r.remove(3, Integer.parseInt(parts[0]), Long.parseLong(parts[1]))).isTrue();
      assertThat(r.mapCount(3)).isEqualTo(expected.size());
      if (expected.size() % 997 == 0 || expected.size() < 4) {
        assertThat(mappings(r, 3)).containsExactlyElementsOf(expected);
      }
    }

    assertThat(mappings(r, 3)).containsExactlyElementsOf(expected);
    assertThat(r.overflowNodes()).isZero();
    assertThat(mappings(r, 4)).containsExactly("1:5");
  }

  @Test
  void remove_mappingOfAnotherSharedFrame_returnsFalseAndKeepsBoth() {
    ReverseMap r = new ReverseMap(8);
    r.add(3, 1, 100);
    r.add(3, 2, 100);
    r.add(4, 3, 100);
    r.add(4, 4, 100);

    assertThat(r.remove(4, 1, 100)).isFalse();
    assertThat(r.remove(3, 3, 100)).isFalse();
    assertThat(r.remove(3, 1, 101)).isFalse();

    assertThat(mappings(r, 3)).containsExactly("1:100", "2:100");
    assertThat(mappings(r, 4)).containsExactly("3:100", "4:100");
  }

  @Test
  void add_secondMapping_overflowsAndTheSurvivorGoesBackInline() {
    ReverseMap r = new ReverseMap(8);
    r.add(3, 1, 100);
    assertThat(r.overflowNodes()).isZero();

    r.add(3, 2, 200);
    r.add(3, 3, 300);
    assertThat(r.overflowNodes()).isEqualTo(3);
    assertThat(mappings(r, 3)).containsExactly("1:100", "2:200", "3:300");

    r.remove(3, 1, 100);
    r.remove(3, 3, 300);
    assertThat(r.overflowNodes()).isZero();
    assertThat(mappings(r, 3)).containsExactly("2:200");
    assertThat(r.mapCount(3)).isEqualTo(1);

    r.add(3, 4, 400);
    assertThat(r.overflowNodes()).isEqualTo(2);
    assertThat(mappings(r, 3)).containsExactly("2:200", "4:400");
    assertThat(r.remove(3, 4, 400)).isTrue();
    assertThat(r.remove(3, 2, 200)).isTrue();
    assertThat(r.mapCount(3)).isZero();
    assertThat(r.first(3)).isEqualTo(-1);
  }

  @Test
  void first_mixedAddsAndRemoves_visitsInTheOrderMappingsWereAdded() {
    ReverseMap r = new ReverseMap(8);
    for (int i = 0; i < 6; i++) {
      r.add(2, 1, i);
    }
    r.remove(2, 1, 0);
    r.remove(2, 1, 3);
    r.add(2, 9, 0);
    r.remove(2, 1, 5);

    assertThat(mappings(r, 2)).containsExactly("1:1", "1:2", "1:4", "9:0");
  }

  @Test
  void add_manySharedFrames_indexGrowsAndEveryRecordStaysFindable() {
    ReverseMap r = new ReverseMap(64);
    for (int i = 0; i < 30_000; i++) {
      r.add(i % 3, 1 + (i % 5), i);
    }

    for (int i = 0; i < 30_000; i += 3) {
      assertThat(r.remove(0, 1 + (i % 5), i)).isTrue();
    }

    assertThat(r.mapCount(0)).isZero();
    assertThat(r.mapCount(1)).isEqualTo(10_000);
    assertThat(r.mapCount(2)).isEqualTo(10_000);
    assertThat(r.remove(1, 1 + (29_998 % 5), 29_998)).isTrue();
    assertThat(r.remove(2, 1 + (29_999 % 5), 29_999)).isTrue();
    assertThat(mappings(r, 1)).hasSize(9_999).startsWith("2:1", "5:4");
  }

  @Test
  void untrack_frameMappedThousandsOfTimes_countsWithoutRecords() {
    ReverseMap r = new ReverseMap(8);
    r.untrack(0);

    for (int i = 0; i < 10_000; i++) {
      r.add(0, 1, i);
    }

    assertThat(r.isTracked(0)).isFalse();
    assertThat(r.mapCount(0)).isEqualTo(10_000);
    assertThat(r.first(0)).isEqualTo(-1);
    assertThat(r.overflowNodes()).isZero();
    for (int i = 0; i < 10_000; i++) {
      assertThat(r.remove(0, 1, i)).isTrue();
    }
    assertThat(r.remove(0, 1, 0)).isFalse();
    r.track(0);
    r.add(0, 1, 7);
    assertThat(mappings(r, 0)).containsExactly("1:7");
  }

  @Test
  void untrack_frameWithRecords_isRejected() {
    ReverseMap r = new ReverseMap(8);
    r.add(1, 1, 5);
    r.untrack(2);
    r.add(2, 1, 6);

    assertThatThrownBy(() -> r.untrack(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> r.track(2)).hasMessageContaining("still mapped 1 times");
    assertThat(r.isTracked(1)).isTrue();
  }

  @Test
  void add_largeLeaf_recordsItsLevelOnTheHeadFrame() {
    ReverseMap r = new ReverseMap(1024);
    r.add(512, 1, 1024, 1);
    r.add(512, 2, 0, 0);

    int n = r.first(512);
    assertThat(r.level(n)).isEqualTo(1);
    assertThat(r.level(r.next(n))).isZero();
    assertThat(r.remove(512, 1, 1024)).isTrue();
    assertThat(r.level(r.first(512))).isZero();
  }

  @Test
  void add_asidVpnOrLevelOutOfRange_isRejected() {
    ReverseMap r = new ReverseMap(8);

    assertThatThrownBy(() -> r.add(1, 0, 5)).hasMessageContaining("asid 0");
    assertThatThrownBy(() -> r.add(1, ReverseMap.MAX_ASID + 1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.add(1, 1, 1L << ReverseMap.VPN_BITS))
        .hasMessageContaining("does not fit");
    assertThatThrownBy(() -> r.add(1, 1, 5, 4)).hasMessageContaining("level");
    assertThat(r.mapCount(1)).isZero();
    assertThat(r.remove(1, 0, 5)).isFalse();
  }

  @Test
  void add_countCrossingTheHashThresholdBothWays_keepsEveryRecordFindableInOrder() {
    ReverseMap r = new ReverseMap(8);
    List<String> expected = new ArrayList<>();
    int next = 0;
    for (int round = 0; round < 3; round++) {
      while (expected.size() < 20) {
        r.add(5, 1 + next % 3, next);
        expected.add((1 + next % 3) + ":" + next);
        next++;
      }
      assertThat(mappings(r, 5)).containsExactlyElementsOf(expected);
      while (expected.size() > 7 - round * 2) {
        String victim = expected.remove(expected.size() / 2);
        String[] parts = victim.split(":");
        assertThat(r.remove(5, Integer.parseInt(parts[0]), Long.parseLong(parts[1]))).isTrue();
        assertThat(r.remove(5, Integer.parseInt(parts[0]), Long.parseLong(parts[1]))).isFalse();
      }
      assertThat(mappings(r, 5)).containsExactlyElementsOf(expected);
      assertThat(r.mapCount(5)).isEqualTo(expected.size());
    }
  }
}
