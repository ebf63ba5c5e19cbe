package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The passes' walk of the expansion list (the WRK's MiProcessWorkingSets, base/ntos/mm/wsmanage.c):
 * from the head, each working set stamped with the tick (LastTrimTime) and put back at the tail,
 * until the one at the head already bears the current tick, as a forced trim (MiDoReplacement)
 * stamps the working set it trims.
 */
final class ExpansionListTest {
  /** Working sets without PTEs, as the system cache's: the walk looks only at their stamps. */
  private static final WorkingSet.NoPtes NO_PTES =
      new WorkingSet.NoPtes() {
        @Override
        public boolean testAndClearAccessed(long key) {
          return false;
        }

        @Override
        public boolean accessed(long key) {
          return false;
        }

        @Override
        public int frame(long key) {
          return -1;
        }

        @Override
        public void trimmed(long key) {}
      };

  private static WorkingSet workingSet() {
    return new WorkingSet(NO_PTES, 0, 100, false, 5);
  }

  private final WorkingSet a = workingSet();
  private final WorkingSet b = workingSet();
  private final WorkingSet c = workingSet();
  private final ExpansionList list = new ExpansionList();

  @Test
  void wholePass_visitsEveryWorkingSet_andLeavesTheOrder() {
    List<WorkingSet> visited = list.visit(list.order(List.of(a, b, c)), 7);

    assertThat(visited).containsExactly(a, b, c);
    assertThat(list.order(List.of(a, b, c))).containsExactly(a, b, c);
    assertThat(List.of(a.lastTrimTick, b.lastTrimTick, c.lastTrimTick)).containsOnly(7L);
  }

  @Test
  void passInTheTickOfTheLastOne_visitsNoOne() {
    list.visit(list.order(List.of(a, b, c)), 7);

    assertThat(list.visit(list.order(List.of(a, b, c)), 7)).isEmpty();
    assertThat(list.visit(list.order(List.of(a, b, c)), 8)).containsExactly(a, b, c);
  }

  @Test
  void workingSetForceTrimmedInThisTick_endsThePassAtIt_andTheListTurns() {
    list.visit(list.order(List.of(a, b, c)), 7);
    b.lastTrimTick = 8; // b's forced trim in tick 8

    assertThat(list.visit(list.order(List.of(a, b, c)), 8)).containsExactly(a);
    // a went to the tail: b now heads the list, and a second pass in tick 8 visits no one
    assertThat(list.order(List.of(a, b, c))).containsExactly(b, c, a);
    assertThat(list.visit(list.order(List.of(a, b, c)), 8)).isEmpty();
    // in the next tick the pass goes round the whole turned list
    assertThat(list.visit(list.order(List.of(a, b, c)), 9)).containsExactly(b, c, a);
  }

  @Test
  void newWorkingSet_isVisited_inAPassOfTheSameTickAsTheLast() {
    list.visit(list.order(List.of(a, b)), 7);

    // c joins at the tail after the others, stamped in tick 7; its own stamp is none yet, but the
    // pass stops at the head, a, before reaching it
    assertThat(list.visit(list.order(List.of(a, b, c)), 7)).isEmpty();
    // after a rearrangement puts it first, a pass in the same tick visits it and stops at a
    WorkingSet d = workingSet();
    // (all claims 0: one bucket, each pushed onto its head, so the order reverses)
    List<WorkingSet> rearranged = list.rearrange(List.of(a, b, c, d));
    assertThat(rearranged).containsExactly(d, c, b, a);
    assertThat(list.visit(rearranged, 7)).containsExactly(d, c);
    assertThat(list.order(List.of(a, b, c, d))).containsExactly(b, a, d, c);
  }
}
