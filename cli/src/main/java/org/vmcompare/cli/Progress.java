package org.vmcompare.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of long work on stderr, counted in the work itself (references, not finished runs), so
 * it moves during one long run. Nothing appears for work shorter than about two seconds. On a
 * terminal it is a bar; otherwise (a log, a CI job) one line every few seconds.
 *
 * <p>The count is polled from the worker's own counter a few times a second, so the work never
 * waits for the display.
 */
final class Progress implements AutoCloseable {
  private static final long DELAY_MS = 2000;
  private static final long BAR_PERIOD_MS = 200;
  private static final long LINE_PERIOD_MS = 5000;

  private final String unit;
  private final long total;
  private final LongSupplier done;
  private final LongSupplier detail;
  private final String detailUnit;
  private final boolean terminal;
  private final PrintStream err;
  private final ScheduledExecutorService timer;
  private ProgressBar bar;
  private boolean closed;

  private Progress(
      String unit,
      long total,
      LongSupplier done,
      LongSupplier detail,
      String detailUnit,
      boolean terminal,
      boolean enabled,
      PrintStream err) {
    this.unit = unit;
    this.total = total;
    this.done = done;
    this.detail = detail;
    this.detailUnit = detailUnit;
    this.terminal = terminal;
    this.err = err;
    if (enabled) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
              });
      long period = terminal ? BAR_PERIOD_MS : LINE_PERIOD_MS;
      timer.scheduleAtFixedRate(
          this::tick, terminal ? DELAY_MS : LINE_PERIOD_MS, period, TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  /**
   * Shows the progress of {@code total} {@code unit}s (0 when the total is unknown), reading how
   * many are done from {@code done}, and optionally a second count ({@code detail}, such as runs
   * finished out of {@code detailTotal}) in the line form.
   */
  static Progress start(
      String unit, long total, LongSupplier done, LongSupplier detail, String detailUnit) {
    return new Progress(
        unit, total, done, detail, detailUnit, stderrIsTerminal(), true, System.err);
  }

  /** Progress of {@code total} {@code unit}s that the caller pushes with {@link #update}. */
  static Progress start(String unit, long total) {
    AtomicLong pushed = new AtomicLong();
    Progress p = start(unit, total, pushed::get, null, null);
    p.pushed = pushed;
    return p;
  }

  private AtomicLong pushed;

  /** For work that pushes its count rather than being polled. */
  void update(long finished) {
    if (pushed != null) {
      pushed.accumulateAndGet(finished, Math::max);
    }
  }

  /**
   * Whether stderr is a terminal: the {@code ./vmcompare} script tells us ({@code
   * -Dvmcompare.stderr.tty}); run as a bare jar, Java only knows whether stdin and stdout are, so
   * the bar then also needs those.
   */
  static boolean stderrIsTerminal() {
    String tty = System.getProperty("vmcompare.stderr.tty");
    return tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    long now = done.getAsLong();
    if (terminal) {
      if (total <= 0 || now >= total) {
        return;
      }
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName(unit)
                .setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setUnit(" " + unit, 1)
                .build();
      }
      bar.stepTo(Math.min(now, total));
    } else {
      err.println("vmcompare: " + line(now));
      err.flush();
    }
  }

  /** {@code 12.3M of 40.0M references (30%), 1 of 4 runs done}. */
  String line(long now) {
    StringBuilder sb = new StringBuilder(count(now));
    if (total > 0) {
      sb.append(" of ")
          .append(count(total))
          .append(' ')
          .append(unit)
          .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, now * 100 / total)));
    } else {
      sb.append(' ').append(unit);
    }
    if (detail != null) {
      sb.append(", ").append(detail.getAsLong()).append(' ').append(detailUnit);
    }
    return sb.toString();
  }

  /** A count as people read it: 812, 12.3k, 4.5M, 1.2G. */
  static String count(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    String[] units = {"k", "M", "G", "T"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f%s" : "%.0f%s", v, units[u]);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
    if (bar != null) {
      bar.stepTo(Math.min(done.getAsLong(), total));
      bar.close();
    }
  }
}
