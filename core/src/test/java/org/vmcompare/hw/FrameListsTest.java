package org.vmcompare.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FrameListsTest {
  private static final int FREE = 0;
  private static final int ACTIVE = 1;

  private static FrameLists lists() {
    return new FrameLists(16, "free", "active");
  }

  private static List<Integer> contents(FrameLists l, int list) {
    List<Integer> out = new ArrayList<>();
    for (int f = l.head(list); f >= 0; f = l.next(f)) {
      out.add(f);
    }
    return out;
  }

  private static List<Integer> contentsBackwards(FrameLists l, int list) {
    List<Integer> out = new ArrayList<>();
    for (int f = l.tail(list); f >= 0; f = l.prev(f)) {
      out.add(f);
    }
    return out;
  }

  @Test
  void watch_totalsTheWatchedLists_andRunsOnlyOnTheRiseToTheMark() {
    FrameLists l = new FrameLists(16, "free", "active", "standby");
    l.addTail(0, 1);
    l.addTail(1, 2);
    List<Integer> reached = new ArrayList<>();
    l.watch(new int[] {0, 2}, 3, () -> reached.add(l.watchedTotal()));
    assertThat(l.watchedTotal()).isEqualTo(1); // frame 1 on free; active is not watched

    l.addTail(1, 3);
    l.addHead(2, 4);
    assertThat(reached).isEmpty();
    l.addTail(0, 5); // 1 → 2 → 3: the mark
    assertThat(reached).containsExactly(3);
    l.addTail(2, 6); // 4: past it
    l.remove(6);
    l.remove(3); // an unwatched list: no change
    assertThat(reached).containsExactly(3);
    assertThat(l.watchedTotal()).isEqualTo(3);
    l.remove(5);
    l.moveToTail(2, 2); // from active onto standby: 2 → 3 again
    assertThat(reached).containsExactly(3, 3);
    l.pollHead(0);
    assertThat(l.watchedTotal()).isEqualTo(2);
  }

  @Test
  void watch_aMarkOfZero_neverRuns() {
    FrameLists l = lists();
    l.watch(
        new int[] {FREE},
        0,
        () -> {
          throw new AssertionError("ran");
        });
    l.addTail(FREE, 1);
    l.remove(1);
    l.addTail(FREE, 1);
    assertThat(l.watchedTotal()).isEqualTo(1);
  }

  @Test
  void addTailAndAddHead_keepOrderInBothDirections() {
    FrameLists l = lists();

    l.addTail(FREE, 3);
    l.addTail(FREE, 5);
    l.addHead(FREE, 1);

    assertThat(contents(l, FREE)).containsExactly(1, 3, 5);
    assertThat(contentsBackwards(l, FREE)).containsExactly(5, 3, 1);
    assertThat(l.size(FREE)).isEqualTo(3);
    assertThat(l.listOf(3)).isEqualTo(FREE);
    assertThat(l.isEmpty(ACTIVE)).isTrue();
  }

  @Test
  void remove_middleHeadAndTail_relinksNeighbours() {
    FrameLists l = lists();
    for (int f : new int[] {1, 2, 3, 4}) {
      l.addTail(FREE, f);
    }

    l.remove(2);
    assertThat(contents(l, FREE)).containsExactly(1, 3, 4);
    l.remove(1);
    l.remove(4);

    assertThat(contents(l, FREE)).containsExactly(3);
    assertThat(contentsBackwards(l, FREE)).containsExactly(3);
    assertThat(l.listOf(2)).isEqualTo(FrameLists.NONE);
    assertThat(l.size(FREE)).isEqualTo(1);
  }

  @Test
  void remove_frameOnNoList_isNoOp() {
    FrameLists l = lists();
    l.addTail(FREE, 1);

    l.remove(7);

    assertThat(contents(l, FREE)).containsExactly(1);
  }

  @Test
  void pollHead_returnsOldestThenMinusOneWhenEmpty() {
    FrameLists l = lists();
    l.addTail(FREE, 9);
    l.addTail(FREE, 4);

    assertThat(l.pollHead(FREE)).isEqualTo(9);
    assertThat(l.pollHead(FREE)).isEqualTo(4);
    assertThat(l.pollHead(FREE)).isEqualTo(-1);
    assertThat(l.head(FREE)).isEqualTo(-1);
    assertThat(l.tail(FREE)).isEqualTo(-1);
  }

  @Test
  void moveToTailAndHead_moveBetweenLists() {
    FrameLists l = lists();
    l.addTail(FREE, 1);
    l.addTail(FREE, 2);
    l.addTail(ACTIVE, 3);

    l.moveToTail(ACTIVE, 1);
    l.moveToHead(ACTIVE, 2);

    assertThat(contents(l, FREE)).isEmpty();
    assertThat(contents(l, ACTIVE)).containsExactly(2, 3, 1);
    assertThat(l.size(FREE)).isZero();
    assertThat(l.size(ACTIVE)).isEqualTo(3);
  }

  @Test
  void addTail_frameAlreadyOnAList_isRejectedNamingTheList() {
    FrameLists l = lists();
    l.addTail(ACTIVE, 1);

    assertThatThrownBy(() -> l.addTail(FREE, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("frame 1 is already on list active");
    assertThatThrownBy(() -> l.addHead(ACTIVE, 1)).isInstanceOf(IllegalStateException.class);
    assertThat(l.size(ACTIVE)).isEqualTo(1);
  }

  @Test
  void names_keepDisplayOrder() {
    FrameLists l = lists();

    assertThat(l.lists()).isEqualTo(2);
    assertThat(l.name(FREE)).isEqualTo("free");
    assertThat(l.name(ACTIVE)).isEqualTo("active");
  }

  @Test
  void spare_frameOnNoList_keepsTheOwnersWordUntilItJoinsAList() {
    FrameLists l = lists();
    assertThat(l.spare(7)).isEqualTo(-1);

    l.setSpare(7, 12345);
    assertThat(l.spare(7)).isEqualTo(12345);
    assertThat(l.listOf(7)).isEqualTo(FrameLists.NONE);

    l.addTail(FREE, 3);
    l.addTail(FREE, 7);
    l.addTail(FREE, 9);
    assertThat(contents(l, FREE)).containsExactly(3, 7, 9);
    l.remove(7);
    assertThat(l.spare(7)).isEqualTo(-1);
    assertThat(contents(l, FREE)).containsExactly(3, 9);
  }

  @Test
  void setSpare_frameOnAList_isRejectedNamingTheList() {
    FrameLists l = lists();
    l.addTail(ACTIVE, 4);

    assertThatThrownBy(() -> l.setSpare(4, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("active");
    assertThat(contents(l, ACTIVE)).containsExactly(4);
  }

  @Test
  void listNumbers_upTo63Lists_roundTripAndMoreAreRejected() {
    String[] names = new String[63];
    for (int i = 0; i < names.length; i++) {
      names[i] = "l" + i;
    }
    FrameLists l = new FrameLists(4, names);
    l.addTail(62, 2);
    l.addTail(62, 0);
    assertThat(l.listOf(2)).isEqualTo(62);
    assertThat(l.size(62)).isEqualTo(2);
    assertThat(contents(l, 62)).containsExactly(2, 0);

    String[] tooMany = Arrays.copyOf(names, 64);
    tooMany[63] = "l63";
    assertThatThrownBy(() -> new FrameLists(4, tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("63");
  }

  @Test
  void links_highFrameNumbers_roundTripInBothDirections() {
    FrameLists l = new FrameLists(1 << 20, "free", "active");
    int[] frames = {(1 << 20) - 1, 0, (1 << 19) + 7, (1 << 20) - 2};
    for (int f : frames) {
      l.addTail(ACTIVE, f);
    }
    l.addHead(FREE, 12345);
    assertThat(contents(l, ACTIVE)).containsExactly((1 << 20) - 1, 0, (1 << 19) + 7, (1 << 20) - 2);
    assertThat(contentsBackwards(l, ACTIVE))
        .containsExactly((1 << 20) - 2, (1 << 19) + 7, 0, (1 << 20) - 1);
    l.remove(0);
    assertThat(contents(l, ACTIVE)).containsExactly((1 << 20) - 1, (1 << 19) + 7, (1 << 20) - 2);
    assertThat(l.listOf((1 << 20) - 1)).isEqualTo(ACTIVE);
    assertThat(l.listOf(12345)).isEqualTo(FREE);
    assertThat(l.listOf(0)).isEqualTo(FrameLists.NONE);
  }

  @Test
  void spare_anyIntIncludingNegative_roundTrips() {
    FrameLists l = lists();
    for (int word : new int[] {Integer.MIN_VALUE, -2, 0, Integer.MAX_VALUE}) {
      l.setSpare(5, word);
      assertThat(l.spare(5)).isEqualTo(word);
      assertThat(l.listOf(5)).isEqualTo(FrameLists.NONE);
    }
  }

  @Test
  void constructor_tooManyFrames_isRejectedNamingTheLimit() {
    assertThatThrownBy(() -> new FrameLists(FrameLists.MAX_FRAMES + 1, "free"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(FrameLists.MAX_FRAMES));
  }
}
