package org.vmcompare.os;

import java.util.List;
import java.util.Objects;
import org.vmcompare.metrics.ProcessMetrics;
import org.vmcompare.state.ModelState;
import org.vmcompare.vm.AddressSpace;

/**
 * A simulated process as the OS sees it: pid, name, address space, attributes and life state.
 * Models hang their per-process state (a working set, a footprint peak, a jetsam band) on {@link
 * #modelState()}, under their own typed keys.
 */
public final class Proc {
  /** {@link #wakeAt} of a process that waits until it is woken, not until a time. */
  public static final long FOREVER = Long.MAX_VALUE;

  private final int pid;
  private final String name;
  private final Proc parent;
  private final AddressSpace space;
  private final ProcessOptions options;
  private ProcState state = ProcState.NOT_STARTED;
  private String endReason = "";
  private long minorFaults;
  private long majorFaults;
  private long startTime;
  private long wakeAt;
  private boolean yielding;
  private String hangReason;
  private final ModelState modelState = new ModelState();
  private ProcessMetrics metrics = NO_METRICS;

  private static final ProcessMetrics NO_METRICS = new ProcessMetrics(List.of());

  public Proc(int pid, String name, Proc parent, AddressSpace space, ProcessOptions options) {
    this.pid = pid;
    this.name = Objects.requireNonNull(name, "name is null");
    this.parent = parent;
    this.space = Objects.requireNonNull(space, "space is null");
    this.options = Objects.requireNonNull(options, "options is null");
  }

  public int pid() {
    return pid;
  }

  public String name() {
    return name;
  }

  public Proc parent() {
    return parent;
  }

  public AddressSpace space() {
    return space;
  }

  /**
   * The per-process options of this run's system, defaults filled in (a fork child has its
   * parent's); only the model that declared a key reads it.
   */
  public ProcessOptions options() {
    return options;
  }

  public ProcState state() {
    return state;
  }

  public boolean alive() {
    return state == ProcState.RUNNABLE || state == ProcState.SLEEPING;
  }

  public void setState(ProcState state) {
    this.state = Objects.requireNonNull(state, "state is null");
  }

  /** Why the process ended ("exit", "OOM killer", "segmentation fault at 0x…"). */
  public String endReason() {
    return endReason;
  }

  public void setEndReason(String reason) {
    this.endReason = reason;
  }

  public long minorFaults() {
    return minorFaults;
  }

  public long majorFaults() {
    return majorFaults;
  }

  public void countMinorFault() {
    minorFaults++;
  }

  public void countMajorFault() {
    majorFaults++;
  }

  public long startTime() {
    return startTime;
  }

  public void setStartTime(long time) {
    this.startTime = time;
  }

  /**
   * Simulated time before which the process does not run (a sleep or a block); {@link #FOREVER}
   * while it waits to be woken.
   */
  public long wakeAt() {
    return wakeAt;
  }

  public void setWakeAt(long time) {
    this.wakeAt = time;
  }

  /** Whether the process asked to give up the CPU ({@code Kernel.yield}); the engine clears it. */
  public boolean yielding() {
    return yielding;
  }

  public void setYielding(boolean yielding) {
    this.yielding = yielding;
  }

  /**
   * Why the process, asleep, hangs in a user's eyes ({@code Kernel.hang}: waiting at a dialog
   * nobody answers), or null while it runs or waits for an ordinary event. If the run ends with it
   * still waiting, it ends {@link ProcState#HUNG} with this reason instead of failing the run.
   */
  public String hangReason() {
    return hangReason;
  }

  public void setHangReason(String reason) {
    this.hangReason = reason;
  }

  /** The per-process state models keep here, each under its own {@code StateKey}. */
  public ModelState modelState() {
    return modelState;
  }

  /**
   * The values of the metrics this run's model declares per process ({@code
   * OsPersonality.processMetrics()}): RSS, working set, footprint and the like, with their peaks.
   */
  public ProcessMetrics metrics() {
    return metrics;
  }

  /** Set once by the kernel when it creates the process. */
  void attachMetrics(ProcessMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics is null");
  }

  @Override
  public String toString() {
    return name + "[" + pid + "]";
  }
}
