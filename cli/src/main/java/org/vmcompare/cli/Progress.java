package org.vmcompare.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr that appears only when the work has taken more than about two seconds
 * and stderr is a terminal, so quick runs and piped output stay clean.
 */
final class Progress implements AutoCloseable {
  private static final long DELAY_MS = 2000;

  private final String task;
  private final long total;
  private final ScheduledExecutorService timer;
  private ProgressBar bar;
  private long done;
  private boolean closed;

  private Progress(String task, long total, boolean enabled) {
    this.task = task;
    this.total = total;
    if (enabled) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
              });
      timer.schedule(this::show, DELAY_MS, TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  /**
   * Starts the delayed bar. Whether stderr is a terminal: the {@code ./vmcompare} script tells us
   * ({@code -Dvmcompare.stderr.tty}); run as a bare jar, Java only knows whether stdin and stdout
   * are, so the bar then also needs those.
   */
  static Progress start(String task, long total) {
    String tty = System.getProperty("vmcompare.stderr.tty");
    boolean enabled = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    return new Progress(task, total, enabled);
  }

  private synchronized void show() {
    if (closed || done >= total) {
      return;
    }
    bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .hideEta()
            .build();
    bar.stepTo(done);
  }

  synchronized void update(long finished) {
    done = Math.max(done, finished);
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
    if (bar != null) {
      bar.close();
    }
  }
}
