package org.vmcompare.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Proc;
import org.vmcompare.sim.Event;
import org.vmcompare.sim.EventQueue;

/**
 * The run's time series ({@code sampling.interval}): samples on a fixed grid of k × interval, so
 * the series of different systems line up. A sample is an event at {@link
 * EventQueue#PRIORITY_SAMPLE}, so it is taken after the first reference (or operation) that ends at
 * or after its grid time, and stamped with the grid time; the next is scheduled only while a
 * process is alive, so samples alone never keep a run going.
 */
final class Sampler {
  private final Kernel kernel;
  private final TimeSeries series;

  /** The next sample event while one is pending, else null. */
  private Event next;

  private Sampler(Kernel kernel) {
    this.kernel = kernel;
    this.series = new TimeSeries(kernel.metrics().gauges(), kernel.machine().memory().frames());
  }

  /**
   * Starts sampling every {@code interval} ns: the first sample now (time 0), the next at each grid
   * time while {@code anyAlive} says a process is alive.
   */
  static Sampler start(Kernel kernel, long interval, BooleanSupplier anyAlive) {
    Objects.requireNonNull(anyAlive, "anyAlive is null");
    Sampler s = new Sampler(kernel);
    s.take(0);
    s.next =
        kernel
            .events()
            .at(
                interval,
                EventQueue.PRIORITY_SAMPLE,
                "sample",
                new Runnable() {
                  private long k = 1;

                  @Override
                  public void run() {
                    s.take(k * interval);
                    k++;
                    s.next =
                        anyAlive.getAsBoolean()
                            ? kernel
                                .events()
                                .at(k * interval, EventQueue.PRIORITY_SAMPLE, "sample", this)
                            : null;
                  }
                });
    return s;
  }

  /** A sample stamped {@code time}: memory in use, live processes and every counter and gauge. */
  void take(long time) {
    long alive = kernel.processes().stream().filter(Proc::alive).count();
    series.sample(time, kernel.machine().memory().inUse(), alive, kernel.metrics());
  }

  /** Whether a sample event is pending. */
  boolean pending() {
    return next != null;
  }

  /** The series by column, for the result. */
  Map<String, List<Long>> columns() {
    return series.columns();
  }
}
