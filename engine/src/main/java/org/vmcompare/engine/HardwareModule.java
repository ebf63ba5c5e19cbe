package org.vmcompare.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Objects;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.sim.EventQueue;

/** Binds the shared simulated machine of one run: the same spec for every system variant. */
public final class HardwareModule extends AbstractModule {
  private final MachineSpec spec;

  public HardwareModule(MachineSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
  }

  @Override
  protected void configure() {
    bind(MachineSpec.class).toInstance(spec);
  }

  @Provides
  @Singleton
  Machine machine(MachineSpec machineSpec) {
    return new Machine(machineSpec);
  }

  @Provides
  @Singleton
  EventQueue events(Machine machine) {
    return new EventQueue(machine.clock());
  }
}
