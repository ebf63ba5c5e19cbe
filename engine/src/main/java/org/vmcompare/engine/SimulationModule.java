package org.vmcompare.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Objects;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.RunInfo;

/** Binds one run's identity, workload, metrics, kernel facade and simulation. */
public final class SimulationModule extends AbstractModule {
  private final RunInfo run;
  private final Workload workload;
  private final RunProgress progress;
  private final RunObserver observer;
  private final FaultInjection faults;

  public SimulationModule(RunInfo run, Workload workload) {
    this(run, workload, RunProgress.NONE);
  }

  /** With {@code progress} told of the references the run makes, a quantum at a time. */
  public SimulationModule(RunInfo run, Workload workload, RunProgress progress) {
    this(run, workload, progress, RunObserver.NONE, FaultInjection.NONE);
  }

  /**
   * A run in checked mode: {@code observer} watches it from the inside, and the personality gets
   * {@code faults} to plant (test-only; {@link FaultInjection#NONE} otherwise).
   */
  public SimulationModule(
      RunInfo run,
      Workload workload,
      RunProgress progress,
      RunObserver observer,
      FaultInjection faults) {
    this.run = Objects.requireNonNull(run, "run is null");
    this.workload = Objects.requireNonNull(workload, "workload is null");
    this.progress = Objects.requireNonNull(progress, "progress is null");
    this.observer = Objects.requireNonNull(observer, "observer is null");
    this.faults = Objects.requireNonNull(faults, "faults is null");
  }

  @Override
  protected void configure() {
    bind(RunInfo.class).toInstance(run);
    bind(Workload.class).toInstance(workload);
    bind(RunProgress.class).toInstance(progress);
    bind(RunObserver.class).toInstance(observer);
    bind(FaultInjection.class).toInstance(faults);
    bind(Kernel.class).in(Singleton.class);
    bind(Simulation.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  Metrics metrics() {
    return new Metrics();
  }
}
