package org.vmcompare.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parallel tries are taken in order: whatever order the workers end in, the taker sees 0, 1, 2, …,
 * and a stop or a task's exception ends the run at the same index as on one thread.
 */
final class InOrderTest {
  @Test
  void laterTaskEndsFirst_resultsStillTakenInIndexOrder() {
    CountDownLatch lastDone = new CountDownLatch(1);
    List<Integer> taken = new ArrayList<>();

    InOrder.run(
        4,
        4,
        i -> {
          if (i == 3) {
            lastDone.countDown();
          } else if (i == 0) {
            await(lastDone); // task 0 ends only after task 3 has
          }
          return i * 10;
        },
        (i, r) -> taken.add(r),
        () -> {});

    assertThat(taken).containsExactly(0, 10, 20, 30);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void takerSaysStop_nothingLaterTaken_andOnStopRuns(int threads) {
    List<Integer> taken = new ArrayList<>();
    AtomicBoolean stopped = new AtomicBoolean();

    InOrder.run(
        100,
        threads,
        i -> i,
        (i, r) -> {
          taken.add(r);
          return r < 7;
        },
        () -> stopped.set(true));

    assertThat(taken).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(stopped).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void taskThrows_rethrownInItsTurn_afterTheEarlierResults(int threads) {
    List<Integer> taken = new ArrayList<>();
    AtomicBoolean stopped = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                InOrder.run(
                    20,
                    threads,
                    i -> {
                      if (i == 4) {
                        throw new IllegalStateException("try 4 broke");
                      }
                      return i;
                    },
                    (i, r) -> taken.add(r),
                    () -> stopped.set(true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("try 4 broke");
    assertThat(taken).containsExactly(0, 1, 2, 3);
    assertThat(stopped).isTrue();
  }

  @Test
  void allTaken_onStopNotRun() {
    AtomicBoolean stopped = new AtomicBoolean();

    InOrder.run(10, 2, i -> i, (i, r) -> true, () -> stopped.set(true));

    assertThat(stopped).isFalse();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("task 3 ended").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
