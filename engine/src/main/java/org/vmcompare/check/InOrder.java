package org.vmcompare.check;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs numbered tasks on worker threads and hands their results over in number order, one at a time
 * on the calling thread, until the taker says stop. So a check on many threads takes exactly the
 * tries, and reports exactly the failure, that it would take on one: a later task that ends first
 * waits for the earlier ones.
 */
final class InOrder {
  /** Takes task {@code index}'s result; false stops the run (no later result is taken). */
  @FunctionalInterface
  interface Taker<T> {
    boolean take(int index, T result);
  }

  private InOrder() {}

  /**
   * Runs tasks 0 to {@code count - 1} on {@code threads} threads (on the calling thread alone for
   * one), at most two a thread ahead of the one taken next. When the run ends early (the taker said
   * stop, or a task threw) {@code onStop} runs at once, to tell the tasks under way to give up, and
   * this returns once every worker has ended. A task's exception is rethrown here, in its turn.
   */
  static <T> void run(
      int count, int threads, IntFunction<T> task, Taker<T> taker, Runnable onStop) {
    Objects.requireNonNull(task, "task is null");
    Objects.requireNonNull(taker, "taker is null");
    Objects.requireNonNull(onStop, "onStop is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    boolean complete = false;
    ExecutorService pool = threads == 1 ? null : pool(threads);
    try {
      ArrayDeque<Future<T>> ahead = new ArrayDeque<>();
      int next = 0;
      for (int i = 0; i < count; i++) {
        T result;
        if (pool == null) {
          result = task.apply(i);
        } else {
          while (next < count && ahead.size() < 2 * threads) {
            int n = next++;
            ahead.add(pool.submit(() -> task.apply(n)));
          }
          result = result(ahead.poll());
        }
        if (!taker.take(i, result)) {
          return;
        }
      }
      complete = true;
    } finally {
      if (!complete) {
        onStop.run();
      }
      if (pool != null) {
        pool.shutdownNow();
        try {
          pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "vmcompare-check");
          t.setDaemon(true);
          return t;
        });
  }

  private static <T> T result(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a try", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
